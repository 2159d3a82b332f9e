from importlib import import_module

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "thidua.events"
    label = "events"
    verbose_name = "Hội nghị"

    def ready(self) -> None:
        import_module(f"{self.name}.documents")  # registers the invitation printing jobs for the worker
        import_module(f"{self.name}.importjobs")  # and the delegate list import
