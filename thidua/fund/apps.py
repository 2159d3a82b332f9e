from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "thidua.fund"
    label = "fund"
    verbose_name = "Quỹ thi đua, khen thưởng"

    def ready(self) -> None:
        from thidua.awards.signals import decision_issued  # noqa: PLC0415 (app-registry)

        from .services import on_decision_issued  # noqa: PLC0415 (app-registry)

        decision_issued.connect(on_decision_issued, dispatch_uid="fund.post_decision")
