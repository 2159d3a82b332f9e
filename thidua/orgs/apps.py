from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.backends.signals import connection_created

from . import signals


class OrgsConfig(AppConfig):
    name = "thidua.orgs"
    label = "orgs"
    verbose_name = "Tổ chức, cá nhân, tài khoản"

    def ready(self) -> None:
        connection_created.connect(signals.register_sqlite_collation, dispatch_uid="thidua_vi_collation")
        from . import importjobs, services  # noqa: PLC0415 (app-registry)

        assert importjobs.run_import  # registered with orgs.jobs as the "orgs.import" handler

        # Every login, good or bad, in the audit log (#17); connected before axes' own receivers.
        user_logged_in.connect(services.record_login, dispatch_uid="thidua_login_audit")
        user_login_failed.connect(services.record_login_failure, dispatch_uid="thidua_login_failed_audit")
