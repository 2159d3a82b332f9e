"""`thidua restore FILE [--force]`: restore a `thidua backup` archive into the data folder
(`thidua.web.backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.web.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Phục hồi từ tệp sao lưu của `thidua backup` vào thư mục dữ liệu (THIDUA_DATA_DIR) và cơ sở dữ "
            "liệu đang cấu hình. Mọi tổng kiểm được xác minh trước khi ghi; thư mục đã có dữ liệu thì cần --force.")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu (.tar.gz)")
        parser.add_argument("--force", action="store_true",
                            help="Ghi đè cơ sở dữ liệu và các tệp đang có (hãy dừng máy chủ web và tiến trình nền trước)")

    def handle(self, *args, **opts):
        try:
            restore_backup(Path(opts["file"]), force=opts["force"], log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
