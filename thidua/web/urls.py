from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xem-nhu-ngay/", views.set_as_of, name="set_as_of"),
    path("van-ban-mau/", views.specimen, name="specimen"),
    path("van-ban-mau/tai.<str:fmt>", views.specimen_file, name="specimen_file"),
    path("van-ban-mau/in-hang-loat/", views.specimen_bulk, name="specimen_bulk"),
    path("viec/", views.job_list, name="job_list"),
    path("viec/<int:pk>/", views.job_detail, name="job_detail"),
    path("viec/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("viec/<int:pk>/chay-lai/", views.job_retry, name="job_retry"),
]
