from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "thidua.checkin"
    label = "checkin"
    verbose_name = "Đón tiếp, điểm danh, chỗ ngồi"
