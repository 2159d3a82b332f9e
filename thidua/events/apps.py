from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "thidua.events"
    label = "events"
    verbose_name = "Hội nghị"

    def ready(self) -> None:
        from . import documents  # noqa: F401 — registers the invitation printing jobs for the worker
