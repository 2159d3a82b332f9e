"""`thidua authorities [--json]`: the tree of authorities (id, code, name, level, parent, successor)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from thidua.orgs.models import AuthorityLevel
from thidua.orgs.tree import rows


class Command(BaseCommand):
    help = "Liệt kê các cơ quan tổ chức theo cây (tỉnh, sở, xã…)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        items = rows()
        if opts["json"]:
            out = [{"id": i["id"], "code": i["code"], "name": i["name"], "short_name": i["short_name"],
                    "level": i["level"], "parent": i["parent_id"], "successor": i["successor_id"],
                    "valid_from": i["valid_from"].isoformat() if i["valid_from"] else None,
                    "valid_to": i["valid_to"].isoformat() if i["valid_to"] else None} for i in items]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        labels = dict(AuthorityLevel.choices)
        for i in items:
            self.stdout.write(f"{'  ' * i['depth']}{i['id']:>4}  {i['short_name']}  ({labels.get(i['level'], i['level'])})")
