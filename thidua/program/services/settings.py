"""The programme settings of an event."""

from __future__ import annotations

from django.db import transaction

from thidua.events.models import Event
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import User
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require

from .. import talkcheck
from ..models import (
    AwardBatch,
    ProgramSettings,
    Talk,
)
from .agenda import _recompute
from .base import settings_for

SETTING_FIELDS = ("talk_count", "talk_deadline", "talk_min_minutes", "talk_max_minutes", "words_per_minute",
                  "stage_size", "day_start", "day_end", "hall_width_cm", "hall_height_cm", "backdrop_title",
                  "backdrop_place_date")


@transaction.atomic
def update_settings(actor: User | None, event: Event, values: dict) -> ProgramSettings:
    require(actor, "program.manage_program")
    check_authority(actor, event)
    ps = settings_for(event)
    before = snapshot(ps)
    apply_fields(ps, values, SETTING_FIELDS)
    if ps.talk_count > 20:
        raise ValidationFailed("Số bài tham luận tối đa là 20.", "talk_count")
    if ps.talk_min_minutes > ps.talk_max_minutes:
        raise ValidationFailed("Thời lượng tối thiểu phải nhỏ hơn hoặc bằng tối đa.", "talk_min_minutes")
    if not 40 <= ps.words_per_minute <= 400:
        raise ValidationFailed("Tốc độ đọc phải từ 40 đến 400 chữ mỗi phút.", "words_per_minute")
    if not 1 <= ps.stage_size <= 50:
        raise ValidationFailed("Số người trên sân khấu mỗi đợt phải từ 1 đến 50.", "stage_size")
    crowded = [b for b in AwardBatch.objects.filter(event=event).prefetch_related("members")
               if len(b.members.all()) > ps.stage_size]
    if crowded:
        b = crowded[0]
        raise ValidationFailed(f"Đợt {b.position} đang có {len(b.members.all())} người, nhiều hơn {ps.stage_size} "
                               "chỗ trên sân khấu: hãy lập lại các đợt trao thưởng sau khi đổi.", "stage_size")
    if ps.hall_width_cm < 50 or ps.hall_height_cm < 50:
        raise ValidationFailed("Kích thước phông nền phải từ 50 cm trở lên.", "hall_width_cm")
    if ps.day_start and ps.day_end and ps.day_end <= ps.day_start:
        raise ValidationFailed("Giờ kết thúc phải sau giờ bắt đầu.", "day_end")
    ps.save()
    _recompute(event, ps)
    # talks already estimated follow a new pace
    for talk in Talk.objects.filter(event=event, word_count__gt=0):
        talk.minutes = talkcheck.speaking_minutes(talk.word_count, ps.words_per_minute)
        talk.save(update_fields=["minutes"])
    after = snapshot(ps)
    if after != before:
        log_action(actor, "program.settings.update", ps, before, after)
    return ps

