import json

from django.core.management.base import BaseCommand
from django.db.models import Count, Q
from django_scopes import scopes_disabled

from thidua.events.models import Event


class Command(BaseCommand):
    help = "Liệt kê các hội nghị với mã, thời gian và số đại biểu."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In dạng JSON")

    def handle(self, *args, **opts):
        with scopes_disabled():
            events = list(Event.objects.select_related("authority").annotate(
                delegates_count=Count("delegates", filter=Q(delegates__revoked=False)),
                accepted=Count("delegates", filter=Q(delegates__revoked=False,
                                                     delegates__reply_status__in=["accepted", "substitute"])),
            ).order_by("authority__code", "-date", "slug"))
        rows = [{"slug": e.slug, "authority": e.authority.code, "title": e.title, "status": e.status,
                 "date": e.date.isoformat() if e.date else None, "when": e.when_text, "venue": e.venue,
                 "capacity": e.capacity, "delegates": e.delegates_count, "confirmed": e.accepted} for e in events]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Chưa có hội nghị nào.")
        for r in rows:
            self.stdout.write(f"{r['slug']:<24} {r['when']:<22} {r['delegates']:>4} đại biểu "
                              f"({r['confirmed']} xác nhận)  {r['title'][:70]}")
