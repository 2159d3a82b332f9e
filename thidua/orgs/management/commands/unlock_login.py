"""`thidua unlock_login TÊN_ĐĂNG_NHẬP` or `thidua unlock_login --ip ĐỊA_CHỈ`: lift a login lock (#17),
recorded in the audit log like the administrator's button."""

from django.core.management.base import BaseCommand, CommandError

from thidua.orgs import services


class Command(BaseCommand):
    help = "Mở khóa đăng nhập cho một tài khoản hoặc một địa chỉ máy (xóa các lần nhập sai mật khẩu)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="", help="Tên đăng nhập bị khóa")
        parser.add_argument("--ip", default="", help="Địa chỉ máy bị khóa")

    def handle(self, *args, **opts):
        if bool(opts["username"]) == bool(opts["ip"]):
            raise CommandError("Cho biết một tên đăng nhập hoặc một địa chỉ (--ip), không cả hai.")
        try:
            removed = services.unlock_login(None, username=opts["username"], ip_address=opts["ip"])
        except services.ValidationFailed as exc:
            raise CommandError(exc.message)
        self.stdout.write(f"Đã mở khóa ({removed} lần nhập sai được xóa).")
