"""thidua.vn must not import Django (import-linter checks it too; this runs with the unit tests)."""

import ast
import pathlib
import subprocess
import sys

import thidua.vn

PACKAGE = pathlib.Path(thidua.vn.__file__).parent


def test_no_django_import_in_source():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_importing_vn_loads_no_django():
    code = (
        "import sys, thidua.vn, thidua.vn.collate, thidua.vn.dates, thidua.vn.money;"
        "thidua.vn.sort_key('a'); thidua.vn.fix_legacy('H\\xb5 N\\xe9i', 'tcvn3');"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_api_is_exported():
    for name in thidua.vn.__all__:
        assert callable(getattr(thidua.vn, name)), name
