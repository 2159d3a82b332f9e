from django.urls import path

from . import api, views

app_name = "api"
urlpatterns = [
    # the API for other systems (described in openapi.py; tests check both name the same paths)
    path("v1/openapi.json", api.schema, name="schema"),
    path("v1/decisions/", api.decisions, name="decisions"),
    path("v1/decisions/<int:decision_id>/", api.decision, name="decision"),
    path("v1/awards/", api.awards, name="awards"),
    path("v1/dossiers/", api.dossiers, name="dossiers"),
    path("v1/dossiers/<int:dossier_id>/", api.dossier, name="dossier"),
    # the office's pages: which systems may read, their tokens
    path("ket-noi/", views.client_list, name="client_list"),
    path("ket-noi/them/", views.client_create, name="client_create"),
    path("ket-noi/<int:pk>/thu-hoi/", views.client_revoke, name="client_revoke"),
]
