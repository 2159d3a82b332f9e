"""Demo API clients: one connected e-office system for the seed's district and for the post-reform
province and commune (looked up by code, left out quietly when absent), each able to read everything.
A token is random and printed once, when the client is made; a second run leaves existing clients as they
are (`thidua api_clients <code> --create …` makes another)."""

from __future__ import annotations

from thidua.orgs.models import Authority

from .models import ApiClient, ApiScope
from .services import create_client

NAME = "Hệ thống quản lý văn bản và điều hành (mẫu)"
PURPOSE = "Đính kèm quyết định khen thưởng và danh sách vào văn bản; theo dõi hồ sơ đề nghị gửi, nhận"
CODES = ("hon-quan", "dong-nai", "xa-tan-khai-moi")


def load(log=print) -> None:
    made = []
    for authority in Authority.objects.filter(code__in=CODES).order_by("id"):
        if ApiClient.objects.filter(authority=authority, name=NAME).exists():
            continue
        _, token = create_client(None, authority, {"name": NAME, "purpose": PURPOSE, "scopes": list(ApiScope)})
        made.append(f"  {authority.short_name}: {token}")
    if made:
        log("Mã truy cập API mẫu (/api/v1/, tiêu đề Authorization: Bearer <mã>; chỉ in lần này):\n" + "\n".join(made))
