from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "thidua.fund"
    label = "fund"
    verbose_name = "Quỹ thi đua, khen thưởng"
