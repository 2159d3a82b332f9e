from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "thidua.exchange"
    label = "exchange"
    verbose_name = "Hồ sơ giữa các cấp"

    def ready(self):
        from thidua.awards.signals import decision_issued, proposal_moved  # noqa: PLC0415 (app-registry)

        from .services import on_decision_issued, on_proposal_moved  # noqa: PLC0415 (app-registry)

        decision_issued.connect(on_decision_issued, dispatch_uid="exchange.decision_issued")
        proposal_moved.connect(on_proposal_moved, dispatch_uid="exchange.proposal_moved")
