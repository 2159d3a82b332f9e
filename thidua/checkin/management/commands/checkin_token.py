"""`thidua checkin_token <username> [--name …]`: a bearer token for a scanner device (shown once);
`--revoke <prefix>` withdraws one."""

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from thidua.checkin import services
from thidua.checkin.models import ApiToken
from thidua.orgs.models import User


class Command(BaseCommand):
    help = "Cấp (hoặc thu hồi) mã truy cập API đón tiếp cho một tài khoản."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Máy quét")
        parser.add_argument("--revoke", default="", help="Tiền tố của mã cần thu hồi")

    def handle(self, *args, **opts):
        with scopes_disabled():
            try:
                user = User.objects.get(username=opts["username"])
            except User.DoesNotExist:
                raise CommandError(f"Không có tài khoản “{opts['username']}”.")
            if opts["revoke"]:
                token = ApiToken.objects.filter(user=user, prefix=opts["revoke"]).first()
                if token is None:
                    raise CommandError("Không tìm thấy mã có tiền tố này.")
                services.revoke_token(None, token)
                self.stdout.write("Đã thu hồi mã.")
                return
            token, key = services.create_token(None, user, opts["name"])
            self.stdout.write(key)
