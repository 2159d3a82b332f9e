from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("co-quan/van-ban/", views.paperwork_settings, name="paperwork_settings"),
    path("co-quan/van-ban/mac-dinh/", views.paperwork_defaults, name="paperwork_defaults"),
    path("don-vi/them/", views.unit_edit, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("ca-nhan/", views.person_list, name="person_list"),
    path("ca-nhan/them/", views.person_edit, name="person_create"),
    path("ca-nhan/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhap/<str:kind>/", views.import_upload, name="import_upload"),
    path("nhap/<str:kind>/mau.xlsx", views.import_template, name="import_template"),
    path("nhap/<str:kind>/ket-qua/<int:pk>/", views.import_report, name="import_report"),
    path("nhap/<str:kind>/ket-qua/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<str:kind>/ket-qua/<int:pk>/dong-loi.xlsx", views.import_rejected, name="import_rejected"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("tai-khoan/", views.account_list, name="account_list"),
    path("tai-khoan/<int:pk>/dat-lai-mat-khau/", views.account_reset_password, name="account_reset_password"),
    path("tai-khoan/mo-khoa/", views.login_unlock, name="login_unlock"),
]
