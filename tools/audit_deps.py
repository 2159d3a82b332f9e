"""`make audit`: pip-audit against exactly the versions uv.lock pins (standard library only).

pip-audit itself is pinned in uv.lock (dependency group `audit`) and runs in an isolated environment.
pip-audit exits 1 both when it finds a vulnerability and when the vulnerability service cannot be reached
(a traceback), and exits 0 when every package was skipped as "not found" (what a proxy that hides the PyPI
JSON API yields); this wrapper tells the three apart.

Exit codes: 0 no known vulnerability in any locked package; 1 vulnerabilities (listed); 2 uv or pip-audit
failed for another reason; 3 the vulnerability database (PyPI/OSV) could not be reached, so some or all
packages were not checked.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

OK, VULNERABLE, FAILED, UNREACHABLE = 0, 1, 2, 3

# What requests/urllib3 (pip-audit) and uv print when the network or a proxy is in the way.
NETWORK_SIGNS = (
    "ConnectionError",
    "ProxyError",
    "ConnectTimeout",
    "ReadTimeout",
    "SSLError",
    "NameResolutionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Connection refused",
    "Network is unreachable",
    "Failed to fetch",
    "dns error",
    "tcp connect error",
    "error sending request",
)


def unreachable_message(service: str, detail: str) -> str:
    other = "osv" if service == "pypi" else "pypi"
    return (
        f"Không kết nối được cơ sở dữ liệu lỗ hổng (PyPI/OSV): chưa kiểm tra được {detail}.\n"
        f"  Dịch vụ đã hỏi: {service}. Kiểm tra kết nối Internet hoặc proxy (HTTPS_PROXY) rồi chạy lại"
        f" `make audit`, hoặc hỏi dịch vụ kia: `make audit AUDIT_SERVICE={other}`."
    )


def verdict(returncode: int, stderr: str, report: dict | None, service: str = "pypi") -> tuple[int, list[str]]:
    """The exit code and the lines to print, from one pip-audit run (its JSON report, if it wrote one)."""
    network = next((sign for sign in NETWORK_SIGNS if sign in stderr), None)
    if report is None:
        if network:
            last = [line for line in stderr.strip().splitlines() if line.strip()][-1:]
            return UNREACHABLE, [unreachable_message(service, "gói nào"), *(f"  ({line.strip()})" for line in last)]
        return FAILED, [f"pip-audit không chạy được (mã thoát {returncode}):", stderr.strip()]
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    lines: list[str] = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "chưa có bản sửa"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"{dep['name']} {dep.get('version', '?')}: {vuln.get('id', '?')}"
                + (f" ({aliases})" if aliases else "")
                + f" — sửa ở phiên bản: {fixes}"
            )
    if vulnerable:
        count = sum(len(d["vulns"]) for d in vulnerable)
        lines.insert(0, f"Tìm thấy {count} lỗ hổng trong {len(vulnerable)} gói đã khóa trong uv.lock:")
        lines.append("Nâng phiên bản trong pyproject.toml (nếu cần), chạy `python3 -m uv lock`, rồi `make test`.")
    if skipped:
        names = ", ".join(f"{d['name']} {d.get('version', '')}".strip() for d in skipped)
        if len(skipped) == len(dependencies):
            detail = f"gói nào (cả {len(skipped)} gói bị bỏ qua; ví dụ: {skipped[0]['skip_reason']})"
        else:
            detail = f"{len(skipped)}/{len(dependencies)} gói: {names}"
        lines.append(unreachable_message(service, detail))
    if vulnerable:
        return VULNERABLE, lines
    if skipped or network:
        if not skipped:
            lines.append(unreachable_message(service, "một số gói"))
        return UNREACHABLE, lines
    return OK, [f"Không có lỗ hổng đã biết trong {len(dependencies)} gói mà uv.lock khóa (dịch vụ: {service})."]


def main() -> int:
    python = os.environ.get("PYTHON", sys.executable)
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    uv = [python, "-m", "uv"]
    with tempfile.TemporaryDirectory(prefix="thidua-audit-") as tmp:
        requirements, out = Path(tmp, "requirements.txt"), Path(tmp, "audit.json")
        exported = subprocess.run(
            [*uv, "export", "-q", "--frozen", "--all-extras", "--all-groups", "--no-emit-project",
             "--format", "requirements-txt", "-o", str(requirements)],
            capture_output=True, text=True,
        )
        if exported.returncode:
            print("Không xuất được danh sách gói từ uv.lock:", exported.stderr.strip(), file=sys.stderr)
            return FAILED
        # Every line is pinned with hashes, so pip-audit needs neither pip nor a resolver (--disable-pip).
        run = subprocess.run(
            [*uv, "run", "-q", "--frozen", "--isolated", "--only-group", "audit", "pip-audit",
             "--disable-pip", "--progress-spinner", "off", "-s", service,
             "-r", str(requirements), "-f", "json", "-o", str(out)],
            capture_output=True, text=True,
        )
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    code, lines = verdict(run.returncode, run.stderr, report, service)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
