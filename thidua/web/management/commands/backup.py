"""`thidua backup FILE`: the database, the private files and the secret key in one .tar.gz
(`thidua.web.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.web.backup import BackupError, make_backup


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu, các tệp riêng (thư mục private) và khóa bí mật vào một tệp .tar.gz "
            "(có manifest và tổng kiểm SHA-256). Chạy được khi máy chủ đang hoạt động.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu sẽ ghi, ví dụ /srv/sao-luu/thidua-2025-04-10.tar.gz")

    def handle(self, *args, **opts):
        try:
            make_backup(Path(opts["file"]), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
