import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from pypdf import PdfReader

from thidua.awards import demo as awards_demo
from thidua.awards import queries
from thidua.awards.models import Decision
from thidua.orgs import demo as orgs_demo

from .helpers import decided

pytestmark = pytest.mark.django_db


def test_decisions_command_lists_json(world):
    d = decided(world)
    out = io.StringIO()
    call_command("decisions", "--json", "--authority", world.authority.code, stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [{"id": d.pk, "number": "05/QĐ-UBND", "date": "2025-03-10", "signer": "Nguyễn Văn Hạ",
                     "signer_title": "CHỦ TỊCH", "award": "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
                     "status": "issued", "recipients": 2, "total": 360_000 + 710_000}]
    out = io.StringIO()
    call_command("decisions", "--authority", world.authority.code, stdout=out)
    assert "05/QĐ-UBND" in out.getvalue() and "1.070.000" in out.getvalue()


def test_decision_export_writes_three_files(world, tmp_path):
    d = decided(world)
    pdf, docx, xlsx = tmp_path / "qd.pdf", tmp_path / "qd.docx", tmp_path / "qd.xlsx"
    call_command("decision_export", str(d.pk), "--pdf", str(pdf), "--docx", str(docx), "--xlsx", str(xlsx),
                 stdout=io.StringIO())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert ("Về việc tặng Giấy khen cho các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua năm "
            "2024") in text
    assert "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Tân Khai cho 01 tập thể và 01 cá nhân" in text
    assert docx.read_bytes()[:2] == b"PK"
    ws = load_workbook(xlsx).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Nguyễn Văn Hạ" in values and 710_000 in values


def test_demo_loads_realistic_decisions_once(db):
    with scopes_disabled():
        authority = orgs_demo.load(log=lambda *_: None)
        awards_demo.load(log=lambda *_: None)
        awards_demo.load(log=lambda *_: None)  # idempotent
        decisions = list(Decision.objects.filter(authority=authority))
        assert len(decisions) == 7 and all(d.date < dt.date(2025, 7, 1) for d in decisions)
        recipients = queries.decided_recipients(authority)
    assert 30 <= len(recipients) <= 60
    assert {r.kind for r in recipients} == {"individual", "collective"}
    assert {r.level for r in recipients} >= {"province", "district", "grassroots"}
    assert recipients[0].award.code == "co-tinh"  # the highest form is presented first


def test_leading_units_proposed_for_the_flag_in_one_step(db):
    from thidua.awards import services
    from thidua.emulation import demo as emulation_demo
    from thidua.emulation.queries import cycles, leading_units
    from thidua.orgs.models import User

    with scopes_disabled():
        authority = orgs_demo.load(log=lambda *_: None)
        emulation_demo.load(log=lambda *_: None)
        services.seed_catalogue(None)
        cycle = cycles(authority).get(year=2024)
        leaders = leading_units(cycle)
        assert leaders, "the emulation demo locks the 2024 ranking"
        sec = User.objects.get(username="thuongtruc")
        created = services.propose_leading_units(sec, authority, cycle)
        assert sorted(p.organisation_id for p in created) == sorted({lu.organisation.pk for lu in leaders})
        for p in created:
            line = p.lines.get()
            assert (p.award.code, p.cycle_id, line.kind, line.organisation_id) == (
                "co-tinh", cycle.pk, "collective", p.organisation_id)
            assert "tổng điểm" in line.achievement
        assert services.propose_leading_units(sec, authority, cycle) == []
        officer = User.objects.get(username="donvi")
        with pytest.raises(PermissionDenied):
            services.propose_leading_units(officer, authority, cycle)
