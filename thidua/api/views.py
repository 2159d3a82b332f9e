"""The office's pages for the API: the systems allowed to read the authority's data, a new one (its
token shown once, never again), and revoking one."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.orgs.access import requires
from thidua.orgs.scope import authority_for
from thidua.orgs.viewkit import act, form_page, submit

from . import queries, services
from .forms import ClientForm


def _base_url(request) -> str:
    return request.build_absolute_uri(reverse("api:schema").removesuffix("openapi.json"))


@requires("api.manage_clients")
def client_list(request):
    authority = authority_for(request.user)
    return render(request, "api/client_list.html", {
        "clients": queries.clients(authority.pk), "authority": authority,
        "base_url": _base_url(request), "schema_url": request.build_absolute_uri(reverse("api:schema"))})


@requires("api.manage_clients")
def client_create(request):
    authority = authority_for(request.user)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = submit(request, form, services.create_client, request.user, authority, form.cleaned_data)
        if created:
            client, token = created
            response = render(request, "api/token_shown.html", {
                "client": client, "token": token, "base_url": _base_url(request)})
            response["Cache-Control"] = "no-store"  # the token is shown once: no cache keeps the page
            return response
    return form_page(request, form, "Kết nối hệ thống mới", reverse("api:client_list"), submit_label="Tạo mã truy cập")


@require_POST
@requires("api.manage_clients")
def client_revoke(request, pk: int):
    client = get_object_or_404(queries.clients(authority_for(request.user).pk), pk=pk)
    return act(request, services.revoke_client, request.user, client,
               done=f"Đã thu hồi mã truy cập của “{client.name}”: hệ thống này không đọc được dữ liệu nữa.",
               then="api:client_list")
