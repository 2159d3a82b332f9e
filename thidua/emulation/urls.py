from django.urls import path

from . import views
from .views.bulk import covenant_bulk

app_name = "emulation"
urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cua-toi/", views.my_unit, name="my_unit"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/sao-chep/", views.cycle_copy, name="cycle_copy"),
    path("<int:pk>/cum-khoi/them/", views.group_create, name="group_create"),
    path("<int:pk>/giao-uoc/", views.covenants, name="covenants"),
    path("<int:pk>/giao-uoc/hang-loat/", covenant_bulk, name="covenant_bulk"),
    path("<int:pk>/phong-trao/", views.movement_list, name="movements"),
    path("phong-trao/<int:pk>/", views.movement_edit, name="movement"),
    path("<int:pk>/phan-dinh-xep-loai/", views.cycle_rules, name="cycle_rules"),
    path("<int:pk>/xep-hang/", views.ranking_view, name="ranking"),
    path("<int:pk>/thang-diem/nhap/", views.scorecard_import, name="scorecard_import"),
    path("<int:pk>/don-vi/<int:org>/", views.unit_page, name="unit"),
    path("<int:pk>/don-vi/<int:org>/giao-uoc/", views.covenant_edit, name="covenant"),
    path("<int:pk>/don-vi/<int:org>/cham-diem/", views.sheet_view, name="sheet"),
    path("cum-khoi/<int:pk>/", views.group_detail, name="group"),
    path("cum-khoi/<int:pk>/<str:kind>.<str:fmt>", views.group_document, name="group_document"),
    path("thang-diem/<int:pk>/", views.scorecard_detail, name="scorecard"),
    path("thang-diem/tieu-chi/<int:pk>/", views.criterion_edit, name="criterion"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
