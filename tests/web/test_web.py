import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.http import content_disposition_header
from django_scopes import scopes_disabled
from pypdf import PdfReader

from thidua import clock
from thidua.orgs.models import Authority, Job, Organisation, Person, User

pytestmark = pytest.mark.django_db


def test_dashboard_names_the_authority_and_counts(client, world):
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "Ủy ban nhân dân xã Tân Khai" in page
    assert 'data-testid="unit-total">2<' in page and 'data-testid="people-total">2<' in page


def test_navigation_shows_only_permitted_modules(client, world):
    client.force_login(world.users["reception"])
    nav = client.get(reverse("web:dashboard")).content.decode().split("<main")[0]
    assert "Cá nhân" not in nav and "Nhật ký" not in nav
    client.force_login(world.users["admin"])
    nav = client.get(reverse("web:dashboard")).content.decode().split("<main")[0]
    assert "Cá nhân" in nav and "Nhật ký" in nav


def test_as_of_date_moves_the_clock_for_that_user_only(client, world):
    client.force_login(world.users["secretariat"])
    response = client.post(reverse("web:set_as_of"), {"as_of": "07/4/2025", "next": "/"}, follow=True)
    page = response.content.decode()
    assert "Đang xem hệ thống như vào ngày" in page and "07/04/2025" in page
    assert response.context["clock_today"] == dt.date(2025, 4, 7)
    response = client.post(reverse("web:set_as_of"), {"as_of": "31/02/2025"}, follow=True)
    assert "Ngày không hợp lệ" in response.content.decode()
    client.post(reverse("web:set_as_of"), {"as_of": ""})
    assert client.get(reverse("web:dashboard")).context["clock_today"] == clock.today()
    # An open redirect is refused.
    response = client.post(reverse("web:set_as_of"), {"as_of": "", "next": "https://example.org/"})
    assert response["Location"] == reverse("web:dashboard")


def test_specimen_downloads_are_real_documents(client, world):
    client.force_login(world.users["leader"])
    pdf = client.get(reverse("web:specimen_file", args=["pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    docx = client.get(reverse("web:specimen_file", args=["docx"]))
    assert docx.content[:2] == b"PK"
    assert client.get(reverse("web:specimen_file", args=["exe"])).status_code == 404


def test_bulk_job_reports_progress_and_result_only_to_its_owner(client, world, settings,
                                                                django_capture_on_commit_callbacks):
    client.force_login(world.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:specimen_bulk"), {"count": "12"})
    with scopes_disabled():
        job = Job.objects.get()
    assert response["Location"] == reverse("web:job_detail", args=[job.pk])
    assert job.status == "done" and job.percent == 100
    assert (job.done, job.total) == (12, 12)  # the handler's own count, not a made-up 1/1
    partial = client.get(reverse("web:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Hoàn thành" in partial and "Tải về" in partial and "hx-trigger" not in partial
    assert job.result_path.name == f"jobs/{job.pk}/result"  # the name stored before it became a FileField
    assert (settings.MEDIA_ROOT / "jobs" / str(job.pk) / "result").exists()
    download = client.get(reverse("web:job_download", args=[job.pk]))
    assert download["Content-Disposition"] == content_disposition_header(True, job.result_name)
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(pdf.pages) == 12
    job.result_path.storage.delete(job.result_path.name)
    assert client.get(reverse("web:job_download", args=[job.pk])).status_code == 404
    client.force_login(world.users["leader"])
    assert client.get(reverse("web:job_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:job_detail", args=[job.pk])).status_code == 404


def test_demo_loads_the_seed_world_and_is_idempotent(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "quantri" in out and "demo-thidua-2025" in out
    with scopes_disabled():
        authority = Authority.objects.get(code="hon-quan")
        units = Organisation.objects.filter(authority=authority).count()
        people = Person.objects.count()
        assert authority.place_name == "Hớn Quản" and units >= 60
        assert Organisation.objects.filter(authority=authority, kind="xa").count() == 13
        assert User.objects.get(username="donvi").unit.code == "xa-tan-khai"
    call_command("demo")
    with scopes_disabled():
        assert Organisation.objects.filter(authority=authority).count() == units
        assert Person.objects.count() == people


def test_healthz_and_root(client):
    assert client.get("/healthz").content == b"ok"
    assert client.get("/")["Location"].startswith("/dang-nhap/")
