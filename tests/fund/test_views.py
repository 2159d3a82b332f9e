"""The fund's pages: who sees and keeps it, another authority's entries not found by any role, the form
(POST, CSRF, Vietnamese errors, what was typed kept, versioned edit), the spreadsheet with no live formula,
the Decree 30 report (PDF text with its Vietnamese heading), the command's JSON and the dashboard item."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.awards.helpers import decided, make_signer
from tests.events.test_export_formulas import assert_xlsx_safe
from tests.logistics.test_seed_plan import pdf_text
from thidua.fund import attention, documents, services
from thidua.fund.models import FundEntry
from thidua.orgs.versions import FIELD
from thidua.paperwork.docx import render_docx
from thidua.paperwork.pdf import render_pdf
from thidua.vn.money import format_money

pytestmark = pytest.mark.django_db
ROLES_READ = {"admin": 200, "secretariat": 200, "leader": 200, "reviewer": 403, "unit_officer": 403, "reception": 403}
ROLES_WRITE = {"admin": 200, "secretariat": 200, "leader": 403, "reviewer": 403, "unit_officer": 403, "reception": 403}


def _entry(authority, **values) -> FundEntry:
    with scopes_disabled():
        return services.record_entry(None, authority, {"date": dt.date(2025, 1, 10), "kind": "allocation",
                                                       "amount": 50_000_000, "description": "Trích lập quỹ năm 2025",
                                                       **values})


@pytest.mark.parametrize("name,expected", [("fund:ledger", ROLES_READ), ("fund:entry_create", ROLES_WRITE)])
def test_role_matrix(client, world, name, expected):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, role
        client.logout()


def test_another_authoritys_entries_are_not_found_by_any_role(client, world):
    theirs = _entry(world.other_authority, description="Quỹ của xã Minh Đức")
    ours = _entry(world.authority)
    url = reverse("fund:entry_edit", args=[theirs.pk])
    for role in ROLES_READ:
        client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role
        assert client.post(url, {"date": "2025-01-10", "kind": "payment", "amount": "1", "description": "x"}
                           ).status_code in (404, 405), role
        page = client.get(reverse("fund:ledger"), {"nam": 2025})
        assert page.status_code != 200 or "Quỹ của xã Minh Đức" not in page.content.decode()
        client.logout()
    client.force_login(world.users["reviewer"])
    assert client.get(reverse("fund:entry_edit", args=[ours.pk])).status_code == 403  # own, but may not keep it
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("fund:entry_edit", args=[ours.pk])).status_code == 404
    assert client.get(reverse("fund:entry_edit", args=[theirs.pk])).status_code == 200
    with scopes_disabled():
        assert FundEntry.objects.get(pk=theirs.pk).kind == "allocation"


def test_ledger_page_shows_opening_running_balance_and_totals(client, world):
    _entry(world.authority, date=dt.date(2024, 5, 1), amount=7_000_000, description="Trích lập 2024")
    _entry(world.authority)
    d = decided(world)
    with scopes_disabled():
        paid = FundEntry.objects.get(decision=d).amount
    client.force_login(world.users["leader"])
    page = client.get(reverse("fund:ledger"), {"nam": 2025}).content.decode()
    assert 'data-testid="fund-opening">7.000.000<' in page
    assert 'data-testid="fund-in">50.000.000<' in page
    assert f'data-testid="fund-out">{format_money(paid, unit=False)}<' in page
    closing = format_money(57_000_000 - paid, unit=False)
    assert f'data-testid="fund-closing">{closing}<' in page and "Chi tiền thưởng theo Quyết định số 05/QĐ-UBND" in page
    assert "Trích lập 2024" not in page  # another year
    assert "Trích lập 2024" in client.get(reverse("fund:ledger"), {"nam": "tat-ca"}).content.decode()
    assert "Ghi sổ quỹ" not in page  # a leader reads


def test_the_form_records_refuses_in_vietnamese_keeps_what_was_typed_and_needs_csrf(world):
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["secretariat"])
    data = {"date": "2025-02-03", "kind": "allocation", "amount": "12.500.000", "description": "Bổ sung quỹ đợt 2",
            "document_number": "21/QĐ-UBND", "document_date": "2025-02-01"}
    assert csrf.post(reverse("fund:entry_create"), data).status_code == 403
    client = Client()
    client.force_login(world.users["secretariat"])
    bad = client.post(reverse("fund:entry_create"), {**data, "amount": "12,5"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Số tiền (đồng)" in text and "Bổ sung quỹ đợt 2" in text and "12,5" in text and "21/QĐ-UBND" in text
    assert "Nhập nội dung" in client.post(reverse("fund:entry_create"), {**data, "description": ""}).content.decode()
    r = client.post(reverse("fund:entry_create"), data)
    assert r.status_code == 302 and r["Location"].endswith("?nam=2025")
    with scopes_disabled():
        entry = FundEntry.objects.get(authority=world.authority)
        assert (entry.amount, entry.document_number, entry.created_by) == (12_500_000, "21/QĐ-UBND",
                                                                          world.users["secretariat"])


def test_editing_an_entry_is_versioned(client, world):
    entry = _entry(world.authority)
    client.force_login(world.users["secretariat"])
    url = reverse("fund:entry_edit", args=[entry.pk])
    form = client.get(url).content.decode()
    version = form.split(f'name="{FIELD}" value="')[1].split('"')[0]
    with scopes_disabled():
        services.update_entry(world.users["admin"], entry, {"date": entry.date, "kind": "allocation",
                                                            "amount": 40_000_000, "description": "Sửa bởi người khác"})
    stale = client.post(url, {"date": "2025-01-10", "kind": "allocation", "amount": "45.000.000",
                              "description": "Bản của tôi", FIELD: version})
    assert stale.status_code == 200 and "Đã có người sửa" in stale.content.decode()
    assert "Bản của tôi" in stale.content.decode()
    with scopes_disabled():
        assert FundEntry.objects.get(pk=entry.pk).amount == 40_000_000


def test_a_posting_is_not_edited_by_hand(client, world):
    d = decided(world)
    with scopes_disabled():
        posting = FundEntry.objects.get(decision=d)
    client.force_login(world.users["secretariat"])
    r = client.get(reverse("fund:entry_edit", args=[posting.pk]))
    assert r.status_code == 302


def test_excel_neutralises_formula_like_text(client, world):
    _entry(world.authority, description="=HYPERLINK(\"http://evil\")", document_number="@SUM(A1)")
    _entry(world.authority, kind="payment", amount=1000, description="+1+2")
    client.force_login(world.users["secretariat"])
    r = client.get(reverse("fund:ledger"), {"nam": 2025, "format": "xlsx"})
    assert r.status_code == 200 and assert_xlsx_safe(r.content) >= 3


def test_the_report_renders_with_its_vietnamese_heading(client, world, tmp_path):
    make_signer(world.authority)
    _entry(world.authority, date=dt.date(2024, 12, 1), amount=3_000_000, description="Trích lập 2024")
    _entry(world.authority)
    decided(world)
    with scopes_disabled():
        doc = documents.report_document(world.authority, 2025)
        pdf, docx = render_pdf(doc), render_docx(doc)
    text = pdf_text(pdf)
    assert "BÁO CÁO" in text and "Tình hình thu, chi Quỹ thi đua, khen thưởng năm 2025" in text
    assert "Báo cáo tình hình thu, chi Quỹ thi đua, khen thưởng năm 2025 của Ủy ban nhân dân xã Tân Khai" in " ".join(
        text.split())
    assert "ỦY BAN NHÂN DÂN" in text and "XÃ TÂN KHAI" in text and "Nguyễn Văn Hạ" in text
    assert "3.000.000" in text and "50.000.000" in text and "SỔ QUỸ THI ĐUA, KHEN THƯỞNG" in text
    (tmp_path / "bao-cao-quy.pdf").write_bytes(pdf)
    assert docx[:2] == b"PK"
    client.force_login(world.users["leader"])
    r = client.get(reverse("fund:report", args=[2025, "pdf"]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert client.get(reverse("fund:report", args=[2025, "docx"])).status_code == 200
    assert client.get(reverse("fund:report", args=[2025, "odt"])).status_code == 404


def test_the_command_prints_entries_and_balance_as_json(world):
    _entry(world.authority)
    d = decided(world)
    _entry(world.other_authority, amount=999)
    out = io.StringIO()
    call_command("fund", str(world.authority.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    with scopes_disabled():
        paid = FundEntry.objects.get(decision=d).amount
    assert data["authority"]["id"] == world.authority.pk
    assert [(e["kind"], e["amount"], e["decision"]) for e in data["entries"]] == [
        ("allocation", 50_000_000, None), ("payment", paid, d.pk)]
    assert [e["balance"] for e in data["entries"]] == [50_000_000, 50_000_000 - paid]
    assert data["balance"] == data["closing"] == 50_000_000 - paid and data["total_out"] == paid
    out = io.StringIO()
    call_command("fund", world.authority.code, "--json", "--year", "2024", stdout=out)
    assert json.loads(out.getvalue())["entries"] == []


def test_a_negative_balance_is_on_the_dashboard(client, world):
    decided(world)  # paid with nothing allocated
    with scopes_disabled():
        assert [i["level"] for i in attention.items(world.users["secretariat"])] == ["danger"]
        assert "bị âm" in attention.items(world.users["leader"])[0]["text"]
        assert attention.items(world.users["reviewer"]) == []
        assert attention.items(world.users["other_secretariat"]) == []
    client.force_login(world.users["secretariat"])
    assert "Quỹ thi đua, khen thưởng bị âm" in client.get(reverse("web:dashboard")).content.decode()
    _entry(world.authority)
    with scopes_disabled():
        assert attention.items(world.users["secretariat"]) == []
