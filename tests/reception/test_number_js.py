"""The desk's script reads a typed invitation number by the same rule as the server
(`scanner.invitation_number`): offline, the desk decides alone (#20)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.reception.test_numbers import typed
from thidua.checkin import scanner

DESK_JS = Path(__file__).resolve().parents[2] / "thidua/checkin/static/checkin/desk.js"
NODE = shutil.which("node")


def _functions() -> str:
    source = DESK_JS.read_text(encoding="utf-8")
    return "\n".join(re.search(rf"  function {name}\(.*?\n  }}\n", source, re.S).group(0)
                     for name in ("fold", "parseNumber"))


def _js(texts: list[str]) -> list:
    script = _functions() + "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" \
        "process.stdout.write(JSON.stringify(input.map(parseNumber)));"
    out = subprocess.run([NODE, "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


SAMPLES = ["", "0", "0002", "2", "02", " 0 0 0 2 ", "Mã điểm danh số 0002", "số 2", "#2", "So: 2", "abc", "12a",
           "2-3", "2.5", "-2", "1" * 8, "9999999", "4.ab.cd.ef", "Mã điểm danh số", "x" * 100, "ĐIỂM DANH 2", "２", "0\u00a02"]


@pytest.mark.skipif(NODE is None, reason="Không có node: bỏ qua so sánh với mã JavaScript của bàn đón tiếp.")
def test_the_desk_script_and_the_server_read_the_same_numbers():
    assert _js(SAMPLES) == [scanner.invitation_number(t) for t in SAMPLES]


@pytest.mark.skipif(NODE is None, reason="Không có node: bỏ qua so sánh với mã JavaScript của bàn đón tiếp.")
@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(1, 9_999_999).flatmap(typed), min_size=20, max_size=20))
def test_any_typing_reads_alike_in_the_script(texts):
    assert _js(texts) == [scanner.invitation_number(t) for t in texts]
