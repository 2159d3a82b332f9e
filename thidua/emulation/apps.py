from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "thidua.emulation"
    label = "emulation"
    verbose_name = "Thi đua"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the cycle ranking job handler)
