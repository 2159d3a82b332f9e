from django.apps import AppConfig
from django.db.backends.signals import connection_created

from . import signals


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    label = "orgs"
    verbose_name = "Tổ chức, cá nhân, tài khoản"

    def ready(self) -> None:
        connection_created.connect(signals.register_sqlite_collation, dispatch_uid="thidua_vi_collation")
