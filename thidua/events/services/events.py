"""Conferences and their delegate categories."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.officialdom import locality_word
from thidua.orgs.services import ValidationFailed, apply_fields, check_authority, require
from thidua.orgs.wording import locality_of
from thidua.vn import normalise

from .. import quota
from ..models import DelegateCategory, Event, EventKind, EventStatus

# --- events --------------------------------------------------------------------------------

EVENT_FIELDS = ("slug", "title", "kind", "organiser", "closes_year", "launches_year", "date", "tentative_month",
                "tentative_year", "start_time", "end_time", "venue", "capacity", "chair", "purpose", "contents",
                "status", "invitation_code", "invitation_date", "signer", "contact", "parking_car",
                "parking_motorbike", "reply_by", "reply_link_until", "site_url")


def _validate_event(event: Event) -> None:
    if not normalise.clean_text(event.title):
        raise ValidationFailed("Tên hội nghị không được để trống.", "title")
    if not event.slug:
        raise ValidationFailed("Cần mã hội nghị (chữ thường, số, gạch nối).", "slug")
    if Event.objects.filter(authority_id=event.authority_id, slug=event.slug).exclude(pk=event.pk).exists():
        raise ValidationFailed(f"Mã hội nghị “{event.slug}” đã dùng cho hội nghị khác.", "slug")
    if event.start_time and event.end_time and event.end_time <= event.start_time:
        raise ValidationFailed("Giờ kết thúc phải sau giờ bắt đầu.", "end_time")
    if event.tentative_month is not None and not 1 <= event.tentative_month <= 12:
        raise ValidationFailed("Tháng dự kiến phải từ 1 đến 12.", "tentative_month")
    if event.organiser is not None and event.organiser.authority_id != event.authority_id:
        raise ValidationFailed("Đơn vị tổ chức thuộc cơ quan khác.", "organiser")
    if event.signer is not None and event.signer.authority_id != event.authority_id:
        raise ValidationFailed("Người ký thuộc cơ quan khác.", "signer")
    if event.status not in EventStatus.values:
        raise ValidationFailed("Trạng thái không hợp lệ.", "status")
    if event.kind not in EventKind.values:
        raise ValidationFailed("Loại hội nghị không hợp lệ.", "kind")


@transaction.atomic
def create_event(actor: User | None, authority: Authority, values: dict, default_categories: bool = True) -> Event:
    require(actor, "events.manage_events")
    check_authority(actor, authority.pk)
    event = Event(authority=authority)
    apply_fields(event, values, EVENT_FIELDS)
    _validate_event(event)
    event.save()
    log_action(actor, "events.event.create", event, None, snapshot(event))
    if default_categories:
        word = locality_word(locality_of(authority))
        for order, (code, name, size, description) in enumerate(quota.default_categories(authority.level, word),
                                                                 start=1):
            save_category(actor, event, {"code": code, "name": name, "quota": size, "protocol_order": order,
                                         "description": description})
    return event


@transaction.atomic
def update_event(actor: User | None, event: Event, values: dict) -> Event:
    require(actor, "events.manage_events")
    check_authority(actor, event.authority_id)
    before = snapshot(event)
    apply_fields(event, values, EVENT_FIELDS)
    _validate_event(event)
    event.save()
    after = snapshot(event)
    if after != before:
        log_action(actor, "events.event.update", event, before, after)
    return event


CATEGORY_FIELDS = ("code", "name", "quota", "protocol_order", "description")


@transaction.atomic
def save_category(actor: User | None, event: Event, values: dict,
                  category: DelegateCategory | None = None) -> DelegateCategory:
    require(actor, "events.manage_events")
    check_authority(actor, event.authority_id)
    if category is not None and category.event_id != event.pk:
        raise PermissionDenied("Thành phần thuộc hội nghị khác.")
    before = snapshot(category)
    category = category or DelegateCategory(event=event)
    apply_fields(category, values, CATEGORY_FIELDS)
    if not normalise.clean_text(category.code) or not normalise.clean_text(category.name):
        raise ValidationFailed("Cần ký hiệu và tên thành phần.", "name")
    if DelegateCategory.objects.filter(event=event, code=normalise.clean_text(category.code)).exclude(
            pk=category.pk).exists():
        raise ValidationFailed(f"Ký hiệu thành phần “{category.code}” đã có.", "code")
    category.save()
    log_action(actor, "events.category.save", category, before, snapshot(category))
    return category
