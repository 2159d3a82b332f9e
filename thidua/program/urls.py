from django.urls import path

from . import views

app_name = "program"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<int:event>/", views.agenda, name="agenda"),
    path("<int:event>/mau/", views.agenda_default, name="agenda_default"),
    path("<int:event>/sap-xep/", views.agenda_reorder, name="agenda_reorder"),
    path("<int:event>/muc/them/", views.item_edit, name="item_create"),
    path("muc/<int:pk>/", views.item_edit, name="item_edit"),
    path("muc/<int:pk>/xoa/", views.item_delete, name="item_delete"),
    path("muc/<int:pk>/di-chuyen/", views.item_move, name="item_move"),
    path("<int:event>/thiet-lap/", views.settings_edit, name="settings"),
    path("<int:event>/van-ban/<slug:doc>.<str:fmt>", views.document, name="document"),
    path("<int:event>/giay-to/<slug:paper>.<str:fmt>", views.paper, name="paper"),
    path("<int:event>/tham-luan/", views.talk_list, name="talk_list"),
    path("<int:event>/tham-luan/giao/", views.talk_invite, name="talk_invite"),
    path("<int:event>/tham-luan/nhac/", views.talk_remind, name="talk_remind"),
    path("tham-luan/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("tham-luan/<int:pk>/thong-tin/", views.talk_info, name="talk_info"),
    path("tham-luan/<int:pk>/gui-tep/", views.talk_upload, name="talk_upload"),
    path("tham-luan/<int:pk>/gui-noi-dung/", views.talk_text, name="talk_text"),
    path("tham-luan/<int:pk>/tham-dinh/", views.talk_review, name="talk_review"),
    path("tham-luan/<int:pk>/bo/", views.talk_remove, name="talk_remove"),
    path("ban-tham-luan/<int:pk>/tep/", views.version_file, name="version_file"),
    path("<int:event>/trao-thuong/", views.batch_list, name="batch_list"),
    path("<int:event>/trao-thuong/lap/", views.batch_build, name="batch_build"),
    path("dot/<int:pk>/", views.batch_edit, name="batch_edit"),
    path("nguoi-nhan/<int:pk>/chuyen/", views.member_move, name="member_move"),
    path("<int:event>/man-chieu/", views.projector, name="projector"),
    path("<int:event>/man-chieu/trang-thai/", views.projector_state, name="projector_state"),
    path("<int:event>/dieu-khien/", views.operator, name="operator"),
    path("<int:event>/dieu-khien/lenh/", views.operator_action, name="operator_action"),
]
