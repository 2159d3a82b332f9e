from django.urls import path

from . import bulk, hub, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("them/", views.event_edit, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("tong-hop/", hub.hub_pick, name="hub_pick"),
    path("<int:pk>/tong-hop/", hub.hub, name="hub"),
    path("<int:pk>/sua/", views.event_edit, name="event_edit"),
    path("<int:pk>/dai-bieu/", views.delegate_list, name="delegate_list"),
    path("<int:pk>/dai-bieu/them/", views.delegate_create, name="delegate_create"),
    path("<int:pk>/dai-bieu/hang-loat/", bulk.delegate_bulk, name="delegate_bulk"),
    path("<int:pk>/dai-bieu/them-tu-danh-ba/", views.add_people, name="add_people"),
    path("<int:pk>/dai-bieu/them-theo-don-vi/", views.add_units, name="add_units"),
    path("<int:pk>/dai-bieu/them-nguoi-nhan-khen-thuong/", views.add_recipients, name="add_recipients"),
    path("<int:pk>/nhap/", views.import_upload, name="import_upload"),
    path("<int:pk>/nhap/ket-qua/<int:job>/", views.import_report, name="import_report"),
    path("<int:pk>/nhap/ket-qua/<int:job>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/nhap/ket-qua/<int:job>/dong-loi.xlsx", views.import_rejected, name="import_rejected"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/giay-moi/", views.invitations, name="invitations"),
    path("<int:pk>/nhac-tra-loi/", views.reminders, name="reminders"),
    path("<int:pk>/nhac-tra-loi/soan/", views.reminders_draft, name="reminders_draft"),
    path("thu/<int:pk>/<str:action>/", views.mail_action, name="mail_action"),
    path("dai-bieu/<int:pk>/", views.delegate_detail, name="delegate_detail"),
    path("dai-bieu/<int:pk>/sua/", views.delegate_edit, name="delegate_edit"),
    path("dai-bieu/<int:pk>/tra-loi/", views.delegate_reply, name="delegate_reply"),
    path("dai-bieu/<int:pk>/giay-moi/<str:action>/", views.delegate_invitation, name="delegate_invitation"),
    path("dai-bieu/<int:pk>/giay-moi.<str:fmt>", views.delegate_letter, name="delegate_letter"),
    path("qr/<str:token>", views.qr_view, name="qr"),
    path("tra-loi/<str:token>", views.reply_link, name="reply_link"),
]
