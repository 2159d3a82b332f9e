from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "thidua.program"
    label = "program"
    verbose_name = "Chương trình hội nghị"

    def ready(self) -> None:
        from thidua.orgs.register import register_source  # noqa: PLC0415 (app-registry)

        from . import papers  # noqa: PLC0415 (app-registry)

        # the thông báo kết luận hội nghị (#22), drafted and issued in the sổ văn bản đi
        for source in papers.register_sources():
            register_source(source)
