"""Jobs that meet faults (#17): a worker killed mid-job, a locked database, a full disk. The user always
sees what happened in Vietnamese, with "Chạy lại", and no half-written file is left behind."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import time

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import OperationalError
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua import clock
from thidua.orgs import runner, uploads
from thidua.orgs.jobs import reap_stale, start_job
from thidua.orgs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    """Two test handlers: one that writes (not idempotent), one that only makes a file."""
    calls = {"n": 0, "fail": []}

    def writes(job, progress):
        calls["n"] += 1
        if calls["fail"]:
            raise calls["fail"].pop(0)
        return runner.JobResult(b"x" * 10, "ket-qua.txt", "text/plain")

    runner.handler("test.writes")(writes)
    runner.handler("test.makes_file", idempotent=True)(writes)
    yield calls
    for kind in ("test.writes", "test.makes_file"):
        runner.HANDLERS.pop(kind, None)
        runner.IDEMPOTENT.discard(kind)


def _running(kind: str, user, seconds_silent: int) -> Job:
    with scopes_disabled():
        job = Job.objects.create(authority=user.authority, owner=user, kind=kind, title="Việc thử",
                                 status=JobStatus.RUNNING, attempts=1,
                                 heartbeat_at=clock.now() - dt.timedelta(seconds=seconds_silent))
    partial = default_storage.save(f"jobs/{job.pk}/dang-ghi.tmp", io.BytesIO(b"nua chung"))
    assert default_storage.exists(partial)
    return job


def test_a_job_whose_worker_vanished_is_failed_with_the_reason_and_its_partial_file_removed(client, world, kinds):
    user = world.users["secretariat"]
    job = _running("test.writes", user, seconds_silent=120)
    fresh = _running("test.writes", user, seconds_silent=5)  # a live worker reported 5 s ago: left alone
    assert reap_stale() == 1
    with scopes_disabled():
        job.refresh_from_db()
        fresh.refresh_from_db()
    assert job.status == JobStatus.FAILED and "đã dừng" in job.message and "Chạy lại" in job.message
    assert not default_storage.exists(f"jobs/{job.pk}/dang-ghi.tmp")
    assert fresh.status == JobStatus.RUNNING
    client.force_login(user)
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "Lỗi" in page and 'data-testid="job-retry"' in page and "Đang chạy" not in page


def test_the_job_page_shows_a_lost_job_as_failed_without_writing_on_a_get(client, world, kinds):
    """No job shows "Đang chạy" for ever, even with no worker left to record it: the page derives it."""
    user = world.users["secretariat"]
    job = _running("test.writes", user, seconds_silent=300)
    client.force_login(user)
    partial = client.get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Lỗi" in partial and "đã dừng" in partial and "hx-trigger" not in partial  # the page stops polling
    assert 'data-testid="job-retry"' in partial
    listing = client.get(reverse("web:job_list")).content.decode()
    assert "đã dừng" in listing and "Chạy lại" in listing
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # a GET changed nothing; the worker's housekeeping records it


def test_chay_lai_starts_the_same_work_again(client, world, kinds, django_capture_on_commit_callbacks):
    user = world.users["secretariat"]
    job = _running("test.writes", user, seconds_silent=120)
    reap_stale()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:job_retry", args=[job.pk]))
    with scopes_disabled():
        again = Job.objects.exclude(pk=job.pk).get(kind="test.writes", status=JobStatus.DONE)
    assert response["Location"] == reverse("web:job_detail", args=[again.pk])
    assert again.title == job.title and again.params == job.params
    client.force_login(world.users["admin"])  # another user's job is as good as unknown
    assert client.post(reverse("web:job_retry", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job_retry", args=[job.pk])).status_code == 405


def test_an_idempotent_job_whose_worker_vanished_runs_again_once(world, kinds, django_capture_on_commit_callbacks):
    job = _running("test.makes_file", world.users["secretariat"], seconds_silent=120)
    with django_capture_on_commit_callbacks(execute=True):
        assert reap_stale() == 1
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and kinds["n"] == 1
    # A second vanishing of the same job is not retried again: it fails with the reason.
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                             heartbeat_at=clock.now() - dt.timedelta(minutes=5))
    reap_stale()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_locked_database_queues_the_job_again_instead_of_failing(world, kinds, django_capture_on_commit_callbacks):
    kinds["fail"] = [OperationalError("database is locked")]
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(world.users["secretariat"], "test.writes", "Việc thử", {})
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and kinds["n"] == 2
    # Locked three times in a row: it gives up with a message, not for ever.
    kinds["fail"] = [OperationalError("database is locked")] * 3
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(world.users["secretariat"], "test.writes", "Việc thử", {})
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == runner.MAX_ATTEMPTS


def test_a_full_disk_fails_the_job_in_vietnamese_and_leaves_no_truncated_file(world, kinds, monkeypatch,
                                                                              django_capture_on_commit_callbacks):
    real_save = FileSystemStorage.save

    def full_disk(self, name, content, max_length=None):
        real_save(self, name, io.BytesIO(b"x"))  # the first bytes landed, then the disk filled
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full_disk)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(world.users["secretariat"], "test.writes", "Việc thử", {})
    with scopes_disabled():
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Hết chỗ trên đĩa" in job.message
    assert default_storage.listdir(f"jobs/{job.pk}/")[1] == []


def test_the_heartbeat_is_written_while_the_handler_works(transactional_db, world, settings, kinds):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    seen = []

    def slow(job, progress):
        time.sleep(0.4)
        with scopes_disabled():
            seen.append(Job.objects.get(pk=job.pk).heartbeat_at)
        return runner.JobResult(b"ok", "ok.txt", "text/plain")

    runner.handler("test.slow")(slow)
    try:
        with scopes_disabled():
            job = Job.objects.create(authority=world.users["secretariat"].authority, owner=world.users["secretariat"],
                                     kind="test.slow", title="Chậm")
        started = clock.now()
        runner.run(job.pk)
    finally:
        runner.HANDLERS.pop("test.slow")
    assert seen[0] > started + dt.timedelta(seconds=0.1)  # beats came while the handler still ran


def test_import_files_are_removed_after_the_kept_days(settings, world):
    settings.IMPORT_KEEP_DAYS = 7
    old = uploads.stash(b"PK old", {"user": 1})
    new = uploads.stash(b"PK new", {"user": 1})
    eight_days_ago = time.time() - 8 * 86400
    for ext in ("bin", "json"):
        path = default_storage.path(f"imports/{old}.{ext}")
        os.utime(path, (eight_days_ago, eight_days_ago))
    assert uploads.purge_stale() == 2
    with pytest.raises(LookupError):
        uploads.unstash(old)
    assert uploads.unstash(new)[0] == b"PK new"


def test_confirming_an_import_whose_file_was_removed_says_so(client, world, django_capture_on_commit_callbacks):
    from tests.orgs.test_imports import messy_people_workbook

    client.force_login(world.users["secretariat"])
    upload = io.BytesIO(messy_people_workbook())
    upload.name = "ds.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orgs:import_upload", args=["people"]), {"file": upload, "encoding": "auto"})
    with scopes_disabled():
        job = Job.objects.get(kind="orgs.import")
    for ext in ("bin", "json"):
        default_storage.delete(f"imports/{job.params['token']}.{ext}")
    response = client.post(reverse("orgs:import_confirm", args=["people", job.pk]), follow=True)
    assert "Tệp đã tải lên không còn" in response.content.decode()
