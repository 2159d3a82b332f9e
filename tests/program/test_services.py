"""Agenda, talks, batches and projector through the services, as the pages use them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from tests.program.conftest import GOOD_TALK, docx_bytes
from thidua import clock
from thidua.events.models import OutboxMail
from thidua.orgs.models import AuditLog
from thidua.orgs.services import ValidationFailed
from thidua.program import queries, services
from thidua.program.models import AgendaItem, AwardBatch, ItemKind, Talk, TalkStatus

pytestmark = pytest.mark.django_db


def _times(event):
    return [(i.start_time.strftime("%H:%M"), i.kind) for i in AgendaItem.objects.filter(event=event)]


def test_default_agenda_is_a_typical_summary_conference(conf):
    with scopes_disabled():
        items = services.create_default_agenda(conf.world.users["secretariat"], conf.event)
        kinds = [i.kind for i in items]
        assert kinds[:6] == [ItemKind.RECEPTION, ItemKind.PERFORMANCE, ItemKind.FLAG, ItemKind.INTRO,
                             ItemKind.OPENING, ItemKind.REPORT]
        assert kinds.count(ItemKind.TALK) == 3 and kinds[-1] == ItemKind.CLOSING
        assert kinds.index(ItemKind.AWARDS) < kinds.index(ItemKind.LAUNCH) < kinds.index(ItemKind.COVENANT)
        times = _times(conf.event)
        assert times[0] == ("07:30", ItemKind.RECEPTION) and times[2] == ("08:00", ItemKind.FLAG)
        # the invited units already hold the first two talk slots
        talks = [i for i in items if i.kind == ItemKind.TALK]
        assert talks[0].talk == conf.talk_a and talks[1].talk == conf.talk_b and talks[2].talk is None
        with pytest.raises(ValidationFailed, match="đã có chương trình"):
            services.create_default_agenda(None, conf.event)
        assert AuditLog.objects.filter(action="program.agenda.default").count() == 1


def test_reorder_recomputes_times_and_refuses_overlaps(conf):
    with scopes_disabled():
        items = services.create_default_agenda(None, conf.event)
        opening = next(i for i in items if i.kind == ItemKind.OPENING)
        services.move_item(None, opening, -1)  # before the introduction
        times = dict((k, t) for t, k in _times(conf.event))
        assert times[ItemKind.OPENING] == "08:05" and times[ItemKind.INTRO] == "08:15"
        # lengthening the welcome past the pinned flag salute is refused, nothing changes
        reception = AgendaItem.objects.get(event=conf.event, kind=ItemKind.RECEPTION)
        with pytest.raises(ValidationFailed, match="chồng giờ"):
            services.update_item(None, reception, {"duration_minutes": 45})
        assert AgendaItem.objects.get(pk=reception.pk).duration_minutes == 20
        # moving the flag salute (pinned 08:00) after the report would overlap: refused whole
        flag = AgendaItem.objects.get(event=conf.event, kind=ItemKind.FLAG)
        with pytest.raises(ValidationFailed):
            services.move_item(None, flag, 5)
        assert AgendaItem.objects.get(pk=flag.pk).start_time == dt.time(8, 0)


def test_overrun_and_nobody_in_charge_are_warned(conf):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        ps = services.update_settings(None, conf.event, {"day_end": dt.time(10, 0)})
        services.add_item(None, conf.event, {"kind": ItemKind.OTHER, "title": "Chiếu phim tư liệu",
                                             "duration_minutes": 10})
        view = queries.agenda_view(conf.event, ps)
    assert any("quá giờ dự kiến 10:00" in w for w in view.warnings)
    assert any("Chiếu phim tư liệu" in w and "chưa có người" in w for w in view.warnings)


def test_talk_from_upload_to_acceptance_slots_into_the_agenda(conf, settings):
    w = conf.world
    officer, reviewer = w.users["unit_officer"], w.users["reviewer"]
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        v1 = services.submit_file(officer, conf.talk_a, "tham luận.docx", docx_bytes(GOOD_TALK))
        assert v1.word_count == Talk.objects.get(pk=conf.talk_a.pk).word_count > 700
        assert (settings.MEDIA_ROOT / v1.file.name).exists()
        with pytest.raises(ValidationFailed, match="ghi rõ ý kiến"):
            services.review_talk(reviewer, conf.talk_a, "return", "")
        services.review_talk(reviewer, Talk.objects.get(pk=conf.talk_a.pk), "return", "Bớt số liệu, thêm giải pháp.")
        talk = Talk.objects.get(pk=conf.talk_a.pk)
        assert talk.status == TalkStatus.RETURNED
        v2 = services.submit_text(officer, talk, GOOD_TALK + " Xin cảm ơn.")
        assert v2.number == 2
        services.review_talk(reviewer, Talk.objects.get(pk=talk.pk), "accept")
        talk = Talk.objects.get(pk=talk.pk)
        assert talk.status == TalkStatus.ACCEPTED and talk.decided_by == reviewer
        item = AgendaItem.objects.get(talk=talk)
        assert item.duration_minutes == talk.duration_minutes == 6  # 5.8 minutes rounded up
        assert [n.action for n in talk.notes.all()] == ["invite", "submit", "return", "submit", "accept"]
        with pytest.raises(ValidationFailed, match="đã được duyệt"):
            services.submit_text(officer, talk, "Sửa thêm.")


def test_accepted_talk_without_a_free_slot_gets_its_own_item(conf):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        AgendaItem.objects.filter(event=conf.event, kind=ItemKind.TALK).delete()
        services.submit_text(None, conf.talk_b, " ".join(["chữ"] * 520))  # 4 minutes
        services.review_talk(None, Talk.objects.get(pk=conf.talk_b.pk), "accept")
        item = AgendaItem.objects.get(talk=conf.talk_b)
        report = AgendaItem.objects.get(event=conf.event, kind=ItemKind.REPORT)
        assert item.position == report.position + 1 and item.duration_minutes == 4


def test_unit_officer_cannot_submit_for_another_unit(conf):
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.submit_text(conf.world.users["unit_officer"], conf.talk_b, "Nội dung")
    with scopes_disabled(), pytest.raises(PermissionDenied):
        services.review_talk(conf.world.users["unit_officer"], conf.talk_a, "accept")


def test_talk_count_is_a_setting(conf):
    with scopes_disabled():
        services.update_settings(None, conf.event, {"talk_count": 2})
        with pytest.raises(ValidationFailed, match="Đã đủ 02 bài"):
            services.invite_talk(None, conf.event, conf.world.other_unit.__class__.objects.create(
                authority=conf.world.authority, code="z", name="Xã Thanh An"), "")


def test_reminders_go_to_units_that_have_not_sent(conf):
    with scopes_disabled():
        conf.world.unit_b.email = "vhxh@example.org"
        conf.world.unit_b.save()
        services.submit_text(None, conf.talk_a, GOOD_TALK)
        late = services.remind_late(conf.world.users["secretariat"], conf.event)
        assert [t.organisation for t in late] == [conf.world.unit_b]
        mail = OutboxMail.objects.get(event=conf.event)
        assert mail.to == "vhxh@example.org" and "28/3/2025" in mail.body and mail.status == "draft"
        assert Talk.objects.get(pk=conf.talk_b.pk).reminder_count == 1


def test_batches_from_decisions_highest_first_within_the_stage(conf, decisions):
    with scopes_disabled():
        batches = services.build_batches(conf.world.users["secretariat"], conf.event)
        sizes = [b.members.count() for b in batches]
        assert sizes == [3, 7, 6]
        first = batches[0]
        assert first.decision_number == "12/QĐ-UBND" and first.presenter_name == "Nguyễn Văn Hạ"
        assert [m.kind for m in first.members.all()] == ["collective", "individual", "individual"]
        assert batches[-1].presenter_name == "Lê Thị Thu"
        # a batch may not hold more than the stage
        services.update_settings(None, conf.event, {"stage_size": 7})
        member = batches[2].members.first()
        with pytest.raises(ValidationFailed, match="đã có 7 người; sân khấu chỉ đủ 7"):
            services.move_member(None, member, batches[1])
        with pytest.raises(ValidationFailed, match="Đợt 2 đang có 7 người, nhiều hơn 6"):
            services.update_settings(None, conf.event, {"stage_size": 6})
        services.update_settings(None, conf.event, {"stage_size": 10})
        services.move_member(None, member, batches[1])
        assert [b.members.count() for b in AwardBatch.objects.filter(event=conf.event)] == [3, 8, 5]


def test_no_decisions_no_batches(conf):
    with scopes_disabled(), pytest.raises(ValidationFailed, match="Chưa có quyết định"):
        services.build_batches(None, conf.event)


def test_countdown_stores_end_time_running_and_seconds_left_paused(conf):
    with scopes_disabled():
        services.create_default_agenda(None, conf.event)
        item = AgendaItem.objects.filter(event=conf.event, kind=ItemKind.TALK).first()
        start = dt.datetime(2025, 4, 10, 8, 50, tzinfo=dt.UTC)
        with clock.as_of(start):
            ps = services.projector_show(None, conf.event, item=item)
            assert ps.timer_total == 7 * 60
            ps = services.timer(None, conf.event, "start")
            assert ps.timer_ends_at == start + dt.timedelta(minutes=7) and ps.timer_remaining is None
        with clock.as_of(start + dt.timedelta(seconds=100)):
            ps = services.timer(None, conf.event, "pause")
            assert ps.timer_ends_at is None and ps.timer_remaining == 320
        with clock.as_of(start + dt.timedelta(minutes=30)):
            ps = services.timer(None, conf.event, "resume")
            assert ps.timer_ends_at == start + dt.timedelta(minutes=30, seconds=320)
            assert services.remaining_seconds(ps) == 320
        with pytest.raises(ValidationFailed):
            services.timer(None, conf.event, "resume")
        with pytest.raises(PermissionDenied):
            services.timer(conf.world.users["reception"], conf.event, "pause")
