"""Pages of the emulation cycle: roles, id tampering, query counts, bad input at the place of the error."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from thidua.emulation import services
from thidua.emulation.models import Covenant, ScoreSheet
from thidua.orgs.models import AuditLog, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    return make_cycle(world)


def _pages(s, w):
    c = s.cycle.pk
    return [
        ("emulation:cycles", [], {"secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 403, "leader": 200}),
        ("emulation:cycle", [c], {"secretariat": 200, "reviewer": 200, "unit_officer": 302, "reception": 403, "leader": 200}),
        ("emulation:covenants", [c], {"secretariat": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:ranking", [c], {"secretariat": 200, "reviewer": 200, "leader": 200, "unit_officer": 403, "reception": 403}),
        ("emulation:scorecard_import", [c], {"secretariat": 200, "reviewer": 403, "unit_officer": 403}),
        ("emulation:group", [s.group.pk], {"secretariat": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:scorecard", [s.card.pk], {"secretariat": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:unit", [c, w.unit_a.pk], {"secretariat": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:unit", [c, w.unit_b.pk], {"secretariat": 200, "unit_officer": 403}),
        ("emulation:covenant", [c, w.unit_a.pk], {"secretariat": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:covenant", [c, w.unit_b.pk], {"secretariat": 200, "reviewer": 200, "unit_officer": 403}),
        ("emulation:sheet", [c, w.unit_a.pk], {"secretariat": 200, "reviewer": 200, "unit_officer": 200, "reception": 403}),
        ("emulation:sheet", [c, w.unit_b.pk], {"secretariat": 200, "unit_officer": 403}),  # peer, not yet sent
        ("emulation:sheet", [c, s.units[2].pk], {"secretariat": 200, "unit_officer": 403}),  # not assigned
        ("emulation:my_unit", [], {"unit_officer": 302, "secretariat": 403}),
    ]


def test_role_matrix_and_id_tampering(client, world, setup):
    for name, args, expected in _pages(setup, world):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 302
        for role, status in expected.items():
            client.force_login(world.users[role])
            assert client.get(url).status_code == status, (role, url)
            client.logout()


def test_other_authority_sees_nothing(client, world, setup):
    client.force_login(world.users["other_secretariat"])
    for name, args in [("emulation:cycle", [setup.cycle.pk]), ("emulation:group", [setup.group.pk]),
                       ("emulation:ranking", [setup.cycle.pk]), ("emulation:scorecard", [setup.card.pk]),
                       ("emulation:sheet", [setup.cycle.pk, world.unit_a.pk])]:
        assert client.get(reverse(name, args=args)).status_code == 404, name


def test_unit_officer_cannot_post_for_another_unit(client, world, setup):
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_b.pk])
    assert client.post(url, {"action": "save", "commitments": "x"}).status_code == 403
    url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_b.pk])
    assert client.post(url, {"action": "save", f"v{setup.crit['1.2'].pk}": "1"}).status_code == 403
    with scopes_disabled():
        assert not Covenant.objects.filter(organisation=world.unit_b).exists()
    # lock and exclusion are the secretariat's
    url = reverse("emulation:ranking", args=[setup.cycle.pk])
    assert client.post(url, {"action": "lock", "group": setup.group.pk}).status_code == 403


def test_unit_officer_registers_and_self_scores_through_pages(client, world, setup):
    client.force_login(world.users["unit_officer"])
    url = reverse("emulation:covenant", args=[setup.cycle.pk, world.unit_a.pk])
    page = client.post(url, {"action": "submit", f"t{setup.crit['1.1'].pk}": "-5", "commitments": "Cam kết"})
    assert "phải lớn hơn 0" in page.content.decode()
    client.post(url, {"action": "submit", f"t{setup.crit['1.1'].pk}": "98,5", "commitments": "Cam kết"})
    with scopes_disabled():
        assert Covenant.objects.get(organisation=world.unit_a).status == "submitted"
    sheet_url = reverse("emulation:sheet", args=[setup.cycle.pk, world.unit_a.pk])
    page = client.post(sheet_url, {"action": "save", f"v{setup.crit['4.1'].pk}": "9",
                                   f"v{setup.crit['2.1'].pk}": "2"}).content.decode()
    assert "vượt quá điểm tối đa 5" in page and 'value="9"' in page  # shown where it was typed
    client.post(sheet_url, {"action": "save", f"v{setup.crit['2.1'].pk}": "2", f"v{setup.crit['1.1'].pk}": "99"})
    upload = client.post(sheet_url, {"action": "evidence", "criterion": setup.crit["1.2"].pk,
                                     "file": _file("anh.png", b"\x89PNG\r\n\x1a\n0000")})
    assert upload.status_code == 302
    bad = client.post(sheet_url, {"action": "evidence", "criterion": setup.crit["1.2"].pk,
                                  "file": _file("mau.html", b"<html>")}, follow=True).content.decode()
    assert "“mau.html” không đúng loại, không nhận được. Chỉ nhận: PDF, Word (.docx), Excel (.xlsx), ảnh PNG, ảnh JPEG." in bad
    page = client.get(sheet_url).content.decode()
    assert "anh.png" in page and "Tổng điểm hiện tại" in page
    with scopes_disabled():
        sheet = ScoreSheet.objects.get(organisation=world.unit_a)
        assert sheet.scores.get(criterion=setup.crit["2.1"]).self_value == 2


def _file(name, data):
    return SimpleUploadedFile(name, data)


def test_evidence_is_kept_in_the_storage_and_served_only_to_those_who_may_see_it(client, world, setup):
    officer = world.users["unit_officer"]
    with scopes_disabled():
        sheet = services.get_sheet(setup.cycle, world.unit_a)
        ev = services.add_evidence(officer, sheet, setup.crit["1.2"], "Kế hoạch.pdf", b"%PDF-1.7 minh chung")
        assert ev.file.name == f"emulation/{setup.cycle.pk}/{sheet.pk}/{ev.file.name.rsplit('/', 1)[1]}"
        assert ev.file.name.endswith(".pdf") and default_storage.exists(ev.file.name)
        entry = AuditLog.objects.get(action="emulation.evidence.add")
        assert entry.after["file"] == ev.file.name and entry.authority_id == setup.cycle.authority_id
    url = reverse("emulation:evidence", args=[ev.pk])
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 minh chung"
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    client.force_login(world.users["other_secretariat"])
    assert client.get(url).status_code == 404
    default_storage.delete(ev.file.name)
    client.force_login(officer)
    assert client.get(url).status_code == 404


def test_ranking_page_exports_and_lock(client, world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 120, "1.2": 1, "2.1": 3})
        score_fully(setup, world.unit_b, {"1.1": 100, "1.2": 1, "2.1": 1})
        score_fully(setup, setup.units[2], {"1.1": 90, "1.2": 0, "2.1": 1})
    client.force_login(world.users["secretariat"])
    url = reverse("emulation:ranking", args=[setup.cycle.pk])
    page = client.get(url).content.decode()
    assert page.index("Trường Tiểu học Tân Khai A") < page.index("Phòng Văn hóa - Xã hội") < page.index("Ánh Dương")
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(r[2] == "Trường Tiểu học Tân Khai A" and r[6] == 1 and r[7] == "Nhất" for r in values)
    client.post(url, {"action": "lock", "group": setup.group.pk})
    assert "Đã khóa, công bố" in client.get(url).content.decode()


def test_list_views_have_bounded_queries(client, world, setup):
    client.force_login(world.users["secretariat"])

    def count(name, args):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name, args=args)).status_code == 200
        return len(ctx.captured_queries)

    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 100, "1.2": 0})
    small = {n: count(n, a) for n, a in [("emulation:covenants", [setup.cycle.pk]),
                                          ("emulation:ranking", [setup.cycle.pk]),
                                          ("emulation:cycle", [setup.cycle.pk]),
                                          ("emulation:sheet", [setup.cycle.pk, world.unit_a.pk])]}
    with scopes_disabled():
        more = [Organisation.objects.create(authority=world.authority, code=f"m{i}", name=f"Đơn vị {i}") for i in range(2)]
        services.set_members(None, setup.group, setup.units + more)
        for unit in setup.units[1:] + more:
            score_fully(setup, unit, {"1.1": 90, "1.2": 0, "2.1": 2})
        g2 = services.create_group(None, setup.cycle, "cum", "Cụm thi đua số 2", scorecard=setup.card)
        services.create_group(None, setup.cycle, "cum", "Cụm thi đua số 3", scorecard=setup.card)
        extra = Organisation.objects.create(authority=world.authority, code="m9", name="Đơn vị 9")
        services.set_members(None, g2, [extra])
    for n, a in [("emulation:covenants", [setup.cycle.pk]), ("emulation:ranking", [setup.cycle.pk]),
                 ("emulation:cycle", [setup.cycle.pk]), ("emulation:sheet", [setup.cycle.pk, world.unit_a.pk])]:
        assert count(n, a) <= small[n], n


def test_documents_render(client, world, setup):
    with scopes_disabled():
        score_fully(setup, world.unit_a, {"1.1": 100, "1.2": 1})
    client.force_login(world.users["secretariat"])
    for kind in ("giao-uoc", "bien-ban", "mau-dang-ky"):
        pdf = client.get(reverse("emulation:group_document", args=[setup.group.pk, kind, "pdf"]))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        docx = client.get(reverse("emulation:group_document", args=[setup.group.pk, kind, "docx"]))
        assert docx.status_code == 200 and docx.content.startswith(b"PK")
    pdf = client.get(reverse("emulation:ranking", args=[setup.cycle.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")
