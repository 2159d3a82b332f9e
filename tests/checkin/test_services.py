"""The check-in service: idempotent by nonce, one check-in per delegate under races, error codes, undo, substitutes, walk-ins, audit."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django_scopes import scopes_disabled

from tests.checkin.conftest import build_day
from thidua.checkin import queries, seating_services, services
from thidua.checkin.models import CheckIn, Scan
from thidua.events import queries as event_queries
from thidua.events import services as event_services
from thidua.events.models import Delegate, present
from thidua.orgs.models import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


def _present(delegate) -> bool:
    return Delegate.objects.filter(present(), pk=delegate.pk).exists()


def _check(day, target, nonce, user="reception", desk="Bàn 1", **kw):
    with scopes_disabled():
        return services.check_in(day.world.users[user], target, desk, nonce, event=day.event, **kw)


def test_scan_checks_in_once_and_a_retry_gets_the_first_answer(day):
    token = day.token(day.ha)
    first = _check(day, token, "nonce-0001")
    assert first.code == "ok" and first.checkin is not None and not first.replay
    again = _check(day, token, "nonce-0001", desk="Bàn 2")
    assert again.code == "ok" and again.replay and again.checkin.pk == first.checkin.pk
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.ha).count() == 1
        assert _present(day.ha) and event_queries.board(day.event).total.checked_in == 1
        entry = AuditLog.objects.get(action="checkin.delegate.check_in")
    assert entry.object_id == str(day.ha.pk) and "Bàn 1" in entry.note


def test_second_desk_is_told_when_and_where(day):
    _check(day, day.token(day.ha), "nonce-0001", desk="Bàn 1")
    out = _check(day, f"https://x/hoi-nghi/qr/{day.token(day.ha)}", "nonce-0002", desk="Bàn 2")
    assert out.code == "already_checked_in"
    assert out.conflict.desk == "Bàn 1"
    assert "Bàn 1" in out.message and "giờ" in out.message
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.ha).count() == 1
        assert Scan.objects.get(nonce="nonce-0002").result == "already_checked_in"


@pytest.mark.parametrize("typed", ["xin chào", "", "1.2.3.4", "<script>alert(1)</script>"])
def test_garbage_is_refused_as_forged_with_a_clear_message(day, typed):
    out = _check(day, typed, "nonce-garbage")
    assert out.code == "forged" and out.delegate is None
    assert "quét lại" in out.message or "không hợp lệ" in out.message
    with scopes_disabled():
        assert not CheckIn.objects.exists()


def test_altered_token_is_forged(day):
    token = day.token(day.ha)
    out = _check(day, token[:-1] + ("A" if token[-1] != "A" else "B"), "nonce-forged")
    assert out.code == "forged"


def test_revoked_invitation(day):
    old = day.token(day.guest)
    with scopes_disabled():
        event_services.revoke_invitation(None, day.guest, "đổi người")
    out = _check(day, old, "nonce-revoked")
    assert out.code == "revoked" and "thu hồi" in out.message


def test_qr_of_another_event_and_of_another_authority(day):
    with scopes_disabled():
        other = event_services.add_delegate(None, day.other_event, {"category": day.other_event.categories.first(),
                                                                    "full_name": "Phạm Văn Đồng"})
    out = _check(day, day.token(other), "nonce-other")
    assert out.code == "wrong_event" and out.delegate.pk == other.pk
    foreign = _check(day, day.token(day.foreign), "nonce-foreign")
    assert foreign.code == "wrong_event" and foreign.delegate is None  # nothing told about another authority
    with scopes_disabled():
        assert not CheckIn.objects.exists()


def test_deleted_delegate_is_unknown(day):
    token = day.token(day.recipient)
    with scopes_disabled():
        event_services.remove_delegate(None, day.recipient)
    assert _check(day, token, "nonce-unknown").code == "unknown"


def test_dry_run_writes_nothing(day):
    out = _check(day, day.token(day.ha), "nonce-dry-1", dry_run=True)
    assert out.code == "ok" and out.dry_run and out.checkin is None
    with scopes_disabled():
        assert not CheckIn.objects.exists() and not Scan.objects.exists()
        assert not _present(day.ha)


def test_substitute_checks_in_under_the_invited_delegate(day):
    out = _check(day, day.token(day.anh), "nonce-subst")
    assert out.code == "ok" and out.checkin.attendee_name == "Lê Hữu Nghĩa"
    unannounced = _check(day, day.ha, "nonce-subst-2", attendee_name="  Phạm   Thị Ước ")
    assert unannounced.checkin.attendee_name == "Phạm Thị Ước"


def test_undo_needs_a_reason_and_frees_the_delegate(day):
    first = _check(day, day.token(day.ha), "nonce-0001")
    with scopes_disabled():
        with pytest.raises(ValidationFailed):
            services.undo_check_in(day.world.users["reception"], first.checkin, "  ")
        services.undo_check_in(day.world.users["reception"], first.checkin, "Bấm nhầm người cùng tên")
        assert not _present(day.ha) and event_queries.board(day.event).total.checked_in == 0
        with pytest.raises(ValidationFailed):
            services.undo_check_in(day.world.users["reception"], first.checkin, "lần nữa")
        assert AuditLog.objects.filter(action="checkin.delegate.undo").count() == 1
    again = _check(day, day.token(day.ha), "nonce-0003")
    assert again.code == "ok"
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.ha, status="valid").count() == 1
        assert CheckIn.objects.filter(delegate=day.ha).count() == 2
        board = event_queries.board(day.event)  # the undone check-in is not counted, nor the delegate twice
        assert board.total.checked_in == 1 and board.total.invited == Delegate.objects.filter(
            event=day.event, revoked=False).count()
        figures = queries.attendance(day.event)["total"]
        assert (figures["present"], figures["invited"]) == (1, board.total.invited)


def test_walk_in_is_added_and_checked_in_by_reception_and_the_secretariat_only(day):
    values = {"category": day.cats["b"], "full_name": "Võ Văn Tám", "position": "Chuyên viên",
              "unit_text": "Phòng Tư pháp"}
    with scopes_disabled():
        with pytest.raises(PermissionDenied):  # #20: reception receives walk-ins at its desk; a unit officer does not
            services.add_walk_in(day.world.users["unit_officer"], day.event, values, "Bàn 1", "nonce-walk-0")
        out = services.add_walk_in(day.world.users["secretariat"], day.event, values, "Bàn 1", "nonce-walk-1")
        assert out.code == "ok" and out.checkin.walk_in
        d = Delegate.objects.get(full_name="Võ Văn Tám")
        assert d.reply_status == "accepted" and _present(d)
        assert AuditLog.objects.filter(action="events.delegate.create", object_id=str(d.pk)).exists()


def test_other_roles_and_authorities_cannot_check_in(day):
    for role in ("unit_officer", "leader", "reviewer"):
        with pytest.raises(PermissionDenied):
            _check(day, day.token(day.ha), f"nonce-role-{role}", user=role)
    with pytest.raises(PermissionDenied):
        _check(day, day.token(day.ha), "nonce-other-auth", user="other_secretariat")


def test_bad_nonce_is_refused(day):
    for nonce in ("", "short", "x" * 65, "có dấu cách"):
        with pytest.raises(ValidationFailed):
            _check(day, day.token(day.ha), nonce)


def test_seat_assignment_and_manual_swap(day):
    from thidua.checkin import hall

    secretariat = day.world.users["secretariat"]
    with scopes_disabled():
        services.save_plan(secretariat, day.event, {"name": "Hội trường", "blocks": [
            {"code": "CT", "head": True, "rows": [{"label": "", "seats": 2}]},
            {"code": "T", "aisle": "right", "rows": [{"label": "A", "seats": 2, "reserve": ["a"]},
                                                     {"label": "B", "seats": 2, "awards": True},
                                                     {"label": "C", "seats": 4}]}]})
        services.set_seat(secretariat, day.ha, hall.seat_label("CT", "", 1))
        result = services.auto_assign(secretariat, day.event)
        seats = dict(Delegate.objects.filter(event=day.event).values_list("full_name", "seat"))
        assert seats["Nguyễn Văn Hạ"] == "CT-01"  # set by hand, kept
        assert seats["Trần Văn Thành"] == "T-A01"  # province row
        assert seats["Điểu Thị Lan"] == "T-B01"  # award row, next to the aisle
        assert seats["Trần Thị Ánh"] == "T-C01"
        assert not result.unplaced
        with pytest.raises(ValidationFailed, match="Ghế T-C01 đang có “Lê Hữu Nghĩa”"):  # nobody moved silently
            services.set_seat(secretariat, day.guest, "T-C01")
        seating_services.move_delegate(secretariat, Delegate.objects.get(pk=day.guest.pk), "T-C01", swap=True)
        seats = dict(Delegate.objects.filter(event=day.event).values_list("full_name", "seat"))
        assert seats["Trần Văn Thành"] == "T-C01" and seats["Trần Thị Ánh"] == "T-A01"
        with pytest.raises(ValidationFailed, match="đã xếp cho đại biểu khác"):  # the seat is one delegate's
            event_services.update_delegate(None, Delegate.objects.get(pk=day.recipient.pk), {"seat": "T-C01"})
        with pytest.raises(ValidationFailed):
            services.set_seat(secretariat, day.guest, "Z-Z99")
        with pytest.raises(ValidationFailed):
            services.save_plan(secretariat, day.event, {"blocks": [{"code": "T", "rows": [{"label": "A", "seats": 99}]}]})
        with pytest.raises(PermissionDenied):
            services.auto_assign(day.world.users["reception"], day.event)


def _busy_wait(call):
    """The test SQLite database is in memory with a shared cache, which answers "table is locked" at
    once instead of waiting like the production file database (WAL, busy_timeout): wait here."""
    import time

    from django.db import OperationalError

    for _ in range(400):
        try:
            return call()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_two_desks_same_delegate_same_second_count_once():
    """Threads with their own connections: on PostgreSQL `checkin_one_valid` keeps the second insert
    out and the loser asks again; on SQLite the immediate transactions serialise them. Exactly one
    check-in, the others are told who was first."""
    day = build_day()
    token = day.token(day.ha)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def desk(i):
        try:
            barrier.wait()
            with scopes_disabled():
                results.append(_busy_wait(lambda: services.check_in(
                    day.world.users["reception"], token, f"Bàn {i}", f"nonce-race-{i}", event=day.event).code))
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["already_checked_in"] * 5 + ["ok"]
    with scopes_disabled():
        assert CheckIn.objects.filter(delegate=day.ha).count() == 1
        assert Scan.objects.filter(event=day.event).count() == 6


@pytest.mark.django_db(transaction=True)
def test_replayed_queue_racing_itself_counts_once():
    day = build_day()
    token = day.token(day.guest)
    barrier = threading.Barrier(4)
    results, errors = [], []

    def upload():
        try:
            barrier.wait()
            with scopes_disabled():
                results.append(_busy_wait(lambda: services.check_in(
                    day.world.users["reception"], token, "Bàn 1", "same-nonce-1", event=day.event, offline=True)))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert {r.code for r in results} == {"ok"}
    assert len({r.checkin.pk for r in results}) == 1
    with scopes_disabled():
        assert CheckIn.objects.count() == 1 and Scan.objects.count() == 1
