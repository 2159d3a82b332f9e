"""`thidua api_clients AUTHORITY [--json]`: the systems connected to an authority's API (by its code or
id); `--create NAME [--scope decisions.read …] [--purpose …]` prints the new token once;
`--revoke PREFIX` withdraws one."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.api import queries, services
from thidua.api.models import ApiScope
from thidua.orgs.models import Authority
from thidua.orgs.services import ValidationFailed


class Command(BaseCommand):
    help = "Liệt kê, cấp hoặc thu hồi mã truy cập API cho hệ thống khác của một cơ quan."

    def add_arguments(self, parser):
        parser.add_argument("authority", help="Mã (code) hoặc số hiệu (id) của cơ quan")
        parser.add_argument("--create", metavar="NAME", default="", help="Tên hệ thống được kết nối")
        parser.add_argument("--purpose", default="")
        parser.add_argument("--scope", action="append", choices=ApiScope.values, default=None,
                            help="Quyền đọc (nhắc lại để cấp nhiều quyền); mặc định: quyết định và khen thưởng")
        parser.add_argument("--revoke", metavar="PREFIX", default="", help="Tiền tố mã cần thu hồi (tdq_…)")
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        with scopes_disabled():
            authority = self._authority(opts["authority"])
            try:
                if opts["create"]:
                    client, token = services.create_client(None, authority, {
                        "name": opts["create"], "purpose": opts["purpose"],
                        "scopes": opts["scope"] or [ApiScope.DECISIONS, ApiScope.AWARDS]})
                    self.stdout.write(json.dumps({"id": client.pk, "prefix": client.prefix, "token": token})
                                      if opts["json"] else token)
                    return
                if opts["revoke"]:
                    client = queries.clients(authority.pk).filter(prefix=opts["revoke"].rstrip("…")).first()
                    if client is None:
                        raise CommandError("Không tìm thấy mã có tiền tố này ở cơ quan này.")
                    services.revoke_client(None, client)
                    self.stdout.write("Đã thu hồi mã.")
                    return
            except ValidationFailed as exc:
                raise CommandError(exc.message)
            rows = [{"id": c.pk, "name": c.name, "purpose": c.purpose, "prefix": c.prefix, "scopes": c.scopes,
                     "created_at": c.created_at.isoformat(),
                     "last_used_at": c.last_used_at.isoformat() if c.last_used_at else None,
                     "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None}
                    for c in queries.clients(authority.pk)]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            state = f"thu hồi {r['revoked_at'][:16]}" if r["revoked_at"] else "đang dùng"
            self.stdout.write(f"{r['prefix']}…  {r['name']}  ({', '.join(r['scopes'])}; {state})")

    def _authority(self, key: str) -> Authority:
        found = Authority.objects.filter(code=key).first()
        if found is None and key.isdigit():
            found = Authority.objects.filter(pk=int(key)).first()
        if found is None:
            raise CommandError(f"Không có cơ quan “{key}”.")
        return found
