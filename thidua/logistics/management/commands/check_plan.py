"""`thidua check_plan EVENT [--json]`: the plan checks of a conference's Kế hoạch; exit 1 when a slip is found."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.events.models import Event
from thidua.logistics import queries
from thidua.logistics.models import Plan
from thidua.orgs.scope import activate


class Command(BaseCommand):
    help = "Kiểm tra kế hoạch tổ chức hội nghị (đánh số mục, địa danh, số liệu, thời hạn, phân công)."

    def add_arguments(self, parser):
        parser.add_argument("event", help="Mã hội nghị, ví dụ tong-ket-2024")
        parser.add_argument("--authority", help="Mã cơ quan khi nhiều cơ quan có hội nghị cùng mã")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, **opts):
        with scopes_disabled():
            qs = Event.objects.filter(slug=opts["event"]).select_related("authority")
            if opts.get("authority"):
                qs = qs.filter(authority__code=opts["authority"])
            events = list(qs[:2])
        if not events:
            raise CommandError(f"Không có hội nghị mã “{opts['event']}”.")
        if len(events) > 1:
            raise CommandError(f"Có nhiều hội nghị mã “{opts['event']}”; chỉ rõ cơ quan bằng --authority MÃ.")
        event = events[0]
        with activate(event.authority):
            plan = Plan.objects.filter(event=event).select_related("event", "authority").first()
            if plan is None:
                raise CommandError(f"Hội nghị “{event.slug}” chưa có kế hoạch.")
            findings = queries.plan_findings(plan)
        if opts["json"]:
            self.stdout.write(json.dumps({"event": event.slug, "authority": event.authority.code,
                                          "findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2))
        elif findings:
            self.stdout.write(f"Kế hoạch của “{event.title}”: {len(findings)} lỗi cần sửa trước khi ban hành.")
            for i, f in enumerate(findings, start=1):
                self.stdout.write(f"{i}. {f.message}")
        else:
            self.stdout.write(f"Kế hoạch của “{event.title}”: Không phát hiện lỗi.")
        if findings:
            sys.exit(1)
