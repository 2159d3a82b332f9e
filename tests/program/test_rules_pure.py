"""The pure rules: agenda times, batching, speaking time and the report-like heuristic."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.program import batching, talkcheck, timing
from thidua.vn.reading import speaking_range_check

durations = st.lists(st.integers(min_value=0, max_value=120), max_size=30)


@settings(max_examples=200)
@given(start=st.integers(min_value=0, max_value=600), ds=durations)
def test_schedule_without_pins_is_back_to_back(start, ds):
    slots = timing.schedule(start, [(d, None) for d in ds])
    assert [s.end - s.start for s in slots] == ds
    for a, b in zip(slots, slots[1:], strict=False):
        assert b.start == a.end
    if slots:
        assert slots[0].start == start and slots[-1].end == start + sum(ds)


@settings(max_examples=200)
@given(start=st.integers(min_value=0, max_value=600),
       items=st.lists(st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 1200))), max_size=20))
def test_schedule_never_overlaps_or_refuses(start, items):
    try:
        slots = timing.schedule(start, items)
    except timing.Overlap as exc:
        # the refused item really is pinned before the end of what precedes it
        assert items[exc.index][1] is not None and exc.fixed < exc.previous_end
        return
    for (d, fixed), slot in zip(items, slots, strict=True):
        assert slot.end - slot.start == d
        if fixed is not None:
            assert slot.start == fixed
    for a, b in zip(slots, slots[1:], strict=False):
        assert b.start >= a.end


def test_pinned_item_leaves_a_gap_and_an_early_pin_is_an_overlap():
    slots = timing.schedule(450, [(20, 450), (5, 480), (10, None)])
    assert [(timing.hm(s.start), timing.hm(s.end)) for s in slots] == [("07:30", "07:50"), ("08:00", "08:05"),
                                                                      ("08:05", "08:15")]
    with pytest.raises(timing.Overlap) as exc:
        timing.schedule(450, [(40, 450), (5, 480)])
    assert exc.value.index == 1 and timing.hm(exc.value.previous_end) == "08:10"


@settings(max_examples=200)
@given(seq=st.lists(st.integers(), min_size=1, max_size=15), data=st.data())
def test_move_is_a_permutation_and_lands_where_asked(seq, data):
    i = data.draw(st.integers(0, len(seq) - 1))
    delta = data.draw(st.integers(-20, 20))
    out = timing.move(seq, i, delta)
    assert sorted(out) == sorted(seq)
    assert out[min(max(i + delta, 0), len(seq) - 1)] == seq[i]


def test_overrun_counts_minutes_past_the_end():
    assert timing.overrun([timing.Slot(600, 680)], 660) == 20
    assert timing.overrun([timing.Slot(600, 650)], 660) == 0


entries = st.lists(st.builds(batching.Entry, group=st.sampled_from(["a", "b", "c", "d"]),
                             rank=st.just(0), kind=st.sampled_from(["collective", "individual", "household"])),
                   max_size=60)


def _ranked(es):
    ranks = {"a": 90, "b": 85, "c": 85, "d": 50}
    return [batching.Entry(e.group, ranks[e.group], e.kind) for e in es]


@settings(max_examples=200)
@given(es=entries, size=st.integers(1, 15))
def test_batches_cover_everyone_once_within_the_stage_highest_first(es, size):
    es = _ranked(es)
    batches = batching.make_batches(es, size)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(len(es)))
    assert all(1 <= len(b) <= size for b in batches)
    assert all(len({es[i].group for i in b}) == 1 for b in batches)  # one form of one decision per batch
    ranks = [es[b[0]].rank for b in batches]
    assert ranks == sorted(ranks, reverse=True)
    for b in batches:  # collectives before individuals on stage
        order = [batching.KIND_ORDER[es[i].kind] for i in b]
        assert order == sorted(order)
    for g in {e.group for e in es}:  # as few batches per form as the stage allows, of even sizes
        sizes = [len(b) for b in batches if es[b[0]].group == g]
        assert len(sizes) == math.ceil(sum(sizes) / size)
        assert max(sizes) - min(sizes) <= 1


def test_thirteen_on_a_ten_person_stage_is_seven_and_six():
    es = [batching.Entry("gk", 50, "individual")] * 13
    assert [len(b) for b in batching.make_batches(es, 10)] == [7, 6]


@settings(max_examples=200)
@given(b=st.integers(0, 40), p=st.integers(0, 10))
def test_presenters_follow_seniority(b, p):
    out = batching.assign_presenters(b, p)
    if b == 0 or p == 0:
        assert out == []
        return
    assert len(out) == b and out[0] == 0
    assert out == sorted(out) and all(0 <= x < p for x in out)
    if b >= p:
        assert set(out) == set(range(p))  # every leader presents at least one batch


words = st.lists(st.sampled_from(["khó", "khăn", "bài", "học", "2024", "đơn", "vị", "–", "giải", "pháp", "95%"]),
                 max_size=2000)


@settings(max_examples=200)
@given(ws=words, wpm=st.integers(40, 400), lo=st.integers(1, 10), extra=st.integers(0, 5))
def test_speaking_flag_agrees_with_vn_reading(ws, wpm, lo, extra):
    text = " ".join(ws)
    n = talkcheck.word_count(text)
    assert talkcheck.speaking_flag(n, wpm, lo, lo + extra) == speaking_range_check(text, lo, lo + extra, wpm)


def test_a_780_word_talk_at_130_words_a_minute_is_six_minutes():
    text = " ".join(["chữ"] * 780)
    assert talkcheck.speaking_minutes(talkcheck.word_count(text), 130) == 6
    assert talkcheck.speaking_flag(780, 130, 5, 7) == "ok"
    assert talkcheck.speaking_flag(1000, 130, 5, 7) == "long"
    assert talkcheck.speaking_flag(500, 130, 5, 7) == "short"


REPORT = ("Năm 2024 đơn vị đạt 98,5% kế hoạch, thu ngân sách 12.340 triệu đồng, vượt 15% chỉ tiêu; 100% hộ dân được "
          "tuyên truyền; có 35 cá nhân đạt danh hiệu Lao động tiên tiến, 7 Chiến sĩ thi đua cơ sở, 3 Bằng khen của "
          "Chủ tịch UBND tỉnh, 12 Giấy khen; tỷ lệ hộ nghèo giảm còn 1,2%, 96% trẻ em đến trường, 87% xã đạt chuẩn. ")


def test_an_achievements_report_is_flagged_and_a_talk_about_lessons_is_not():
    report = talkcheck.report_hints(REPORT * 3)
    assert report.report_like
    assert report.percentages >= 5 and report.awards >= 5
    assert any("báo cáo thành tích" in m for m in report.messages)
    talk = talkcheck.report_hints("Kính thưa quý vị. Chúng tôi gặp nhiều khó khăn, vướng mắc; bài học kinh nghiệm "
                                  "là phải sâu sát cơ sở; giải pháp là đổi mới cách làm. " * 20)
    assert not talk.report_like and talk.lessons >= 20
    assert not talkcheck.report_hints("").report_like


@settings(max_examples=200)
@given(ws=words)
def test_hints_are_accent_and_form_insensitive(ws):
    import unicodedata

    text = " ".join(ws)
    assert talkcheck.report_hints(text) == talkcheck.report_hints(unicodedata.normalize("NFD", text))


@settings(max_examples=100)
@given(ws=words)
def test_more_lessons_never_make_a_text_more_report_like(ws):
    text = " ".join(ws)
    before = talkcheck.report_hints(text)
    after = talkcheck.report_hints(text + " khó khăn bài học kinh nghiệm giải pháp" * 3)
    assert after.lessons > before.lessons
    assert not (after.report_like and not before.report_like)
