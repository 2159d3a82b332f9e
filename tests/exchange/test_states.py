"""The dossier's state table (pure): every reachable state, every move, by the right side only."""

from hypothesis import given
from hypothesis import strategies as st

from thidua.exchange import states

ACTIONS = st.sampled_from(sorted(states.TRANSITIONS))
SIDES = st.sampled_from([states.SENDER, states.RECEIVER, states.SYSTEM])
STATES = st.sampled_from(sorted(states.STATE_LABELS))


@given(STATES, ACTIONS, SIDES, st.text(max_size=20))
def test_a_move_is_allowed_exactly_by_the_table(state, action, side, reason):
    t = states.TRANSITIONS[action]
    ok = side == t.by and state in t.sources and (not t.needs_reason or reason.strip())
    try:
        target = states.move(state, action, side, reason)
    except states.TransitionError as exc:
        assert not ok and str(exc)
    else:
        assert ok and target == t.target


@given(st.lists(st.tuples(ACTIONS, SIDES), max_size=30))
def test_any_walk_stays_in_known_states_and_decided_is_final(steps):
    state, seen = states.DRAFT, []
    for action, side in steps:
        try:
            state = states.move(state, action, side, "lý do")
        except states.TransitionError:
            continue
        seen.append(state)
        assert state in states.STATE_LABELS
    if states.DECIDED in seen:
        assert state == states.DECIDED  # nothing leaves a decided dossier
    assert not states.actions_from(states.DECIDED, states.SENDER)
    assert not states.actions_from(states.DECIDED, states.RECEIVER)


def test_the_happy_path_with_a_return():
    s = states.DRAFT
    for action, side in (("send", "sender"), ("return", "receiver"), ("resend", "sender"), ("receive", "receiver"),
                         ("appraise", "receiver"), ("to_council", "receiver"), ("decide", "system")):
        s = states.move(s, action, side, "Thiếu biên bản")
    assert s == states.DECIDED
    assert not states.visible_to_receiver(states.DRAFT) and states.visible_to_receiver(states.RETURNED)
