"""#16: one recipient whose name the font cannot draw (stored before the rule) never fails the whole
certificate run: the others are printed and that one is listed on the job page."""

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfReader

from thidua.awards.models import CertificateBlank, DecisionLine
from thidua.orgs.models import Job

from .helpers import decided

pytestmark = pytest.mark.django_db


def test_certificates_job_prints_the_others_and_lists_the_bad_one(client, world, django_capture_on_commit_callbacks):
    d = decided(world)
    with scopes_disabled():
        line = DecisionLine.objects.filter(decision=d, kind="individual").get()
        DecisionLine.objects.filter(pk=line.pk).update(name="Nguyễn Văn 😀")
        blank = CertificateBlank.objects.create(authority=world.authority, name="Phôi", width_mm=297, height_mm=210,
                                                fields={"name": {"x": 40, "y": 90, "w": 217, "size": 22}})
    client.force_login(world.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:decision_certificates", args=[d.pk]), {"blank": blank.pk})
    with scopes_disabled():
        job = Job.objects.get(kind="awards.certificates")
    assert job.status == "done", job.message
    assert job.skipped == [{"record": "Nguyễn Văn 😀", "reason": "Họ tên / tên tập thể có ký tự không in được trên "
                                                               "văn bản: “😀” (ký tự thứ 12)."}]
    pdf = client.get(reverse("web:job_download", args=[job.pk]))
    data = b"".join(pdf.streaming_content)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "1 bản không tạo được" in page and "Nguyễn Văn 😀" in page
