"""#17, reproducible installs: uv.lock pins every dependency pyproject.toml names, from PyPI (a fresh CI
machine can fetch it), is in step with pyproject.toml, and is what this environment runs; `make audit`
tells "vulnerable" from "the vulnerability database could not be reached" (tools/audit_deps.py)."""

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
PACKAGES = {canonicalize_name(p["name"]): p for p in LOCK["package"]}
PROJECT = PYPROJECT["project"]
DECLARED = [*PROJECT["dependencies"], *(r for reqs in PROJECT["optional-dependencies"].values() for r in reqs),
            *(r for reqs in PYPROJECT.get("dependency-groups", {}).values() for r in reqs)]


def _audit():
    spec = importlib.util.spec_from_file_location("audit_deps", ROOT / "tools" / "audit_deps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _uv() -> list[str] | None:
    if importlib.util.find_spec("uv"):
        return [sys.executable, "-m", "uv"]
    for python in ("python3", "python3.11"):
        if (path := shutil.which(python)) and subprocess.run([path, "-m", "uv", "--version"],
                                                             capture_output=True).returncode == 0:
            return [path, "-m", "uv"]
    return [uv] if (uv := shutil.which("uv")) else None


@pytest.mark.parametrize("requirement", DECLARED)
def test_every_declared_dependency_is_pinned_in_the_lock_within_its_bounds(requirement):
    req = Requirement(requirement)
    locked = PACKAGES.get(canonicalize_name(req.name))
    assert locked, f"{req.name} is in pyproject.toml but not in uv.lock: run `python3 -m uv lock`"
    assert locked["version"] in SpecifierSet(str(req.specifier)), (req, locked["version"])


def test_the_lock_fetches_from_pypi_only_with_hashes():
    """A mirror on this machine's disk (file:///opt/pypi) would leave a lock no other machine can use."""
    for name, package in PACKAGES.items():
        if name == "thidua":
            assert package["source"] == {"editable": "."}
            continue
        assert package["source"] == {"registry": "https://pypi.org/simple"}, (name, package["source"])
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, name
        for file in files:
            assert file["url"].startswith("https://files.pythonhosted.org/"), (name, file["url"])
            assert file["hash"].startswith("sha256:"), (name, file)


def test_this_environment_runs_the_locked_versions():
    """What `make venv` (uv sync --locked) installed; a venv built another way shows up here."""
    runtime_and_test = {canonicalize_name(d["name"]) for d in PACKAGES["thidua"]["dependencies"]}
    runtime_and_test |= {canonicalize_name(d["name"]) for d in PACKAGES["thidua"]["optional-dependencies"]["test"]}
    wrong = {}
    for name in runtime_and_test:
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            wrong[name] = "missing"
            continue
        if installed != PACKAGES[name]["version"]:
            wrong[name] = f"{installed} installed, {PACKAGES[name]['version']} locked"
    assert not wrong, f"run `make venv`: {wrong}"


def test_the_lock_is_in_step_with_pyproject():
    uv = _uv()
    if uv is None:
        pytest.skip("uv không có trên máy này (python3 -m uv): bỏ qua kiểm tra uv.lock khớp pyproject.toml.")
    done = subprocess.run([*uv, "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    if done.returncode and "offline" in done.stderr.lower() and "needs to be updated" not in done.stderr:
        pytest.skip(f"uv cannot check without the network here: {done.stderr.strip()}")
    assert done.returncode == 0, f"uv.lock is stale, run `python3 -m uv lock`:\n{done.stderr}"


def test_audit_says_when_the_vulnerability_database_cannot_be_reached():
    audit = _audit()
    stderr = ("Traceback …\nrequests.exceptions.ProxyError: HTTPSConnectionPool(host='pypi.org', port=443): "
              "Max retries exceeded with url: /pypi/asgiref/3.13.0/json\n")
    code, lines = audit.verdict(1, stderr, None)
    assert code == audit.UNREACHABLE == 3
    assert lines[0].startswith("Không kết nối được cơ sở dữ liệu lỗ hổng (PyPI/OSV): chưa kiểm tra được")
    # a proxy that hides the PyPI JSON API: pip-audit exits 0 having skipped every package
    skipped = {"dependencies": [{"name": n, "skip_reason": f"Dependency not found on PyPI and could not be "
                                 f"audited: {n} (1.0)"} for n in ("django", "segno")], "fixes": []}
    code, lines = audit.verdict(0, "", skipped)
    assert code == audit.UNREACHABLE and "chưa kiểm tra được gói nào" in lines[0]


def test_audit_lists_vulnerabilities_and_passes_a_clean_lock():
    audit = _audit()
    report = {"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [
            {"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": ["CVE-2025-0001"], "description": "…"}]},
        {"name": "segno", "version": "1.6.6", "vulns": []},
        {"name": "pypdf", "skip_reason": "Dependency not found on PyPI and could not be audited: pypdf (7.1.1)"},
    ], "fixes": []}
    code, lines = audit.verdict(1, "", report)
    text = "\n".join(lines)
    assert code == audit.VULNERABLE == 1
    assert "django 5.2.0: PYSEC-2025-1 (CVE-2025-0001) — sửa ở phiên bản: 5.2.1" in text
    assert "chưa kiểm tra được 1/3 gói: pypdf" in text  # the skipped one is not passed over in silence
    clean = {"dependencies": [{"name": "segno", "version": "1.6.6", "vulns": []}], "fixes": []}
    assert audit.verdict(0, "", clean) == (audit.OK, ["Không có lỗ hổng đã biết trong 1 gói mà uv.lock khóa "
                                                       "(dịch vụ: pypi)."])
