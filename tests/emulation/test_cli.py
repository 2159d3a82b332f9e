"""`thidua ranking` and `thidua import_scorecard` (with --dry-run), and the demo loader."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle, score_fully
from tests.factories import make_world
from thidua.emulation.imports import export_scorecard
from thidua.emulation.models import Scorecard
from thidua.orgs.sheets import ExportColumn, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    world = make_world()
    s = make_cycle(world)
    with scopes_disabled():
        score_fully(s, world.unit_a, {"1.1": 110, "1.2": 1})
        score_fully(s, world.unit_b, {"1.1": 100, "1.2": 0})
    return world, s


def test_ranking_json(setup):
    out = io.StringIO()
    call_command("ranking", "--cycle", "2024", "--authority", "tan-khai", "--json", stdout=out)
    data = json.loads(out.getvalue())
    units = data["groups"][0]["units"]
    assert units[0]["name"] == "Trường Tiểu học Tân Khai A" and units[0]["rank"] == 1 and units[0]["place"] == "Nhất"
    assert units[0]["total"] >= units[1]["total"]
    with pytest.raises(CommandError, match="Không có năm thi đua 2030"):
        call_command("ranking", "--cycle", "2030", "--authority", "tan-khai")


def test_import_scorecard_dry_run_then_real(setup, tmp_path):
    world, s = setup
    with scopes_disabled():
        data = export_scorecard(s.card)
    path = tmp_path / "thang-diem.xlsx"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_scorecard", str(path), "--cycle", "2024", "--authority", "tan-khai", "--name", "Bản sao",
                 "--dry-run", stdout=out)
    assert "[Chạy thử, chưa ghi] 5 tiêu chí hợp lệ" in out.getvalue()
    with scopes_disabled():
        assert not Scorecard.objects.filter(name="Bản sao").exists()
    call_command("import_scorecard", str(path), "--cycle", "2024", "--authority", "tan-khai", "--name", "Bản sao",
                 stdout=io.StringIO())
    with scopes_disabled():
        card = Scorecard.objects.get(name="Bản sao")
        assert card.criteria.count() == 5 and card.criteria.get(code="2.1").unit_points == 2


def test_bad_scorecard_workbooks_are_explained(setup, tmp_path):
    missing = tmp_path / "thieu-cot.xlsx"
    missing.write_bytes(write_xlsx([ExportColumn("Nhóm"), ExportColumn("Mã tiêu chí")], [["I", "1"]]))
    with pytest.raises(CommandError, match="Thiếu cột bắt buộc"):
        call_command("import_scorecard", str(missing), "--cycle", "2024", "--authority", "tan-khai", "--name", "X")
    cols = [ExportColumn(t) for t in ("Nhóm", "Mã tiêu chí", "Nội dung tiêu chí", "Loại", "Điểm tối đa")]
    dup = tmp_path / "trung.xlsx"
    dup.write_bytes(write_xlsx(cols, [["I", "1.1", "A", "đạt/không đạt", 10], ["I", "1.1", "B", "chỉ tiêu", 5],
                                      ["I", "1.2", "C", "kiểu lạ", 5]]))
    out = io.StringIO()
    call_command("import_scorecard", str(dup), "--cycle", "2024", "--authority", "tan-khai", "--name", "Y", "--json",
                 stdout=out)
    report = json.loads(out.getvalue())
    reasons = [r["reason"] for r in report["rows"] if r["status"] == "rejected"]
    assert any("trùng với dòng" in r for r in reasons) and any("không hợp lệ" in r for r in reasons)
    assert report["scorecard_id"] is None  # all or nothing
    with scopes_disabled():
        assert not Scorecard.objects.filter(name="Y").exists()
