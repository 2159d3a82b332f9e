from django.urls import path

from . import below, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xem-nhu-ngay/", views.set_as_of, name="set_as_of"),
    path("van-ban-mau/", views.specimen, name="specimen"),
    path("van-ban-mau/tai.<str:fmt>", views.specimen_file, name="specimen_file"),
    path("van-ban-mau/in-hang-loat/", views.specimen_bulk, name="specimen_bulk"),
    path("so-van-ban-di/", views.register_list, name="register_list"),
    path("van-ban/soan/<str:kind>/<str:key>/", views.register_open, name="register_open"),
    path("van-ban/<int:pk>/", views.register_entry, name="register_entry"),
    path("van-ban/<int:pk>/tao-lai/", views.register_reset, name="register_reset"),
    path("van-ban/<int:pk>/ban-hanh/", views.register_issue, name="register_issue"),
    path("van-ban/<int:pk>/xem-truoc.pdf", views.register_preview, name="register_preview"),
    path("van-ban/<int:pk>/tai/<str:which>/", views.register_file, name="register_file"),
    path("van-ban/<int:pk>/ban-ky-so/", views.register_signed, name="register_signed"),
    path("viec/", views.job_list, name="job_list"),
    path("viec/<int:pk>/", views.job_detail, name="job_detail"),
    path("viec/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("viec/<int:pk>/chay-lai/", views.job_retry, name="job_retry"),
    path("cap-duoi/", below.below_list, name="below_list"),
    path("cap-duoi/<int:authority_id>/giao-uoc/", below.below_covenants, name="below_covenants"),
    path("cap-duoi/<int:authority_id>/xep-hang/", below.below_ranking, name="below_ranking"),
    path("cap-duoi/<int:authority_id>/khen-thuong/", below.below_awards, name="below_awards"),
]
