"""Category (d) from the award recipients, in one step: who is added, who is reported, idempotency,
the date range, the note for reception and the programme, permissions, the page and the demo."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.events import documents, services
from thidua.events.models import Delegate
from thidua.orgs.models import AuditLog, Person, Signer

pytestmark = pytest.mark.django_db


def decide(conf, code, number, day, lines, issue=True):
    with scopes_disabled():
        signer = Signer.objects.filter(authority=conf.world.authority).first()  # made by the conf fixture
        d = award_services.create_decision(None, conf.world.authority, {
            "award": Award.objects.get(code=code), "date": day, "year": 2024, "number": number, "signer": signer,
            "signer_level": "ct-xa", "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2024"}, lines)
        return award_services.issue_decision(None, d) if issue else d


@pytest.fixture
def awarded(conf):
    """gk-xa (10/3/2025): Nguyễn Văn Hạ (already invited in b), Lê Văn Tâm, Phạm Thị Thu and the collective
    Phòng Văn hóa - Xã hội; ldtt (20/2/2025): Lê Văn Tâm again. Outside the default range: 20/12/2024
    and 01/5/2025 (after the event); a draft decision is never counted."""
    w = conf.world
    with scopes_disabled():
        award_services.seed_catalogue(None)
        services.update_event(None, conf.event, {"closes_year": 2024, "launches_year": 2025})
        tam = Person.objects.create(authority=w.authority, organisation=w.unit_a, family_name="Lê", middle_name="Văn",
                                    given_name="Tâm", gender="M", position="Giáo viên", phone="0912 345 678")
        thu = Person.objects.create(authority=w.authority, organisation=w.unit_b, family_name="Phạm",
                                    middle_name="Thị", given_name="Thu", gender="F", position="Chuyên viên")
        early = Person.objects.create(authority=w.authority, organisation=w.unit_b, family_name="Đỗ",
                                      middle_name="Văn", given_name="Sớm", gender="M")
        late = Person.objects.create(authority=w.authority, organisation=w.unit_b, family_name="Võ",
                                     middle_name="Thị", given_name="Muộn", gender="F")
    decide(conf, "gk-xa", 5, dt.date(2025, 3, 10), [
        {"kind": "individual", "person": w.person_a}, {"kind": "individual", "person": tam},
        {"kind": "individual", "person": thu}, {"kind": "collective", "organisation": w.unit_b}])
    decide(conf, "ldtt", 6, dt.date(2025, 2, 20), [{"kind": "individual", "person": tam}])
    decide(conf, "gk-xa", 90, dt.date(2024, 12, 20), [{"kind": "individual", "person": early}])
    decide(conf, "gk-xa", 7, dt.date(2025, 5, 1), [{"kind": "individual", "person": late}])
    decide(conf, "ldtt", 8, dt.date(2025, 3, 1), [{"kind": "individual", "person": late}], issue=False)
    return {"tam": tam, "thu": thu, "early": early, "late": late}


def _run(conf, actor=None, **kw):
    with scopes_disabled():
        return services.add_award_recipients(actor, conf.event, **kw)


def _d(conf, **filters):
    with scopes_disabled():
        return Delegate.objects.select_related("category", "organisation").get(event=conf.event, **filters)


def test_default_range_is_the_closed_cycle_up_to_the_event(conf):
    e = conf.event
    e.closes_year, e.date = 2024, dt.date(2025, 4, 10)
    assert services.recipient_range(e) == (dt.date(2025, 1, 1), dt.date(2025, 4, 10))
    e.closes_year = None
    assert services.recipient_range(e) == (dt.date(2025, 1, 1), dt.date(2025, 4, 10))
    e.date, e.tentative_year, e.closes_year = None, 2025, 2024
    assert services.recipient_range(e) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    e.date = dt.date(2024, 12, 28)  # held in the year it closes
    assert services.recipient_range(e) == (dt.date(2024, 1, 1), dt.date(2024, 12, 28))


def test_recipients_become_category_d_delegates_once(conf, awarded):
    report = _run(conf)
    assert (report.date_from, report.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 4, 10))
    assert report.counts == {"recipients": 4, "added": 3, "existing": 1, "noted": 1}
    tam = _d(conf, person=awarded["tam"])
    assert (tam.category.code, tam.addressee, tam.position, tam.organisation_id, tam.phone) == (
        "d", "Ông Lê Văn Tâm", "Giáo viên", conf.world.unit_a.pk, "0912 345 678")
    # both of his awards, the higher form first, with the decision number and date
    assert tam.notes.splitlines() == ["Nhận khen thưởng: Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã "
                                      "(QĐ số 05/QĐ-UBND ngày 10/03/2025)",
                                      "Nhận khen thưởng: Lao động tiên tiến (QĐ số 06/QĐ-UBND ngày 20/02/2025)"]
    assert _d(conf, person=awarded["thu"]).addressee == "Bà Phạm Thị Thu"
    coll = _d(conf, category__code="d", person__isnull=True)
    assert (coll.display_name, coll.addressee, coll.is_placeholder, coll.organisation_id) == (
        "Đại diện Phòng Văn hóa - Xã hội", "Đại diện Phòng Văn hóa - Xã hội", True, conf.world.unit_b.pk)
    assert "Nhận khen thưởng: Giấy khen" in coll.notes
    # already invited in (b): reported, not duplicated, the award noted for reception
    row = next(r for r in report.rows if r.status == "existing")
    assert row.name == "Ông Nguyễn Văn Hạ" and "thành phần b) Đại biểu xã" in row.reason
    mine = _d(conf, pk=conf.mine.pk)
    assert mine.category.code == "b" and mine.notes.startswith("Nhận khen thưởng: Giấy khen")
    # nobody outside the range, nor from the draft decision
    with scopes_disabled():
        assert not Delegate.objects.filter(event=conf.event, person__in=[awarded["early"], awarded["late"]]).exists()
        assert AuditLog.objects.filter(action="events.delegate.add_recipients").count() == 1
        assert AuditLog.objects.filter(action="events.delegate.create", note__contains="khen thưởng").count() == 3
        before = {d.pk: d.notes for d in Delegate.objects.filter(event=conf.event)}

    again = _run(conf)  # idempotent: nobody twice, no note twice
    assert again.counts == {"recipients": 4, "added": 0, "existing": 4, "noted": 0}
    assert {r.reason for r in again.rows if r.key.startswith("p:") and r.delegate.pk != conf.mine.pk} == {
        "đã thêm từ danh sách nhận khen thưởng lần trước"}
    with scopes_disabled():
        assert {d.pk: d.notes for d in Delegate.objects.filter(event=conf.event)} == before


def test_later_decision_is_noted_on_the_existing_delegate(conf, awarded):
    _run(conf)
    decide(conf, "gk-xa", 9, dt.date(2025, 3, 25), [{"kind": "individual", "person": awarded["tam"]}])
    report = _run(conf)
    assert report.counts["added"] == 0 and report.counts["noted"] == 1
    notes = _d(conf, person=awarded["tam"]).notes.splitlines()
    assert len(notes) == 3 and notes[-1].endswith("(QĐ số 09/QĐ-UBND ngày 25/03/2025)")


def test_collective_with_a_seat_already_is_not_duplicated(conf, awarded):
    with scopes_disabled():
        services.add_unit_seats(None, conf.event, conf.cats["c"], [conf.world.unit_b], 1)
    report = _run(conf)
    row = next(r for r in report.rows if r.kind == "collective")
    assert row.status == "existing" and "đơn vị đã có suất “Đại diện lãnh đạo Phòng Văn hóa - Xã hội”" in row.reason
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event, organisation=conf.world.unit_b, full_name="").count() == 1


def test_chosen_range_and_dry_run(conf, awarded):
    preview = _run(conf, date_from=dt.date(2024, 12, 1), date_to=dt.date(2025, 12, 31), dry_run=True)
    assert preview.counts["added"] == 5  # + Đỗ Văn Sớm (12/2024) and Võ Thị Muộn (5/2025)
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event).count() == 3  # nothing written
        assert not AuditLog.objects.filter(action="events.delegate.add_recipients").exists()
    with pytest.raises(services.ValidationFailed, match="Ngày bắt đầu"):
        _run(conf, date_from=dt.date(2025, 5, 1), date_to=dt.date(2025, 1, 1))


def test_over_quota_is_reported(conf, awarded):
    with scopes_disabled():
        services.save_category(None, conf.event, {"quota": 2}, conf.cats["d"])
    report = _run(conf)
    assert report.warnings == ["Thành phần d) Đại diện tập thể và cá nhân điển hình tiên tiến: đã mời 3, vượt dự "
                               "kiến 2 (1 đại biểu)."]


def test_only_the_secretariat_of_the_authority(conf, awarded):
    for role in ("unit_officer", "reviewer", "other_secretariat"):
        with pytest.raises(PermissionDenied):
            _run(conf, actor=conf.world.users[role])
    assert _run(conf, actor=conf.world.users["secretariat"]).counts["added"] == 3


def test_letter_for_a_collective_invites_its_representative(conf, awarded):
    _run(conf)
    coll = _d(conf, category__code="d", person__isnull=True)
    with scopes_disabled():
        doc = documents.invitation_document(coll, "https://tdkt.tankhai.gov.vn")
    text = " ".join(b.text for b in doc.body if hasattr(b, "text"))
    assert doc.recipients == ("Đại diện Phòng Văn hóa - Xã hội",) and "Đề nghị đơn vị cử đại diện" in text
    assert "Tại Hội nghị, Phòng Văn hóa - Xã hội được nhận khen thưởng: " in text


def test_page_previews_then_adds(client, conf, awarded):
    url = reverse("events:add_recipients", args=[conf.event.pk])
    for role, status in (("reviewer", 403), ("unit_officer", 403), ("leader", 403), ("secretariat", 200)):
        client.force_login(conf.world.users[role])
        assert client.get(url).status_code == status, role
    page = client.get(url).content.decode()
    assert 'value="2025-01-01"' in page and 'value="2025-04-10"' in page
    assert "Sẽ thêm: 3" in page and "Ông Lê Văn Tâm" in page and "Đại diện Phòng Văn hóa - Xã hội" in page
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event).count() == 3
    r = client.get(url, {"category": conf.cats["d"].pk, "date_from": "2025-05-01", "date_to": "2025-01-01"})
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in r.content.decode()
    r = client.post(url, {"category": conf.cats["d"].pk, "date_from": "2025-01-01", "date_to": "2025-04-10"})
    page = r.content.decode()
    assert "Đã thêm 3 người nhận khen thưởng vào thành phần d)" in page and "Đã thêm: 3" in page
    with scopes_disabled():
        assert Delegate.objects.filter(event=conf.event, category__code="d").count() == 3
    page = client.get(url).content.decode()
    assert "Sẽ thêm: 0" in page and "đã có trong danh sách đại biểu" in page
    assert "Thêm người nhận khen thưởng" in client.get(reverse("events:delegate_list", args=[conf.event.pk])).content.decode()
    client.force_login(conf.world.users["other_secretariat"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": conf.cats["d"].pk, "date_from": "2025-01-01",
                             "date_to": "2025-04-10"}).status_code == 404
