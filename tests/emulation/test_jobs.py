"""Ranking a whole cycle as a background job: progress per cluster/block and the Excel summary."""

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from tests.emulation.helpers import make_cycle, score_fully
from tests.factories import make_world
from thidua.emulation import jobs, services
from thidua.orgs.models import Job, Organisation

pytestmark = pytest.mark.django_db


def test_rank_cycle_job_produces_the_summary(client, django_capture_on_commit_callbacks):
    world = make_world()
    s = make_cycle(world)
    with scopes_disabled():
        score_fully(s, world.unit_a, {"1.1": 120, "1.2": 0, "2.1": 3})
        score_fully(s, world.unit_b, {"1.1": 100, "1.2": 0})
        g2 = services.create_group(None, s.cycle, "cum", "Cụm thi đua số 2", scorecard=s.card)
        extra = Organisation.objects.create(authority=world.authority, code="x1", name="Xã Thanh An")
        services.set_members(None, g2, [extra])
    url = reverse("emulation:ranking", args=[s.cycle.pk])
    client.force_login(world.users["unit_officer"])
    assert client.post(url, {"action": "job"}).status_code == 403
    client.force_login(world.users["reviewer"])  # reading the ranking is enough to export it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "job"})
    with scopes_disabled():
        job = Job.objects.get(kind="emulation.rank_cycle")
    assert response["Location"] == reverse("web:job_detail", args=[job.pk])
    assert job.status == "done", job.message
    calls = []
    with scopes_disabled():
        jobs.rank_cycle(job, lambda done, total, message: calls.append((done, total, message)))
    assert calls[-1][:2] == (2, 2) and "Cụm thi đua số 2" in calls[-1][2]  # one step per cluster/block
    data = b"".join(client.get(reverse("web:job_download", args=[job.pk])).streaming_content)
    ws = load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert any(r[2] == "Trường Tiểu học Tân Khai A" and r[7] == "Nhất" for r in values)
    assert any(r[2] == "Xã Thanh An" for r in values)
    assert any("Cụm thi đua số 2" in str(r[0] or "") or "Cụm thi đua số 2" in str(r[1] or "") for r in values)
