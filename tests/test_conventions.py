"""The house rules that a linter cannot say alone: why an import sits inside a function, how long a
module may grow, and that every template formats numbers through the one filter library."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "thidua"
SOURCES = [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]

# The only reasons an import may sit inside a function (ruff PLC0415 needs `# noqa: PLC0415 (reason)`).
INLINE_IMPORT_REASONS = {
    "startup": "a heavy library (Typst, PyICU, openpyxl, …) loaded on first use, so commands start fast",
    "app-registry": "models or signal handlers imported once Django's app registry is ready",
    "optional": "a tool that may be missing where the module is imported",
}
NOQA = re.compile(r"#\s*noqa:\s*PLC0415\s*(?:\((?P<reason>[a-z-]+)\))?")


def test_every_inline_import_says_why_from_the_fixed_list():
    bad = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = NOQA.search(line)
            if match and match["reason"] not in INLINE_IMPORT_REASONS:
                bad.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert not bad, "PLC0415 without a reason from INLINE_IMPORT_REASONS:\n" + "\n".join(bad)


def test_no_module_over_600_lines():
    long = {str(p.relative_to(ROOT.parent)): n for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, f"split these along their sections: {long}"


@pytest.mark.parametrize("pattern", [r'replace\("\.", ","\)', r"settings\.MEDIA_ROOT", r'\["Content-Disposition"\]\s*='])
def test_one_place_for_numbers_files_and_downloads(pattern):
    """Numbers through vn.money, stored files through FileField and storage, downloads through
    orgs.viewkit.download: none of them by hand."""
    allowed = {"settings.py", "viewkit.py"}  # the one place each is done
    hits = [f"{p.relative_to(ROOT.parent)}" for p in SOURCES
            if p.name not in allowed and re.search(pattern, p.read_text(encoding="utf-8"))]
    assert not hits, hits


TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)(?P<attrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
HANDLER = re.compile(r"(?<![\w:-])(?:on[a-z]+|hx-on[\w:-]*)\s*=", re.I)  # hx-on runs through eval


def test_no_inline_script_no_event_handler_attribute_no_javascript_url():
    """The Content-Security-Policy (thidua.web.csp) runs scripts from our static files only: code goes in a
    static .js file, data in data-* attributes or json_script, a confirmation in data-confirm (web/app.js)."""
    bad = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in TAG.finditer(text):
            attrs, name = tag["attrs"], tag["name"].lower()
            line = text.count("\n", 0, tag.start()) + 1
            where = f"{path.relative_to(ROOT.parent)}:{line}"
            if name == "script" and not re.search(r"\ssrc\s*=", attrs) and "application/json" not in attrs:
                bad.append(f"{where}: inline <script> (move it to a static file)")
            if handler := HANDLER.search(attrs):
                bad.append(f"{where}: <{name} {handler.group(0)}…> (use a data-* attribute and web/app.js)")
            if re.search(r"""=\s*["']?\s*javascript:""", attrs, re.I):
                bad.append(f"{where}: javascript: URL in <{name}>")
    assert TEMPLATES and not bad, "blocked by the Content-Security-Policy:\n" + "\n".join(bad)
