"""#16: one formula rule (`vn.normalise.looks_like_formula`) and one place that applies it to every
exported cell (`orgs.sheets.write_xlsx` / `write_csv`): titles, lines above the table, headers, rows."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from thidua.checkin import documents as checkin_documents
from thidua.events import exports
from thidua.events.models import Delegate
from thidua.orgs.sheets import ExportColumn, neutralise, write_csv, write_xlsx
from thidua.vn.normalise import looks_like_formula, nfc

EVIL = ["=1+2", '+HYPERLINK("http://evil","x")', "-2+3", "@SUM(A1)", "\t=1", "  =1+2", "\uff1d1+2", "\r=1"]


def test_the_rule():
    for text in EVIL:
        assert looks_like_formula(text), text
    for text in ("Nguyễn Văn A", "1+2", "", "   ", "'=1", "A=1", "Phòng Văn hóa - Xã hội"):
        assert not looks_like_formula(text), text
    for number in (-5, Decimal("-2.5"), -0.5, None, dt.date(2025, 1, 1)):
        assert not looks_like_formula(number)


@given(st.text())
def test_a_neutralised_text_never_looks_like_a_formula(text):
    value = neutralise(text)
    assert not looks_like_formula(value)
    assert value in (nfc(text), "'" + nfc(text))  # only quoted (and NFC), never cut


def assert_xlsx_safe(data: bytes) -> int:
    """No cell of any sheet is a formula, and every text that looks like one is quote-prefixed."""
    wb = load_workbook(io.BytesIO(data))
    risky = 0
    for ws in wb.worksheets:
        assert not looks_like_formula(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.quotePrefix, (cell.coordinate, cell.value)
                    risky += 1
    return risky


def assert_csv_safe(data: bytes) -> int:
    risky = 0
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        for value in row:
            assert not looks_like_formula(value) or re.fullmatch(r"-\d+(\.\d+)?", value), value  # -5: a number
            risky += value.startswith("'") and looks_like_formula(value[1:])
    return risky


def test_writer_neutralises_every_text_and_keeps_numbers():
    cols = [ExportColumn(EVIL[0]), ExportColumn("Số", kind="int"), ExportColumn("Tiền", kind="money"),
            ExportColumn("Ngày", kind="date")]
    rows = [[text, -5, Decimal("-1500000"), dt.date(2025, 1, 2)] for text in EVIL]
    data = write_xlsx(cols, rows, title="=HYPERLINK(\"http://evil\")", subtitle_lines=["-2+3", "@SUM(A1)"],
                      sheet_name="=x")
    # every evil row text, the header, the title and both lines above the table
    assert assert_xlsx_safe(data) == len(EVIL) + 1 + 1 + 2
    ws = load_workbook(io.BytesIO(data)).active
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0][0] == "=HYPERLINK(\"http://evil\")"  # the text as typed, shown as text
    body = values[-len(EVIL):]
    assert [r[1] for r in body] == EVIL  # read back as typed (an exported sheet imports back the same)
    assert all(r[2] == -5 and r[3] == -1500000 and isinstance(r[4], dt.datetime) for r in body)  # numbers stay

    text = write_csv(cols, rows)
    assert assert_csv_safe(text) == len(EVIL) + 1
    parsed = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert parsed[1][1] == "'=1+2" and parsed[1][2] == "-5" and parsed[1][3] == "-1500000"
    assert neutralise(-5) == -5 and neutralise("1+2") == "1+2"


def test_only_the_writer_writes_spreadsheets():
    """Every exporter goes through `orgs.sheets.write_xlsx`/`write_csv`: no other module builds a
    workbook or a CSV writer, or puts values into cells itself."""
    root = Path(__file__).resolve().parents[2] / "thidua"
    offenders = []
    for path in root.rglob("*.py"):
        if path.relative_to(root).as_posix() == "orgs/sheets.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = (node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    ) if isinstance(node, ast.Call) else ""
            if name in ("Workbook", "writer", "DictWriter", "write_only"):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node.func)}")
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("openpyxl"):
                offenders.append(f"{path.relative_to(root)}:{node.lineno} from {node.module}")
    assert offenders == []


@pytest.fixture
def evil_event(conf):
    with scopes_disabled():
        event = conf.event
        event.title = "=HYPERLINK(\"http://evil\",\"Hội nghị\")"
        event.venue = "=1+2"
        event.parking_car = "-2+3"
        event.parking_motorbike = "@SUM(A1)"
        event.save()
        for d, text in ((conf.mine, "=1+2"), (conf.theirs, "+HYPERLINK(\"http://evil\")"),
                        (conf.guest, "@SUM(A1)")):
            Delegate.objects.filter(pk=d.pk).update(
                full_name=text, position="-2+3", unit_text="\t=1", notes="=1+2", phone="+84 912 345 678",
                email="@evil", substitute_name="=1", substitute_position="-1", area="=A", seat="",
                vehicle="car" if d != conf.guest else "motorbike")
    return event


def test_delegate_lists_and_parking_list_export_no_formula(client, conf, evil_event):
    client.force_login(conf.world.users["secretariat"])
    for url in (reverse("events:delegate_list", args=[evil_event.pk]) + "?format=xlsx",
                reverse("events:reminders", args=[evil_event.pk]) + "?format=xlsx"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert assert_xlsx_safe(r.content) >= 4  # the title above the table and the delegates' texts
    with scopes_disabled():
        delegates = list(Delegate.objects.filter(event=evil_event).select_related("category"))
        data = exports.delegates_xlsx(evil_event, delegates)
        assert assert_xlsx_safe(data) >= 1 + 3 * 6
        groups = {"car": [d for d in delegates if d.vehicle == "car"],
                  "motorbike": [d for d in delegates if d.vehicle == "motorbike"]}
        parking = checkin_documents.parking_xlsx(evil_event, groups, {})
    # event title and venue above the table; per row: name, position, phone, parking place (+ a typed unit)
    assert assert_xlsx_safe(parking) >= 2 + 3 * 4
    ws = load_workbook(io.BytesIO(parking)).active
    assert ws["A2"].value == evil_event.title and ws["A2"].quotePrefix
