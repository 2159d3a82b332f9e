from django.apps import AppConfig


class PaperworkConfig(AppConfig):
    name = "thidua.paperwork"
    label = "paperwork"
    verbose_name = "Văn bản"
