from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.events import exports, queries
from thidua.events.models import Delegate
from thidua.orgs.scope import activate

from ._event import resolve_event


class Command(BaseCommand):
    help = "Xuất danh sách đại biểu ra Excel, sắp xếp kiểu Việt Nam."

    def add_arguments(self, parser):
        parser.add_argument("event", help="Mã hội nghị")
        parser.add_argument("-o", "--output", required=True, help="Tệp .xlsx")
        parser.add_argument("--sort", default="category", choices=["unit", "category", "name"],
                            help="Theo đơn vị, theo thành phần (mặc định) hay theo tên (tên trước, rồi đệm, họ)")
        parser.add_argument("--authority")

    def handle(self, *args, **opts):
        out = Path(opts["output"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError("Tệp xuất phải có đuôi .xlsx")
        event = resolve_event(opts["event"], opts.get("authority"))
        with activate(event.authority):
            qs = Delegate.objects.filter(event=event).select_related("category", "organisation")
            rows = list(queries.order_delegates(qs, opts["sort"]))
            out.write_bytes(exports.delegates_xlsx(event, rows))
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {len(rows)} đại biểu ra {out}."))
