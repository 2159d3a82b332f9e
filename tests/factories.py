"""Small builders for tests: an authority with units, people and one account per role."""

from __future__ import annotations

from dataclasses import dataclass

from django_scopes import scopes_disabled

from thidua.orgs.models import Authority, Organisation, OrgKind, Person, Role, User

PASSWORD = "mat-khau-thu-nghiem-1"


@dataclass
class World:
    authority: Authority
    other_authority: Authority
    unit_a: Organisation
    unit_b: Organisation
    other_unit: Organisation
    person_a: Person
    person_b: Person
    users: dict[str, User]


def make_authority(code: str, name: str) -> Authority:
    return Authority.objects.create(code=code, name=f"Ủy ban nhân dân {name}", short_name=f"UBND {name}",
                                    level="xa", header_name=f"ỦY BAN NHÂN DÂN\n{name.upper()}", place_name=name.split()[-1])


def make_user(username: str, role: str, authority: Authority | None, unit: Organisation | None = None,
              superuser: bool = False) -> User:
    user = User(username=username, role=role, authority=authority, unit=unit, full_name=username,
                is_superuser=superuser, is_staff=superuser)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_world() -> World:
    with scopes_disabled():
        authority = make_authority("tan-khai", "xã Tân Khai")
        other = make_authority("minh-duc", "xã Minh Đức")
        unit_a = Organisation.objects.create(authority=authority, code="a", name="Trường Tiểu học Tân Khai A",
                                             kind=OrgKind.SCHOOL, display_order=2)
        unit_b = Organisation.objects.create(authority=authority, code="b", name="Phòng Văn hóa - Xã hội",
                                             kind=OrgKind.DEPARTMENT, display_order=1)
        other_unit = Organisation.objects.create(authority=other, code="x", name="Trường Mầm non Minh Đức",
                                                 kind=OrgKind.SCHOOL)
        person_a = Person.objects.create(authority=authority, organisation=unit_a, family_name="Nguyễn",
                                         middle_name="Văn", given_name="Hạ", gender="M", position="Hiệu trưởng")
        person_b = Person.objects.create(authority=authority, organisation=unit_b, family_name="Trần",
                                         middle_name="Thị", given_name="Ánh", gender="F", position="Trưởng phòng")
        Person.objects.create(authority=other, organisation=other_unit, family_name="Lê", middle_name="Thị",
                              given_name="Bích", gender="F")
        users = {
            "admin": make_user("admin", Role.ADMIN, authority),
            "secretariat": make_user("thuongtruc", Role.SECRETARIAT, authority),
            "reviewer": make_user("thamdinh", Role.REVIEWER, authority),
            "unit_officer": make_user("donvi", Role.UNIT_OFFICER, authority, unit_a),
            "reception": make_user("dontiep", Role.RECEPTION, authority),
            "leader": make_user("lanhdao", Role.LEADER, authority),
            "other_secretariat": make_user("khac", Role.SECRETARIAT, other),
        }
    return World(authority, other, unit_a, unit_b, other_unit, person_a, person_b, users)


def follow_job(client, response):
    """After a POST that started a background job (run at commit inside pytest-django's
    django_capture_on_commit_callbacks(execute=True)), follow the browser: the job page, then, if the job has a
    result page (an import's report), that page. Returns (job, the last response)."""
    from django.urls import reverse

    from thidua.orgs.models import Job

    assert response.status_code == 302, response.content[:500]
    with scopes_disabled():
        job = Job.objects.order_by("-pk").first()
    assert response["Location"] == reverse("web:job_detail", args=[job.pk])
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true")
    target = partial.headers.get("HX-Redirect")
    with scopes_disabled():
        job.refresh_from_db()
    return job, (client.get(target) if target else partial)
