"""The spending norms page: per-delegate limits by budget group, validated, audited, per authority."""

import unicodedata

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.logistics import queries, services
from thidua.logistics.models import SpendingNorm
from thidua.orgs.audit import AuditLog

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretariat", "reviewer", "unit_officer", "reception", "leader"]


def _post(**values) -> dict:
    data = {}
    for group in ("decoration", "printing", "refreshments", "sound", "certificates", "flowers", "press", "other"):
        data[f"limit_{group}"] = values.get(group, ("", ""))[0]
        data[f"basis_{group}"] = values.get(group, ("", ""))[1]
    return data


def _norms(authority) -> dict:
    with scopes_disabled():
        return {n.group: (n.limit_per_delegate, n.basis_text) for n in SpendingNorm.objects.filter(authority=authority)}


def test_only_the_secretariat_and_admin_edit_norms(client, prep):
    url = reverse("logistics:norms")
    for role in ROLES:
        client.force_login(prep["world"].users[role])
        allowed = role in ("admin", "secretariat")
        assert client.get(url).status_code == (200 if allowed else 403), role
        assert client.post(url, _post(flowers=("1", ""))).status_code == (302 if allowed else 403), role
    assert _norms(prep["world"].authority) == {"flowers": (1, "")}  # only the allowed posts wrote


def test_save_change_and_remove_norms_with_audit_and_budget_warnings(client, prep):
    w = prep["world"]
    client.force_login(w.users["secretariat"])
    with scopes_disabled():
        budget = services.ensure_budget(None, prep["event"])
        services.save_budget_line(None, budget, {"group": "refreshments", "item": "Giải khát", "basis": "per_delegate",
                                                 "per_delegate": 1, "unit_price": 50000})
    url = reverse("logistics:norms") + f"?event={prep['event'].pk}"
    page = client.get(url).content.decode()
    assert 'name="limit_refreshments"' in page and 'name="limit_prize"' not in page
    basis = unicodedata.normalize("NFD", "Nghị quyết HĐND tỉnh: tối đa 40.000 đồng/đại biểu/buổi")
    r = client.post(url, {**_post(refreshments=("40000", basis), printing=("30000", "")),
                          "event": prep["event"].pk})
    assert r.status_code == 302 and r["Location"].endswith(f"?event={prep['event'].pk}")
    saved = _norms(w.authority)
    assert saved == {"refreshments": (40000, unicodedata.normalize("NFC", basis)), "printing": (30000, "")}
    with scopes_disabled():
        assert AuditLog.objects.filter(action="logistics.norm.save").count() == 2
        # 280 delegates (the quotas) × 50.000 đồng against 40.000 đồng: the budget warns
        assert any("vượt định mức 40.000" in x for x in queries.budget_summary(budget).warnings)
    page = client.get(url).content.decode()
    assert 'value="40.000"' in page and "tối đa 40.000 đồng/đại biểu/buổi" in page

    # the same values again: nothing written
    client.post(url, _post(refreshments=("40000", basis), printing=("30000", "")))
    with scopes_disabled():
        assert AuditLog.objects.filter(action__startswith="logistics.norm.").count() == 2
    # raise one, clear the other
    client.post(url, _post(refreshments=("60000", "Nghị quyết mới")))
    assert _norms(w.authority) == {"refreshments": (60000, "Nghị quyết mới")}
    with scopes_disabled():
        assert AuditLog.objects.filter(action="logistics.norm.delete").count() == 1
        assert not queries.budget_summary(budget).warnings


@pytest.mark.parametrize("value,message", [
    ("-1", "Định mức không được âm."),
    ("20000000", "Định mức quá lớn"),
    ("40,5", "Nhập số đồng nguyên"),
    ("4.5", "Nhập số đồng nguyên"),
    ("abc", "Nhập số đồng nguyên"),
])
def test_bad_values_are_refused_at_the_field_and_nothing_is_saved(client, prep, value, message):
    w = prep["world"]
    with scopes_disabled():
        services.set_norm(None, w.authority.pk, "flowers", 10000, "")
    client.force_login(w.users["secretariat"])
    r = client.post(reverse("logistics:norms"), _post(printing=("30000", ""), refreshments=(value, ""),
                                                      flowers=("10000", "")))
    assert r.status_code == 200
    page = r.content.decode()
    assert message in page and 'data-testid="norms-error"' in page
    row = page[page.index('data-group="refreshments"'):]
    assert message in row[:row.index("</tr>")]
    assert _norms(w.authority) == {"flowers": (10000, "")}


def test_amounts_as_officials_type_them(client, prep):
    client.force_login(prep["world"].users["secretariat"])
    client.post(reverse("logistics:norms"), _post(refreshments=("40.000", ""), printing=("30 000 đồng", ""),
                                                  flowers=("10.000đ", ""), press=("0", "")))
    assert _norms(prep["world"].authority) == {"refreshments": (40000, ""), "printing": (30000, ""),
                                               "flowers": (10000, ""), "press": (0, "")}


def test_service_refuses_what_the_form_would_and_prize_money(prep):
    w = prep["world"]
    with scopes_disabled():
        for group, limit, text in (("prize", 1000, "Nhóm chi không hợp lệ."), ("flowers", -5, "không được âm"),
                                   ("flowers", 10_000_001, "quá lớn"), ("flowers", "10000", "số đồng nguyên")):
            with pytest.raises(services.ValidationFailed) as exc:
                services.set_norm(None, w.authority.pk, group, limit)
            assert text in exc.value.message
        with pytest.raises(services.ValidationFailed) as exc:
            services.save_norms(None, w.authority.pk, {"printing": (30000, ""), "flowers": (-1, "")})
        assert exc.value.field == "limit_flowers"
    assert _norms(w.authority) == {}  # all or nothing


def test_each_authority_edits_its_own_norms(client, prep):
    w = prep["world"]
    with scopes_disabled():
        services.set_norm(None, w.authority.pk, "flowers", 10000, "Quy định của xã Tân Khai")
    client.force_login(w.users["other_secretariat"])
    page = client.get(reverse("logistics:norms")).content.decode()
    assert "Quy định của xã Tân Khai" not in page and 'value="10.000"' not in page
    client.post(reverse("logistics:norms"), _post(flowers=("5000", "Quy định của xã Minh Đức")))
    assert _norms(w.authority) == {"flowers": (10000, "Quy định của xã Tân Khai")}
    assert _norms(w.other_authority) == {"flowers": (5000, "Quy định của xã Minh Đức")}
    with pytest.raises(PermissionDenied):
        with scopes_disabled():
            services.save_norms(w.users["other_secretariat"], w.authority.pk, {"flowers": (1, "")})
    assert _norms(w.authority) == {"flowers": (10000, "Quy định của xã Tân Khai")}
