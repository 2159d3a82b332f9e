"""The ledger arithmetic (fund.states), over plain values: the running balance after each entry is the
opening plus what came in minus what went out so far; the closing is opening + in − out."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.fund import states

entries = st.lists(st.tuples(st.sampled_from(states.KINDS), st.integers(min_value=1, max_value=10**12)),
                   max_size=40)


@given(st.integers(min_value=-10**12, max_value=10**12), entries)
def test_running_balance_is_opening_plus_in_minus_out(opening, rows):
    book = states.running(opening, rows)
    assert len(book.steps) == len(rows)
    seen_in = seen_out = 0
    for (kind, amount), step in zip(rows, book.steps, strict=True):
        seen_in += amount if states.SIGN[kind] > 0 else 0
        seen_out += amount if states.SIGN[kind] < 0 else 0
        assert step.balance == opening + seen_in - seen_out
        assert step.money_in + step.money_out == amount and min(step.money_in, step.money_out) == 0
    assert (book.total_in, book.total_out) == (seen_in, seen_out)
    assert book.closing == opening + seen_in - seen_out == (book.steps[-1].balance if rows else opening)
    assert book.closing - opening == states.balance_of(rows)
    assert book.lowest <= min([opening, book.closing])


@given(entries, entries)
def test_a_ledger_split_in_two_periods_carries_its_balance(first, second):
    whole = states.running(0, first + second)
    part = states.running(0, first)
    rest = states.running(part.closing, second)
    assert rest.closing == whole.closing
    assert [s.balance for s in part.steps + rest.steps] == [s.balance for s in whole.steps]


@pytest.mark.parametrize("row", [("payment", 0), ("payment", -5), ("gift", 5)])
def test_bad_entries_are_refused(row):
    with pytest.raises(ValueError):
        states.running(0, [row])


def test_sign_follows_the_kind():
    assert [states.signed(k, 7) for k in states.KINDS] == [7, -7, 7, -7]
