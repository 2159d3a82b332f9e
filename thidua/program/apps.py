from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "thidua.program"
    label = "program"
    verbose_name = "Chương trình hội nghị"
