from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("ghi-so/", views.entry_create, name="entry_create"),
    path("but-toan/<int:entry_id>/sua/", views.entry_edit, name="entry_edit"),
    path("ghi-quyet-dinh/", views.post_issued, name="post_issued"),
    path("bao-cao/<int:year>.<str:fmt>", views.report, name="report"),
]
