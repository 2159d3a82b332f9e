"""`thidua demo`: load the demo data of the seed plan (idempotent); `--reset` wipes the database first."""


from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_scopes import scopes_disabled

from thidua.orgs import demo as orgs_demo
from thidua.web.plugins import app_modules


def loaders():
    """Each app's `demo.load(log)`, in the order of INSTALLED_APPS (the order of the data flow)."""
    return [module.load for module in app_modules("demo")]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (UBND huyện Hớn Quản, hội nghị năm 2025)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Xóa toàn bộ dữ liệu rồi nạp lại từ đầu")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại khi --reset")
        parser.add_argument("--logins", action="store_true", help="Chỉ in các tài khoản mẫu")

    def handle(self, *args, **opts):
        if opts["logins"]:
            self.print_logins()
            return
        if opts["reset"]:
            if not opts["yes"] and input("Xóa toàn bộ dữ liệu hiện có? Gõ 'co' để đồng ý: ").strip() != "co":
                raise CommandError("Đã hủy.")
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Đã xóa dữ liệu cũ.")
        call_command("migrate", interactive=False, verbosity=0)
        with scopes_disabled(), transaction.atomic():
            for loader in loaders():
                loader(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu sẵn sàng ({connection.vendor}, {settings.DATA_DIR})."))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("Tài khoản mẫu (chỉ dùng để thử, mật khẩu như nhau):")
        for username, password, role in orgs_demo.logins():
            self.stdout.write(f"  {username:<16} {password:<18} {role}")
