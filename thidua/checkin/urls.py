app_name = "checkin"
urlpatterns: list = []
