"""A dossier and its items are edited by versioned forms (docs/conventions.md): of two secretaries who
opened the same form, the second save is refused with who saved first, keeping what was typed."""

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.factories import make_user
from tests.orgs.test_edit_versions import STALE, form_data
from thidua.orgs import versions
from thidua.orgs.models import Role

from .flow import compose

pytestmark = pytest.mark.django_db


def _stale_refused(levels, url, field, first, second, reread):
    a, b = Client(), Client()
    a.force_login(levels.users["xa.thuongtruc"])
    other = make_user("xa.thuongtruc2", Role.SECRETARIAT, levels.commune)
    b.force_login(other)
    data_a, data_b = (form_data(c.get(url).context["form"]) for c in (a, b))
    assert data_a[versions.FIELD] == data_b[versions.FIELD] != versions.NEW
    assert a.post(url, {**data_a, field: first}).status_code == 302
    refused = b.post(url, {**data_b, field: second})
    match = STALE.search(refused.content.decode())
    assert refused.status_code == 200 and match and match.group(1) == levels.users["xa.thuongtruc"].display
    assert refused.context["form"][field].value() == second  # nothing typed is lost
    assert reread() == first


def test_the_dossier_form_is_versioned(levels):
    d = compose(levels)

    def reread():
        with scopes_disabled():
            d.refresh_from_db()
            return d.title

    _stale_refused(levels, reverse("exchange:edit", args=[d.pk]), "title", "Đề nghị Bằng khen (sửa lần 1)",
                   "Đề nghị Bằng khen (sửa lần 2)", reread)


def test_an_item_form_is_versioned(levels):
    d = compose(levels)
    with scopes_disabled():
        it = d.items.order_by("id").first()

    def reread():
        with scopes_disabled():
            it.refresh_from_db()
            return it.position

    _stale_refused(levels, reverse("exchange:item_edit", args=[d.pk, it.pk]), "position", "Hiệu trưởng Trường Tiểu học Tân Khai A",
                   "Phó Hiệu trưởng", reread)
