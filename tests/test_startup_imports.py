"""The `thidua` command starts fast: Django loading the apps, models and URLs does not import the heavy
document libraries; they are imported by the first document that needs them (#21)."""

import os
import subprocess
import sys

HEAVY = ("typst", "docx", "pypdf", "segno", "openpyxl", "python_calamine", "pyhanko", "pyhanko_certvalidator")

CODE = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
django.setup()
import thidua.urls  # noqa: F401  (every app's views and URLs, as `thidua check` loads them)
print(" ".join(m for m in sys.argv[1:] if m in sys.modules))
"""


def test_apps_and_urls_load_without_the_document_libraries(tmp_path):
    env = {**os.environ, "THIDUA_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", CODE, *HEAVY], capture_output=True, text=True, env=env,
                         check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert out.stdout.split() == [], f"imported at start-up: {out.stdout.strip()} (import them where they are used)"
