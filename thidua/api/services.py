"""Every write of the API app: a client is created (its token returned once) and revoked by the
authority's office, each audited; `touch` stamps a client's last use (at most once a minute)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from thidua import clock
from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, require
from thidua.vn import normalise

from .models import PREFIX_LENGTH, TOKEN_START, ApiClient, ApiScope, hash_token

TOUCH_EVERY = dt.timedelta(minutes=1)
FIELDS = ["name", "purpose", "scopes", "created_by", "created_at", "revoked_by", "revoked_at"]


def new_token() -> str:
    """`tdq_` and 32 random bytes, URL-safe (43 characters)."""
    return TOKEN_START + secrets.token_urlsafe(32)


def _scopes(values) -> list[str]:
    chosen = [s for s in ApiScope.values if s in set(values or [])]
    unknown = set(values or []) - set(ApiScope.values)
    if unknown:
        raise ValidationFailed(f"Quyền đọc không có trong danh mục: {', '.join(sorted(unknown))}.", "scopes")
    if not chosen:
        raise ValidationFailed("Chọn ít nhất một loại dữ liệu hệ thống này được đọc.", "scopes")
    return chosen


def create_client(actor: User | None, authority: Authority, values: dict) -> tuple[ApiClient, str]:
    """A client of `authority`; returns (client, token). The token is not stored: only its hash and
    its first characters (to tell tokens apart)."""
    require(actor, "api.manage_clients")
    check_authority(actor, authority.pk)
    name = normalise.clean_text(values.get("name"))
    if not name:
        raise ValidationFailed("Nhập tên hệ thống được kết nối.", "name")
    if len(name) > 120:
        raise ValidationFailed("Tên hệ thống tối đa 120 ký tự.", "name")
    purpose = normalise.clean_text(values.get("purpose"))
    if len(purpose) > 300:
        raise ValidationFailed("Mục đích kết nối tối đa 300 ký tự.", "purpose")
    scopes = _scopes(values.get("scopes"))
    token = new_token()
    with transaction.atomic():
        client = ApiClient(authority=authority, name=name, purpose=purpose, scopes=scopes, key_hash=hash_token(token),
                           prefix=token[:PREFIX_LENGTH], created_at=clock.now(),
                           created_by=actor if actor is not None and actor.pk else None)
        client.full_clean(exclude=["authority", "created_by", "revoked_by"])
        client.save()
        log_action(actor, "api.client.create", client, None, {**snapshot(client, FIELDS), "prefix": client.prefix})
    return client, token


def revoke_client(actor: User | None, client: ApiClient) -> ApiClient:
    """The client's token stops working at once; revoking twice changes nothing."""
    require(actor, "api.manage_clients")
    check_authority(actor, client)
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if client.revoked_at is not None:
            return client
        before = snapshot(client, FIELDS)
        client.revoked_at = max(clock.now(), client.created_at)
        client.revoked_by = actor if actor is not None and actor.pk else None
        client.save(update_fields=["revoked_at", "revoked_by"])
        log_action(actor, "api.client.revoke", client, before, snapshot(client, FIELDS))
    return client


def touch(client: ApiClient) -> bool:
    """Stamp the client's last use, at most once a minute (a busy client costs one write a minute, not
    one a request). The stamp is bookkeeping, not a change anyone made: it is not audited. Real time,
    never a date being viewed. Whether it wrote."""
    now = timezone.now()
    if client.last_used_at is not None and now - client.last_used_at < TOUCH_EVERY:
        return False
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
    client.last_used_at = now
    return True
