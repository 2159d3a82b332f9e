"""Every awards page, every role; id tampering across units and authorities; bounded query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards import services
from thidua.awards.models import Proposal
from thidua.orgs.models import Organisation, Person

from .helpers import decided, proposal

pytestmark = pytest.mark.django_db

ALL = ("admin", "secretariat", "reviewer", "unit_officer", "reception", "leader")
PAGES = [
    ("awards:proposal_list", {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200,
                              "reception": 403, "leader": 200}),
    ("awards:proposal_create", {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 200,
                                "reception": 403, "leader": 403}),
    ("awards:meeting_list", {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                             "reception": 403, "leader": 403}),
    ("awards:meeting_create", {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                               "reception": 403, "leader": 403}),
    ("awards:decision_list", {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 403,
                              "reception": 403, "leader": 200}),
    ("awards:decision_create", {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                                "reception": 403, "leader": 403}),
    ("awards:blank_create", {"admin": 200, "secretariat": 200, "reviewer": 403, "unit_officer": 403,
                             "reception": 403, "leader": 403}),
    ("awards:catalogue", {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200,
                          "reception": 403, "leader": 200}),
    ("awards:search", {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 200,
                       "reception": 403, "leader": 200}),
    ("awards:statistics", {"admin": 200, "secretariat": 200, "reviewer": 200, "unit_officer": 403,
                           "reception": 403, "leader": 200}),
]


@pytest.mark.parametrize("name,expected", PAGES, ids=[p[0] for p in PAGES])
def test_role_matrix(client, world, name, expected):
    url = reverse(name)
    assert client.get(url).status_code == 302
    for role, status in expected.items():
        client.force_login(world.users[role])
        assert client.get(url).status_code == status, (role, url)
        client.logout()


@pytest.fixture
def other_unit_proposal(world):
    """A proposal of unit_b (not the officer's) with a file, and one of the other authority."""
    p = proposal(world, unit=world.unit_b, actor=world.users["secretariat"])
    with scopes_disabled():
        services.add_line(None, p, {"kind": "individual", "person": world.person_b})
        services.add_attachment(None, p, "bao-cao", "bc.pdf", b"%PDF-1.4 secret")
        other_sec = world.users["other_secretariat"]
        from thidua.awards.models import Award, AwardFamily

        foreign = services.create_proposal(other_sec, world.other_authority, {
            "organisation": world.other_unit, "year": 2024, "family": AwardFamily.objects.first(),
            "award": Award.objects.get(code="gk-xa")})
    return p, foreign


def test_unit_officer_cannot_tamper_ids(client, world, other_unit_proposal):
    p, foreign = other_unit_proposal
    client.force_login(world.users["unit_officer"])
    with scopes_disabled():
        att = p.attachments.get()
        line = p.lines.get()
    gets = [reverse("awards:proposal_detail", args=[p.pk]), reverse("awards:proposal_history", args=[p.pk]),
            reverse("awards:proposal_letter", args=[p.pk, "pdf"]), reverse("awards:attachment_download", args=[att.pk])]
    for url in gets:
        assert client.get(url).status_code == 403, url
    posts = [(reverse("awards:proposal_transition", args=[p.pk]), {"action": "submit"}),
             (reverse("awards:proposal_line_add", args=[p.pk]), {"kind": "individual", "person": world.person_a.pk}),
             (reverse("awards:proposal_line_remove", args=[p.pk, line.pk]), {}),
             (reverse("awards:attachment_upload", args=[p.pk]), {"kind": "khac"}),
             (reverse("awards:attachment_remove", args=[att.pk]), {}),
             (reverse("awards:proposal_bulk"), {"ids": [p.pk], "action": "accept"})]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    with scopes_disabled():
        p.refresh_from_db()
        assert p.status == "draft" and p.lines.count() == 1 and p.attachments.count() == 1
    # creating a proposal for another unit is refused too
    from thidua.awards.models import Award, AwardFamily
    response = client.post(reverse("awards:proposal_create"), {
        "organisation": world.unit_b.pk, "year": 2024, "family": AwardFamily.objects.first().pk,
        "award": Award.objects.get(code="gk-xa").pk})
    assert response.status_code in (200, 403)
    with scopes_disabled():
        assert not Proposal.objects.filter(organisation=world.unit_b).exclude(pk=p.pk).exists()
    # another authority's rows do not exist for this user
    assert client.get(reverse("awards:proposal_detail", args=[foreign.pk])).status_code == 404
    # search limited to the own unit
    assert client.get(reverse("awards:search") + f"?unit={world.unit_b.pk}").status_code == 403


def test_other_authority_is_invisible_to_secretariat(client, world, other_unit_proposal):
    _, foreign = other_unit_proposal
    d = decided(world)
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("awards:proposal_detail", args=[foreign.pk])).status_code == 200
    for url in (reverse("awards:decision_detail", args=[d.pk]), reverse("awards:decision_file", args=[d.pk, "pdf"])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("awards:decision_delete", args=[d.pk])).status_code == 404


def test_officer_sees_own_unit_proposals_only(client, world, other_unit_proposal):
    mine = proposal(world)
    client.force_login(world.users["unit_officer"])
    page = client.get(reverse("awards:proposal_list")).content.decode()
    assert reverse("awards:proposal_detail", args=[mine.pk]) in page
    assert "Phòng Văn hóa - Xã hội" not in page


def _many(world, n):
    with scopes_disabled():
        for i in range(n):
            unit = Organisation.objects.create(authority=world.authority, code=f"u{i}", name=f"Đơn vị {i}")
            person = Person.objects.create(authority=world.authority, organisation=unit, given_name=f"Người{i}",
                                           family_name="Lê")
            p = proposal(world, unit=unit, actor=world.users["secretariat"])
            services.add_line(None, p, {"kind": "individual", "person": person})
            decided(world, lines=[{"kind": "individual", "person": person}], number=10 + i)
            services.create_meeting(None, world.authority, {"year": 2024, "date": dt.date(2025, 3, 1), "chair": "A",
                                                            "secretary": "B"}, [("A", ""), ("B", "")])


@pytest.mark.parametrize("name,query", [("awards:proposal_list", ""), ("awards:decision_list", ""),
                                        ("awards:search", "?q=le"), ("awards:meeting_list", "")])
def test_list_query_counts_do_not_grow(client, world, name, query):
    client.force_login(world.users["secretariat"])
    url = reverse(name) + query
    _many(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _many_more = 2
    with scopes_disabled():
        for i in range(_many_more):
            unit = Organisation.objects.create(authority=world.authority, code=f"v{i}", name=f"Đơn vị thêm {i}")
            person = Person.objects.create(authority=world.authority, organisation=unit, given_name=f"Thêm{i}",
                                           family_name="Lê")
            p = proposal(world, unit=unit, actor=world.users["secretariat"])
            services.add_line(None, p, {"kind": "individual", "person": person})
            decided(world, lines=[{"kind": "individual", "person": person}], number=20 + i)
            services.create_meeting(None, world.authority, {"year": 2024, "date": dt.date(2025, 3, 2), "chair": "A",
                                                            "secretary": "B"}, [("A", ""), ("B", "")])
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)
    assert response.status_code == 200
    assert len(three) == len(one), [q["sql"] for q in three.captured_queries]


def test_state_changes_need_post(client, world):
    p = proposal(world)
    client.force_login(world.users["unit_officer"])
    assert client.get(reverse("awards:proposal_transition", args=[p.pk])).status_code == 405

