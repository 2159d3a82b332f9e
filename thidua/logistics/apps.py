from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "thidua.logistics"
    label = "logistics"
    verbose_name = "Chuẩn bị hội nghị"
