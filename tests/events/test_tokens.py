"""The QR token and the reply token: signed, bound to the delegate and the event, revocable."""

import pytest
from django_scopes import scopes_disabled

from thidua.events import services, tokens

pytestmark = pytest.mark.django_db


def test_token_round_trip_and_is_short(conf):
    token = tokens.make_token(conf.mine)
    assert len(token) < 80 and len(tokens.qr_url(conf.mine, "https://tdkt.honquan.gov.vn")) < 110
    delegate, code = tokens.verify_token(token, conf.event)
    assert (delegate.pk, code) == (conf.mine.pk, None)
    assert tokens.verify_token(token) == (delegate, None)


def test_altered_or_made_up_tokens_are_forged(conf):
    token = tokens.make_token(conf.mine)
    head, sig = token.rsplit(".", 1)
    other_id = tokens.b62(conf.theirs.pk)
    parts = head.split(".")
    tampered = f"{parts[0]}.{other_id}.{parts[2]}.{sig}"
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (tampered, flipped, "", "abc", "1.2.3", token + "x", "../../etc/passwd"):
        assert tokens.verify_token(bad, conf.event) == (None, "forged"), bad


def test_reply_token_is_not_a_qr_token_and_vice_versa(conf):
    assert tokens.verify_token(tokens.make_reply_token(conf.mine))[1] == "forged"
    assert tokens.verify_reply_token(tokens.make_token(conf.mine))[1] == "forged"
    assert tokens.verify_reply_token(tokens.make_reply_token(conf.mine))[0].pk == conf.mine.pk


def test_reissue_and_revoke_invalidate_old_tokens(conf):
    old = tokens.make_token(conf.mine)
    with scopes_disabled():
        services.reissue_invitation(None, conf.mine)
    assert tokens.verify_token(old, conf.event) == (None, "revoked")
    new = tokens.make_token(conf.mine)
    assert tokens.verify_token(new, conf.event)[1] is None
    with scopes_disabled():
        services.revoke_invitation(None, conf.mine)
    assert tokens.verify_token(new, conf.event) == (None, "revoked")
    assert tokens.verify_token(tokens.make_token(conf.mine), conf.event) == (None, "revoked")


def test_wrong_event_and_unknown(conf):
    token = tokens.make_token(conf.mine)
    assert tokens.verify_token(token, conf.other_event) == (None, "wrong_event")
    gone = tokens.make_token(conf.theirs)  # printed before the delegate was removed from the list
    with scopes_disabled():
        services.remove_delegate(None, conf.theirs)
    assert tokens.verify_token(gone, conf.event) == (None, "unknown")


def test_base62_round_trip():
    for n in (0, 1, 61, 62, 3843, 10**9):
        assert tokens.unb62(tokens.b62(n)) == n
