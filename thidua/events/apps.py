from importlib import import_module

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "thidua.events"
    label = "events"
    verbose_name = "Hội nghị"

    def ready(self) -> None:
        import_module(f"{self.name}.documents")  # registers the invitation printing jobs for the worker
        import_module(f"{self.name}.importjobs")  # and the delegate list import
        from thidua.orgs.register import register_source  # noqa: PLC0415 (app-registry)

        from .documents import invitation_source  # noqa: PLC0415 (app-registry)

        register_source(invitation_source())  # the invitation, numbered and issued in the sổ văn bản đi
