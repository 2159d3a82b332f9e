"""The catalogue (law, shared by every authority) and each authority's own settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps as django_apps
from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from .. import prize
from ..catalogue import seed
from ..models import AwardSettings, BaseSalary, RuleItem


@transaction.atomic
def seed_catalogue(actor: User | None = None) -> dict[str, int]:
    require(actor, "awards.manage_catalogue")
    created = seed(django_apps.get_model)
    if any(created.values()):
        log_action(actor, "awards.catalogue.seed", None, None, created)
    return created


@transaction.atomic
def update_rule_item(actor: User | None, item: RuleItem, values: dict) -> RuleItem:
    require(actor, "awards.manage_catalogue")
    before = snapshot(item)
    for key in ("coefficient_individual", "coefficient_collective", "coefficient_household", "uncertain", "note"):
        if key in values:
            value = values[key]
            if key.startswith("coefficient") and value is not None and Decimal(value) < 0:
                raise ValidationFailed("Hệ số tiền thưởng không được âm.", key)
            setattr(item, key, normalise.clean_text(value) if key == "note" else value)
    item.save()
    log_action(actor, "awards.rule_item.update", item, before, snapshot(item))
    return item


@transaction.atomic
def save_base_salary(actor: User | None, valid_from: dt.date, amount: int, legal_basis: str = "") -> BaseSalary:
    require(actor, "awards.manage_catalogue")
    if amount <= 0:
        raise ValidationFailed("Mức lương cơ sở phải lớn hơn 0.", "amount")
    row = BaseSalary.objects.filter(valid_from=valid_from).first()
    before = snapshot(row)
    if row is None:
        row = BaseSalary(valid_from=valid_from)
    row.amount, row.legal_basis = amount, normalise.clean_text(legal_basis)
    row.save()
    log_action(actor, "awards.base_salary.save", row, before, snapshot(row))
    return row


def settings_for(authority: Authority) -> AwardSettings:
    found = AwardSettings.objects.filter(authority=authority).first()
    return found or AwardSettings(authority=authority)


@transaction.atomic
def update_settings(actor: User | None, authority: Authority, values: dict) -> AwardSettings:
    require(actor, "awards.manage_catalogue")
    check_authority(actor, authority.pk)
    obj = settings_for(authority)
    before = snapshot(obj) if obj.pk else None
    for key in ("rounding_mode", "quorum_num", "quorum_den", "quorum_strict", "pass_num", "pass_den"):
        if key in values:
            setattr(obj, key, values[key])
    if obj.rounding_mode not in prize.ROUNDING_MODES:
        raise ValidationFailed("Cách làm tròn không hợp lệ.", "rounding_mode")
    for num, den in (("quorum_num", "quorum_den"), ("pass_num", "pass_den")):
        if getattr(obj, den) <= 0 or getattr(obj, num) > getattr(obj, den):
            raise ValidationFailed("Tỷ lệ phải là phân số từ 0 đến 1 (tử số không lớn hơn mẫu số).", num)
    if obj.quorum_strict and obj.quorum_num >= obj.quorum_den:
        raise ValidationFailed("Túc số “quá” một tỷ lệ phải nhỏ hơn 1 (tử số nhỏ hơn mẫu số).", "quorum_num")
    obj.save()
    log_action(actor, "awards.settings.update", obj, before, snapshot(obj))
    return obj
