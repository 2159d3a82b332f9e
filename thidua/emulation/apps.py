from importlib import import_module

from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = "Thi đua"

    def ready(self) -> None:
        import_module(f"{self.name}.jobs")  # registers the cycle ranking job handler for the worker
