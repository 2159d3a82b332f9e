"""`thidua serve` as production runs it: the real HTTP server answers pages and static files with the
security headers, reports a bad --bind in Vietnamese, and stops cleanly on SIGTERM."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError

from thidua.web.management.commands.serve import split_bind

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.headers, response.read()  # headers: case-insensitive


@pytest.fixture
def env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DATABASE_URL"}
    env.update({"THIDUA_DATA_DIR": str(tmp_path), "THIDUA_DEBUG": "0", "THIDUA_SECRET_KEY": "serve-" + "x" * 44,
                "THIDUA_ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT)})
    return env


def test_serve_answers_pages_and_static_files_and_stops_on_sigterm(env):
    subprocess.run([sys.executable, "-m", "thidua", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT,
                   check=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "thidua", "serve", "--bind", f"127.0.0.1:{port}", "--no-worker"],
                              env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode(errors="replace")[-2000:]
            try:
                status, headers, body = _get(port, "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "thidua serve did not answer within 60 s"
                time.sleep(0.3)
        assert (status, body) == (200, b"ok")
        assert headers.get("X-Content-Type-Options") == "nosniff"

        status, headers, body = _get(port, "/dang-nhap/")
        assert status == 200 and "Đăng nhập".encode() in body

        manifest = (Path(env["THIDUA_DATA_DIR"]) / "static" / "staticfiles.json").read_text()
        hashed = next(p for p in json.loads(manifest)["paths"].values() if p.startswith("web/app."))
        status, headers, body = _get(port, f"/static/{hashed}")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and b"{" in body
        assert "max-age" in (headers["Cache-Control"] or "")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    assert code == 0 or code == -signal.SIGTERM
    with pytest.raises(OSError):
        _get(port, "/healthz")


@pytest.mark.parametrize("bind, expected", [("127.0.0.1:8000", ("127.0.0.1", "8000")),
                                             ("0.0.0.0:80", ("0.0.0.0", "80")),
                                             ("[::1]:8443", ("::1", "8443"))])
def test_bind_is_split_into_host_and_port(bind, expected):
    assert split_bind(bind) == expected


@pytest.mark.parametrize("bind", ["8000", "127.0.0.1:", ":8000", "127.0.0.1:http"])
def test_a_bad_bind_is_refused_in_vietnamese(bind):
    with pytest.raises(CommandError, match="Địa chỉ --bind không hợp lệ"):
        split_bind(bind)
