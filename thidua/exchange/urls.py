from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.dossier_list, name="list"),
    path("den/", views.inbox, name="inbox"),
    path("lap/", views.compose, name="compose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/doi-tuong/<int:item>/", views.item_edit, name="item_edit"),
    path("<int:pk>/doi-tuong/<int:item>/bo/", views.item_remove, name="item_remove"),
    path("<int:pk>/tai-lieu/", views.file_upload, name="file_upload"),
    path("<int:pk>/tai-lieu/<int:file>/", views.file_download, name="file_download"),
    path("<int:pk>/tai-lieu/<int:file>/xoa/", views.file_remove, name="file_remove"),
    path("<int:pk>/to-trinh/", views.cover_letter, name="cover_letter"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("<int:pk>/gui/", views.send, name="send"),
    path("<int:pk>/tiep-nhan/", views.receive, name="receive"),
    path("<int:pk>/tra-lai/", views.give_back, name="return"),
    path("<int:pk>/tham-dinh/", views.appraise, name="appraise"),
    path("<int:pk>/trinh-hoi-dong/", views.council, name="council"),
]
