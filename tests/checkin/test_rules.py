"""The pure rules: hall plan validation, seat assignment, scanner input, arrivals curve."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.checkin import hall, scanner

CATS = ["a", "b", "c", "d"]


@st.composite
def plans(draw):
    blocks = []
    for bi in range(draw(st.integers(1, 3))):
        rows = []
        for ri in range(draw(st.integers(1, 5))):
            row = {"label": "ABCDEFGHIK"[ri], "seats": draw(st.integers(1, 9))}
            kind = draw(st.sampled_from(["open", "open", "reserve", "awards"]))
            if kind == "reserve":
                row["reserve"] = draw(st.lists(st.sampled_from(CATS), min_size=1, max_size=2, unique=True))
            elif kind == "awards":
                row["awards"] = True
            rows.append(row)
        blocks.append({"code": "TGP"[bi], "aisle": draw(st.sampled_from(hall.AISLES)), "rows": rows})
    if draw(st.booleans()):
        blocks.append({"code": "CT", "head": True, "rows": [{"label": "", "seats": draw(st.integers(1, 5))}]})
    return hall.validate_plan({"name": "Hội trường", "blocks": blocks}, CATS)


@st.composite
def guests(draw, labels):
    n = draw(st.integers(0, 60))
    out = []
    for i in range(n):
        cat = draw(st.sampled_from(CATS))
        rank = draw(st.one_of(st.none(), st.integers(0, 30))) if cat == "d" else None
        locked = draw(st.one_of(st.none(), st.sampled_from(labels))) if labels and draw(st.integers(0, 9)) == 0 else None
        out.append(hall.Guest(i + 1, cat, CATS.index(cat), draw(st.integers(0, 50)), rank, locked))
    return out


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_assignment_invariants(data):
    plan = data.draw(plans())
    seats = hall.seats(plan)
    by_label = {s.label: s for s in seats}
    people = data.draw(guests([s.label for s in seats]))
    result = hall.assign(seats, people)
    # nobody shares a seat, every seat exists, nobody is both placed and unplaced
    assert len(set(result.seats.values())) == len(result.seats)
    assert set(result.seats.values()) <= set(by_label)
    assert not set(result.seats) & set(result.unplaced)
    assert set(result.seats) | set(result.unplaced) == {g.id for g in people}
    locked_kept = set()
    for g in people:
        if g.locked_seat and g.locked_seat not in locked_kept:
            assert result.seats[g.id] == g.locked_seat  # set by hand: kept
            locked_kept.add(g.locked_seat)
    for g in people:
        seat = by_label.get(result.seats.get(g.id, ""))
        if seat is None or g.locked_seat == seat.label:
            continue
        assert not seat.head  # the presidium is filled by hand only
        if seat.awards:
            assert g.award_rank is not None
        elif seat.reserve:
            assert g.category in seat.reserve
    # award rows: an earlier batch never sits behind or further from the aisle than a later one
    awarded = sorted((g for g in people if g.id in result.seats and by_label[result.seats[g.id]].awards
                      and g.locked_seat != result.seats[g.id]), key=lambda g: (g.award_rank, g.category_order, g.order, g.id))
    keys = [by_label[result.seats[g.id]].fill_key for g in awarded]
    assert keys == sorted(keys)
    # nobody is left standing while an open seat is free
    if result.unplaced:
        taken = set(result.seats.values())
        assert all(s.label in taken for s in seats if not s.head and not s.reserve and not s.awards)


@settings(max_examples=100, deadline=None)
@given(plans())
def test_seats_labels_unique_and_numbered_from_the_aisle(plan):
    seats = hall.seats(plan)
    assert len({s.label for s in seats}) == len(seats)
    for s in seats:
        if plan["blocks"][s.block_index]["aisle"] != "both":
            assert s.aisle_distance == s.number - 1


def test_demo_hall_has_room_for_280():
    plan = hall.validate_plan(hall.hon_quan_hall(), CATS)
    assert hall.capacity(plan) == 300
    assert sum(1 for s in hall.seats(plan) if s.head) == 7


@pytest.mark.parametrize("bad,message", [
    ([], "đối tượng"),
    ({"blocks": []}, "ít nhất một dãy"),
    ({"blocks": [{"code": "T", "rows": [{"label": "A", "seats": 0}]}]}, "số ghế"),
    ({"blocks": [{"code": "T", "rows": [{"label": "A", "seats": 5}, {"label": "A", "seats": 5}]}]}, "bị trùng"),
    ({"blocks": [{"code": "T", "rows": [{"label": "A", "seats": 5, "reserve": ["z"]}]}]}, "“z”"),
    ({"blocks": [{"code": "T", "aisle": "middle", "rows": [{"label": "A", "seats": 5}]}]}, "lối đi"),
    ({"blocks": [{"code": "t t", "rows": [{"label": "A", "seats": 5}]}]}, "mã dãy"),
])
def test_bad_plans_are_refused_in_vietnamese(bad, message):
    with pytest.raises(hall.PlanError) as exc:
        hall.validate_plan(bad, CATS)
    assert message in str(exc.value)


TOKEN = "1.2.AbCdEfGhIjKl.abcdefghijklmnopqrstuv"


@pytest.mark.parametrize("typed", [TOKEN, f"  {TOKEN}\n", f"https://tdkt.honquan.gov.vn/hoi-nghi/qr/{TOKEN}",
                                   f"http://x/hoi-nghi/qr/{TOKEN}/", f"/hoi-nghi/qr/{TOKEN}?utm=1"])
def test_scanner_input_gives_the_token(typed):
    assert scanner.extract_token(typed) == TOKEN


@given(st.text(max_size=80))
@settings(max_examples=200)
def test_garbage_never_crashes_and_is_never_a_token_without_three_dots(text):
    token = scanner.extract_token(text)
    assert token is None or token.count(".") == 3


def test_garbage_is_refused():
    for typed in ["", "   ", "xin chào", "1.2.3", "<script>", "a" * 500, "https://example.org/qr/abc"]:
        assert scanner.extract_token(typed) is None


@given(st.lists(st.integers(-30, 200), max_size=100))
@settings(max_examples=100)
def test_arrivals_count_everyone_once(minutes):
    start = dt.datetime(2025, 4, 10, 6, 30)
    times = [start + dt.timedelta(minutes=m) for m in minutes]
    curve = scanner.arrivals(times, start, start + dt.timedelta(minutes=90))
    assert sum(c for _, c, _ in curve) == len(times)
    assert curve[-1][2] == len(times)
    assert [cum for _, _, cum in curve] == sorted(cum for _, _, cum in curve)
