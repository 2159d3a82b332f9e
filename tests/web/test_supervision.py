"""What keeps the service up (#17): request bodies refused before they are read, the supervisor that starts a
dead process again, the background worker that outlives a locked database, imports that write in short
transactions."""

from __future__ import annotations

import io
import sys
import threading
import time

import pytest
from django.db import OperationalError
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.orgs.imports import import_people, import_units
from thidua.orgs.models import AuditLog, Organisation, Person
from thidua.web.management.commands import worker as worker_command
from thidua.web.management.commands.serve import Supervisor

pytestmark = pytest.mark.django_db


class _Unread(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self):
        return True

    def readinto(self, b):
        raise AssertionError("the body was read")


def _post(client, url, length, **extra):
    return client.generic("POST", url, b"", CONTENT_TYPE="application/x-www-form-urlencoded",
                          CONTENT_LENGTH=str(length), **{"wsgi.input": _Unread(), **extra})


def test_an_anonymous_body_over_the_limit_is_refused_unread_in_vietnamese(client, settings):
    settings.ANON_BODY_MAX_BYTES = 1024 * 1024
    response = _post(client, reverse("login"), 1_500_000_000)
    page = response.content.decode()
    assert response.status_code == 413 and "Dữ liệu gửi lên quá lớn" in page and "1.430,5 MB" in page
    assert response["Connection"] == "close"
    api = _post(client, "/don-tiep/api/v1/events/1/checkins/", 5 * 1024 * 1024, HTTP_ACCEPT="application/json")
    assert api.status_code == 413 and api.json()["error"] == "too_large"


def test_a_signed_in_user_may_send_one_upload_but_not_more(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    settings.BODY_MAX_BYTES = settings.UPLOAD_MAX_BYTES + 1024 * 1024
    client.force_login(world.users["secretariat"])
    url = reverse("orgs:import_upload", args=["people"])
    assert _post(client, url, 4 * 1024 * 1024).status_code == 413
    small = io.BytesIO(b"not a workbook")
    small.name = "x.xlsx"
    response = client.post(url, {"file": small, "encoding": "auto"})  # under the limit: read and answered
    assert response.status_code == 200 and "không phải bảng tính" in response.content.decode()


def test_the_supervisor_starts_a_dead_process_again_and_keeps_the_other(capsys):
    commands = {"web": [sys.executable, "-c", "import time; time.sleep(30)"],
                "worker": [sys.executable, "-c", "import sys; sys.exit(3)"]}
    out = io.StringIO()
    supervisor = Supervisor(commands, out)
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        time.sleep(4)
        web = supervisor.procs["web"]
        assert web.poll() is None  # the web was never stopped because the worker died
    finally:
        supervisor.stop()
        thread.join(20)
    restarts = out.getvalue().count("Tiến trình worker đã dừng (mã 3)")
    assert 2 <= restarts <= 3  # after 1 s, then 2 s: the pause grows while it keeps failing
    assert supervisor.procs["web"] is web and web.poll() is not None  # and both stop together


def test_the_worker_outlives_a_locked_database(monkeypatch):
    calls = []

    def run(self):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")

    monkeypatch.setattr(worker_command.Worker, "run", run)
    monkeypatch.setattr(worker_command.time, "sleep", lambda s: None)
    sturdy = worker_command.SturdyWorker(queue_names=["default"], interval=0.1, batch=True, backend_name="default",
                                         startup_delay=False, max_tasks=None, worker_id="t", excluded_queue_names=[])
    sturdy.run()
    assert len(calls) == 3


def test_a_units_import_writes_in_short_transactions_and_reports_progress_between_them(world, settings):
    from tests.orgs.test_imports import workbook

    settings.IMPORT_BATCH_SECONDS = 0  # every row its own transaction
    seen = []
    rows = [["Tên đơn vị", "Loại"], *[[f"Trường Mầm non Thử {i}", "Trường học"] for i in range(30)]]
    with scopes_disabled():
        report = import_units(None, world.authority, workbook(rows, merge_title=False), "dv.xlsx", dry_run=True,
                              max_bytes=10**7, progress=lambda done, total, message: seen.append((done, message)))
        assert report.counts["imported"] == 30
        assert not Organisation.objects.filter(name__startswith="Trường Mầm non Thử").exists()
    assert len(seen) >= 29 and seen[-1][1].startswith("Đã xử lý 30/30")
    with scopes_disabled():
        import_units(None, world.authority, workbook(rows, merge_title=False), "dv.xlsx", dry_run=False,
                     max_bytes=10**7)
        assert Organisation.objects.filter(name__startswith="Trường Mầm non Thử").count() == 30


def test_a_people_dry_run_writes_nothing_and_the_real_import_writes_every_row(world):
    from tests.orgs.test_imports import workbook

    names = [f"Nguyễn Văn Thử{chr(0x61 + i % 26)}{chr(0x61 + i // 26)}" for i in range(450)]
    data = workbook([["Họ và tên", "Giới tính", "Chức vụ"], *[[n, "Nam", "Chuyên viên"] for n in names]],
                    merge_title=False)
    with scopes_disabled():
        audit_before = AuditLog.objects.count()
        report = import_people(None, world.authority, data, "ds.xlsx", dry_run=True, max_bytes=10**7)
        assert report.counts["imported"] == 450
        assert not Person.objects.filter(given_name__startswith="Thử").exists()
        assert AuditLog.objects.count() == audit_before  # not even an audit entry
        import_people(None, world.authority, data, "ds.xlsx", dry_run=False, max_bytes=10**7)
        assert Person.objects.filter(given_name__startswith="Thử").count() == 450  # four batches of 100 and the last 50
        again = import_people(None, world.authority, data, "ds.xlsx", dry_run=True, max_bytes=10**7)
        assert again.counts["updated"] == 450 and Person.objects.filter(given_name__startswith="Thử").count() == 450
