from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "thidua.logistics"
    label = "logistics"
    verbose_name = "Chuẩn bị hội nghị"

    def ready(self) -> None:
        from thidua.orgs.register import register_source  # noqa: PLC0415 (app-registry)

        from . import documents  # noqa: PLC0415 (app-registry)

        for source in documents.register_sources():  # the plan, drafted and issued in the sổ văn bản đi
            register_source(source)
