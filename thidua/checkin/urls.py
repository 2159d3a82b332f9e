from django.urls import path

from . import api, seating_views, views

app_name = "checkin"
urlpatterns = [
    # the scanner API first: a desk sends one request per scan, and Django tries patterns in order
    path("api/v1/openapi.json", api.schema, name="api_schema"),
    path("api/v1/events/", api.events, name="api_events"),
    path("api/v1/events/<int:event_id>/delegates/", api.delegates, name="api_delegates"),
    path("api/v1/events/<int:event_id>/lookup/", api.lookup, name="api_lookup"),
    path("api/v1/events/<int:event_id>/search/", api.search, name="api_search"),
    path("api/v1/events/<int:event_id>/checkins/", api.check_in, name="api_checkin"),
    path("api/v1/events/<int:event_id>/undo/", api.undo, name="api_undo"),
    path("", views.home, name="home"),
    path("<int:pk>/", views.desk, name="desk"),
    path("<int:pk>/khach-moi-them/", views.walk_in, name="walk_in"),
    path("diem-danh/", views.attendance_home, name="attendance_home"),
    path("<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<int:pk>/diem-danh/so-lieu/", views.attendance_data, name="attendance_data"),
    path("<int:pk>/diem-danh/in/", views.attendance_print, name="attendance_print"),
    path("<int:pk>/diem-danh/danh-sach.<str:fmt>", views.attendance_list, name="attendance_list"),
    path("cho-ngoi/", views.seating_home, name="seating_home"),
    path("<int:pk>/cho-ngoi/", seating_views.seating, name="seating"),
    path("<int:pk>/cho-ngoi/chuyen/", seating_views.seat_move, name="seat_move"),
    path("<int:pk>/cho-ngoi/so-do/", views.plan_save, name="plan_save"),
    path("<int:pk>/cho-ngoi/xep-tu-dong/", views.seats_assign, name="seats_assign"),
    path("dai-bieu/<int:pk>/ghe/", views.seat_set, name="seat_set"),
    path("<int:pk>/in/so-do-cho-ngoi.pdf", views.print_chart, name="print_chart"),
    path("<int:pk>/in/bang-ten.pdf", views.print_name_cards, name="print_name_cards"),
    path("<int:pk>/in/nhan-ghe.pdf", views.print_seat_labels, name="print_seat_labels"),
    path("<int:pk>/in/danh-sach-xe.<str:fmt>", views.print_parking, name="print_parking"),
]
