"""Pure rules: the quota board and reply transitions (property-based)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.events import quota, states


@st.composite
def category(draw, code="a"):
    quota_ = draw(st.integers(0, 300))
    accepted = draw(st.integers(0, 100))
    declined = draw(st.integers(0, 100))
    substitute = draw(st.integers(0, 100))
    pending = draw(st.integers(0, 100))
    invited = accepted + declined + substitute + pending
    checked = draw(st.integers(0, accepted + substitute))
    return quota.CategoryCount(code, f"TP {code}", quota_, invited, accepted, declined, substitute, checked)


@settings(max_examples=150)
@given(st.lists(category(), min_size=0, max_size=6), st.one_of(st.none(), st.integers(1, 600)))
def test_board_totals_and_warnings(rows, capacity):
    b = quota.board(rows, capacity)
    assert b.total.invited == sum(r.invited for r in rows)
    assert b.total.pending == sum(r.pending for r in rows) and b.total.pending >= 0
    assert b.total.expected + b.total.declined == b.total.invited
    over = [r for r in rows if r.invited > r.quota]
    assert sum("vượt dự kiến" in w for w in b.warnings) == len(over)
    hall = any("sức chứa" in w for w in b.warnings)
    assert hall == (capacity is not None and (b.total.expected > capacity or b.total.quota > capacity))


def test_seed_defaults_total_280():
    assert quota.DEFAULT_TOTAL == 280
    assert [c[0] for c in quota.DEFAULT_CATEGORIES] == ["a", "b", "c", "d"]


@settings(max_examples=100)
@given(st.sampled_from(states.STATUSES), st.sampled_from([*states.STATUSES, "maybe"]), st.text(max_size=5),
       st.booleans())
def test_reply_rules(current, new, sub, by_link):
    error = states.reply_error(current, new, sub, by_link)
    if by_link and current != states.PENDING:
        assert error is not None  # the personal link answers only once
    if new == states.SUBSTITUTE and not sub.strip():
        assert error is not None
    if new == "maybe":
        assert error == "Câu trả lời không hợp lệ."
    if (not by_link and current == states.PENDING and new in (states.ACCEPTED, states.DECLINED)):
        assert error is None


def test_placeholder_counts():
    assert quota.placeholder_counts(0, 2) == 2
    assert quota.placeholder_counts(3, 2) == 0


@pytest.mark.parametrize(("level", "word"), [("tinh", ""), ("xa", "xã"), ("xa", "phường"), ("xa", "đặc khu"),
                                             ("so", "")])
def test_default_categories_speak_the_hosts_level(level, word):
    cats = quota.default_categories(level, word)
    text = " ".join(f"{name} {description}" for _code, name, _size, description in cats)
    assert "huyện" not in text.casefold() and "thị trấn" not in text
    assert [c[0] for c in cats] == ["a", "b", "c", "d"] and sum(c[2] for c in cats) == 280
    if word:
        assert f"Đại biểu {word}" in text
