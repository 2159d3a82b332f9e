"""`thidua import_proposals FILE [--authority CODE] [--year YYYY] [--dry-run] [--json]`: a proposal list from
Excel into draft proposals (awards.imports), with the same row-by-row report as `import_people`."""

from functools import partial

from thidua.awards.imports import import_proposals
from thidua.orgs.management.commands._importcmd import ImportCommand


class Command(ImportCommand):
    help = "Nhập danh sách đề nghị khen thưởng từ Excel vào các hồ sơ đang soạn (báo cáo từng dòng)."
    label = "Đề nghị khen thưởng"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, default=None, help="Năm thi đua (mặc định: năm nay)")

    def handle(self, *args, **opts):
        # the shared body calls `type(self).runner`: this run's year goes in with it
        type(self).runner = staticmethod(partial(import_proposals, year=opts.get("year")))
        return super().handle(*args, **opts)
