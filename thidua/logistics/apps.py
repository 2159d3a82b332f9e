from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "thidua.logistics"
    label = "logistics"
    verbose_name = "Chuẩn bị hội nghị"

    def ready(self) -> None:
        from thidua.orgs.register import register_source  # noqa: PLC0415 (app-registry)

        from . import documents, papers  # noqa: PLC0415 (app-registry)

        # the plan, and the conference papers of #22 (report, tờ trình and decision on the estimate, the
        # letters asking for talks and covenant registrations), drafted and issued in the sổ văn bản đi
        for source in (*documents.register_sources(), *papers.register_sources()):
            register_source(source)
