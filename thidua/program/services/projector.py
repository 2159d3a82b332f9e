"""The projector: what is shown and the speaker's countdown."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, check_authority, require

from ..models import (
    AgendaItem,
    AwardBatch,
    ItemKind,
    ProgramSettings,
)
from .base import settings_for


def _projector_save(actor: User | None, ps: ProgramSettings, before: dict, code: str) -> ProgramSettings:
    ps.projector_version += 1
    ps.save()
    log_action(actor, code, ps, before, snapshot(ps))
    return ps


def remaining_seconds(ps: ProgramSettings, now: dt.datetime | None = None) -> int:
    if ps.timer_ends_at is not None:
        now = now or clock.now()
        return max(0, int(round((ps.timer_ends_at - now).total_seconds())))
    if ps.timer_remaining is not None:
        return ps.timer_remaining
    return ps.timer_total


@transaction.atomic
def projector_show(actor: User | None, event: Event, item: AgendaItem | None = None,
                   batch: AwardBatch | None = None, note: str | None = None) -> ProgramSettings:
    """Show an agenda item (and its batch) on the projector; a talk's timer is set to its length."""
    require(actor, "program.operate_projector")
    check_authority(actor, event)
    ps = ProgramSettings.objects.select_for_update().get(pk=settings_for(event).pk)
    before = snapshot(ps)
    if item is not None and item.event_id != event.pk or batch is not None and batch.event_id != event.pk:
        raise ValidationFailed("Mục hoặc đợt thuộc hội nghị khác.", "item")
    if item is None and batch is None and note is not None:
        ps.projector_note = note
        return _projector_save(actor, ps, before, "program.projector.note")
    ps.current_item = item
    ps.current_batch = batch or (item.batch if item is not None and item.batch_id else None)
    if note is not None:
        ps.projector_note = note
    if item is not None:
        minutes = item.duration_minutes
        if item.talk_id and item.talk.minutes:
            minutes = min(item.duration_minutes, ps.talk_max_minutes) if item.kind == ItemKind.TALK else minutes
        ps.timer_total, ps.timer_ends_at, ps.timer_remaining = minutes * 60, None, None
    return _projector_save(actor, ps, before, "program.projector.show")


@transaction.atomic
def timer(actor: User | None, event: Event, action: str, seconds: int | None = None) -> ProgramSettings:
    """start (from the full length or `seconds`), pause, resume, reset: a running countdown stores its
    end time, a paused one the seconds left."""
    require(actor, "program.operate_projector")
    check_authority(actor, event)
    ps = ProgramSettings.objects.select_for_update().get(pk=settings_for(event).pk)
    before = snapshot(ps)
    now = clock.now()
    if action == "start":
        if seconds is not None:
            if not 0 < seconds <= 8 * 3600:
                raise ValidationFailed("Thời gian đếm ngược phải từ 1 giây đến 8 giờ.", "seconds")
            ps.timer_total = seconds
        if not ps.timer_total:
            raise ValidationFailed("Chưa đặt thời gian cho đồng hồ.", "seconds")
        ps.timer_ends_at, ps.timer_remaining = now + dt.timedelta(seconds=ps.timer_total), None
    elif action == "pause":
        if ps.timer_ends_at is None:
            raise ValidationFailed("Đồng hồ không chạy.", "timer")
        ps.timer_remaining, ps.timer_ends_at = remaining_seconds(ps, now), None
    elif action == "resume":
        if ps.timer_remaining is None:
            raise ValidationFailed("Đồng hồ không ở trạng thái tạm dừng.", "timer")
        ps.timer_ends_at, ps.timer_remaining = now + dt.timedelta(seconds=ps.timer_remaining), None
    elif action == "reset":
        ps.timer_ends_at, ps.timer_remaining = None, None
    else:
        raise ValidationFailed("Thao tác đồng hồ không hợp lệ.", "timer")
    return _projector_save(actor, ps, before, f"program.timer.{action}")

