"""The plan and the budget estimate at every level (#18): the words of the level come from the authority's
data (its offices, its bases, its place), never from code; the plan is drafted, numbered and issued in the
register (orgs.register) as "logistics.plan", and issuing it gives the plan that number and date."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from thidua.logistics import documents, queries, services
from thidua.logistics.models import Plan, PlanStatus
from thidua.orgs import register
from thidua.orgs.models import Office, RegisterEntry, Signer
from thidua.orgs.services import ValidationFailed
from thidua.paperwork import layout
from thidua.paperwork.model import Table
from thidua.paperwork.pdf import render_pdf

from .conftest import make_event
from .test_seed_plan import pdf_text

pytestmark = pytest.mark.django_db

LEVEL_WORDS = ("huyện", "Huyện", "HUYỆN", "Phòng Nội vụ", "Tài chính - Kế hoạch")


def _plan(event, **values) -> Plan:
    plan = services.create_plan(None, event, {"summary": f"Tổ chức {event.title.lower()}", **values})
    return plan


def _budget(event, amount: int = 84_230_000):
    budget = services.ensure_budget(None, event)
    services.save_budget_line(None, budget, {"group": "decoration", "item": "Phông nền, trang trí hội trường",
                                             "unit": "gói", "basis": "fixed", "quantity": 1, "unit_price": amount})
    services.save_budget_line(None, budget, {"group": "refreshments", "item": "Nước uống", "unit": "người",
                                             "basis": "fixed", "quantity": 280, "unit_price": 15000})
    return budget


def _texts(doc) -> tuple[str, str]:
    """The rendered PDF's text, and the Nơi nhận as built."""
    return pdf_text(render_pdf(doc)), "\n".join(doc.distribution)


@pytest.fixture
def commune(world):
    """A commune (level "xa", no offices of its own set: its level's defaults) with its conference in 2026."""
    with scopes_disabled():
        Signer.objects.create(authority=world.authority, name="Lê Văn Tâm", prefix="TM. ỦY BAN NHÂN DÂN",
                              title="CHỦ TỊCH", is_chair=True)
        event = make_event(world.authority, slug="tong-ket-2025", date=dt.date(2026, 1, 15))
        # the commune's own delegate categories (events.quota's defaults are the seed district's wording)
        own = {"a": ("Đại biểu tỉnh", "Lãnh đạo Sở Nội vụ tỉnh."),
               "b": ("Đại biểu xã", "Thường trực Đảng ủy, HĐND xã; lãnh đạo UBND xã."),
               "c": ("Đại biểu ấp, khu phố", "Trưởng ấp, khu phố."),
               "d": ("Đại diện tập thể và cá nhân điển hình tiên tiến", "Nhận khen cấp tỉnh và cấp xã.")}
        for category in event.categories.all():
            category.name, category.description = own[category.code]
            category.save()
    return world, event


# --- the commune: nothing of a district ---------------------------------------------------------------


def test_a_communes_plan_and_budget_name_its_own_offices_and_nothing_of_a_district(commune):
    world, event = commune
    with scopes_disabled():
        plan = _plan(event)
        services.save_assignment(None, plan, {"lead_unit": world.unit_b, "duties": "Chuẩn bị hội trường."})
        budget = _budget(event)
        plan_text, plan_to = _texts(documents.plan_document(plan))
        budget_doc = documents.budget_document(budget, queries.budget_summary(budget))
        budget_text, budget_to = _texts(budget_doc)
    for text in (plan_text, budget_text):
        for word in LEVEL_WORDS:
            assert word not in text, word
    # the budget goes to the commune's paying office; the drafting office keeps its copy
    assert budget_to.splitlines() == ["Phòng Kinh tế", "Lưu: VT, VHXH."]
    assert "- Phòng Kinh tế;" in budget_text and "- Lưu: VT, VHXH." in budget_text
    assert "84.230.000" in budget_text and "88.430.000" in budget_text  # one line each, not broken
    # the plan cites the laws in force in 2026 and goes to its lead unit, the paying office and the archive
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;" in plan_text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022." in plan_text
    assert "19 tháng 6 năm 2015" not in plan_text  # the 2015 law ended on 30/6/2025
    assert plan_to.splitlines() == ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Lưu: VT, VHXH."]
    assert "TM. ỦY BAN NHÂN DÂN" in plan_text and "Lê Văn Tâm" in plan_text


def test_a_communes_plan_built_for_the_register_carries_number_and_date(commune):
    world, event = commune
    with scopes_disabled():
        plan = _plan(event)
        doc = documents.plan_for_register(world.authority, str(plan.pk), 15, dt.date(2026, 1, 5))
        blank = documents.plan_for_register(world.authority, str(plan.pk), None, None)
        text = pdf_text(render_pdf(doc))
    assert doc.header.number_code == "15/KH-UBND" and "Số: 15/KH-UBND" in text
    assert doc.header.place_date == f"{world.authority.place_name}, ngày 05 tháng 01 năm 2026"
    assert f"{world.authority.place_name}, ngày 05 tháng 01 năm 2026" in text
    assert blank.header.number_code.strip() == "/KH-UBND"  # the draft leaves the number to the register
    assert "năm 2026" in blank.header.place_date


def test_an_office_the_commune_renamed_is_what_its_papers_say(commune):
    world, event = commune
    with scopes_disabled():
        Office.objects.create(authority=world.authority, name="Văn phòng HĐND và UBND xã", head_title="Chánh Văn phòng",
                              short_code="VP", is_chief_office=True, proposes=True)
        Office.objects.create(authority=world.authority, name="Phòng Kinh tế - Hạ tầng", head_title="Trưởng phòng",
                              short_code="KTHT", pays=True, receives=True)
        budget = _budget(event)
        doc = documents.budget_document(budget, queries.budget_summary(budget))
    assert doc.distribution == ("Phòng Kinh tế - Hạ tầng", "Lưu: VT, VP.")


# --- the district: its own words, as data -----------------------------------------------------------


def test_a_districts_plan_and_budget_in_2025(honquan):
    authority, event = honquan["authority"], honquan["event"]
    with scopes_disabled():
        plan = _plan(event)
        services.save_assignment(None, plan, {"lead_unit": honquan["units"]["phong-noi-vu"],
                                              "duties": "Trang trí hội nghị."})
        budget = _budget(event)
        plan_doc = documents.plan_for_register(authority, str(plan.pk), 15, dt.date(2025, 3, 20))
        plan_text, plan_to = _texts(plan_doc)
        budget_text, budget_to = _texts(documents.budget_document(budget, queries.budget_summary(budget)))
    assert "Số: 15/KH-UBND" in plan_text and "Hớn Quản, ngày 20 tháng 3 năm 2025" in plan_text
    # the laws of 2025 (before the reform) and the authority's own regulations, from its bases
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015" in plan_text
    assert "Căn cứ Quyết định số 2772/QĐ-UBND ngày 19 tháng 11 năm 2024" in plan_text
    assert "Căn cứ Quyết định số 2868/QĐ-UBND" in plan_text  # cited by plans ("covenant,ranking,plan")
    assert plan_to.splitlines() == ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Lưu: VT, NV."]
    assert "Q. CHỦ TỊCH" in plan_text and "Nguyễn Văn Hạ" in plan_text
    assert budget_to.splitlines() == ["Phòng Tài chính - Kế hoạch", "Lưu: VT, NV."]
    assert "84.230.000" in budget_text and "Nguyễn Văn Hạ" in budget_text


def test_the_plans_own_bases_and_recipients_as_written_stay_the_plans(honquan):
    seed = ("Thực hiện Quyết định số 15/2024/QĐ-UBND ngày 27/6/2024 của Ủy ban nhân dân tỉnh ban hành Quy định về "
            "công tác thi đua, khen thưởng trên địa bàn tỉnh Bình Phước; Quyết định số 2772/QĐ-UBND ngày 19/11/2024 "
            "của UBND huyện về Ban hành Quy định về công tác thi đua, khen thưởng trên địa bàn huyện Hớn Quản.")
    with scopes_disabled():
        plan = _plan(honquan["event"], legal_bases=seed, distribution="- Q.CT, PCT UBND huyện;\n- Lưu: VT.")
        doc = documents.plan_document(plan)
    assert doc.body[0].text == seed and not any(getattr(b, "text", "").startswith("Căn cứ") for b in doc.body)
    assert doc.distribution == ("Q.CT, PCT UBND huyện;", "Lưu: VT.")
    # in the register the line is an editable paragraph of the draft
    assert register.parts_of(doc)["body"]["0"] == seed


def test_a_signer_out_of_office_on_the_day_does_not_sign(honquan):
    authority = honquan["authority"]
    with scopes_disabled():
        Signer.objects.filter(authority=authority, is_chair=True).update(valid_to=dt.date(2025, 3, 31))
        Signer.objects.create(authority=authority, name="Phạm Thị Lan", prefix="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH",
                              is_chair=True, valid_from=dt.date(2025, 4, 1))
        plan = _plan(honquan["event"])
        plan.signer = None
        plan.save()
        march = documents.plan_document(plan, 3, dt.date(2025, 3, 20))
        april = documents.plan_document(plan, 4, dt.date(2025, 4, 2))
    assert march.signatures[0].name == "Nguyễn Văn Hạ"
    assert april.signatures[0].name == "Phạm Thị Lan"


def test_the_budget_columns_hold_their_numbers_without_mending(honquan):
    """The declared shares already give the unit price room for 84.230.000 and the amount for 184.230.000 at
    11 pt: the layout's mending (which takes the room from the text columns) is not needed."""
    with scopes_disabled():
        budget = _budget(honquan["event"], amount=84_230_000)
        services.save_budget_line(None, budget, {"group": "sound", "item": "Âm thanh, ánh sáng", "unit": "gói",
                                                 "basis": "fixed", "quantity": 2, "unit_price": 50_000_000})
        doc = documents.budget_document(budget, queries.budget_summary(budget))
    table = next(b for b in doc.body if isinstance(b, Table))
    assert "84.230.000" in table.rows[0] and "188.430.000" in table.total_row
    declared = [c.width_ratio for c in table.columns]
    assert layout.column_ratios(table, layout.text_width_mm(False)) == declared


# --- the register ----------------------------------------------------------------------------------


def test_issuing_the_plan_in_the_register_gives_the_plan_its_number_and_date(commune):
    world, event = commune
    user = world.users["secretariat"]
    with scopes_disabled():
        plan = _plan(event, delegates_total=None)
        assert queries.plan_findings(plan) == []
        entry = register.open_draft(user, world.authority, "logistics.plan", str(plan.pk))
        assert entry.kind == "plan" and entry.kind_name == "Kế hoạch" and entry.symbol == "KH-UBND"
        entry = register.issue(user, entry, dt.date(2026, 1, 5), number=15)
        plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED
    assert plan.number_code == "15/KH-UBND" and plan.issue_date == dt.date(2026, 1, 5)
    assert entry.number == 15 and entry.issued_on == dt.date(2026, 1, 5)
    assert "Số: 15/KH-UBND" in pdf_text(entry.pdf.read())


def test_a_plan_with_slips_is_not_issued_by_the_register(commune):
    world, event = commune
    user = world.users["secretariat"]
    with scopes_disabled():
        plan = _plan(event, place_name="Tân Khia")  # the place line misspelt: a finding of the plan's checks
        services.save_assignment(None, plan, {"lead_unit": world.unit_b, "duties": "Chuẩn bị tại xã Tân Khai."})
        assert queries.plan_findings(plan)
        entry = register.open_draft(user, world.authority, "logistics.plan", str(plan.pk))
        with pytest.raises(ValidationFailed, match="lỗi cần sửa"):
            register.issue(user, entry, dt.date(2026, 1, 5), number=15)
        plan.refresh_from_db()
        entry.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not entry.is_issued


def test_another_authoritys_plan_is_not_found(commune):
    world, event = commune
    with scopes_disabled():
        other_event = make_event(world.other_authority, slug="khac", date=dt.date(2026, 1, 20))
        theirs = _plan(other_event)
        with pytest.raises(Http404):
            documents.plan_for_register(world.authority, str(theirs.pk), None, None)
        with pytest.raises(Http404):
            documents.plan_for_register(world.authority, "abc", None, None)
        with pytest.raises(Http404):
            register.open_draft(world.users["secretariat"], world.authority, "logistics.plan", str(theirs.pk))


def test_the_register_knows_the_plan_and_not_the_budget():
    source = register.SOURCES["logistics.plan"]
    assert (source.doc_kind, source.kind_name) == ("plan", "Kế hoạch")
    assert "logistics.budget" not in register.SOURCES  # an attachment of the plan or a tờ trình, unnumbered


def test_the_plan_page_opens_the_plan_in_the_register(client, commune):
    world, event = commune
    with scopes_disabled():
        plan = _plan(event)
    try:
        url = reverse("web:register_open", args=["logistics.plan", plan.pk])
    except NoReverseMatch:
        pytest.skip("the register pages are not in the URL conf yet")
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("logistics:plan_detail", args=[event.pk])).content.decode()
    assert f'href="{url}"' in page and "Soạn thảo và ban hành" in page


def test_level_words_are_not_written_in_the_logistics_papers_code():
    from pathlib import Path

    import thidua.logistics.documents as module

    code = Path(module.__file__).read_text(encoding="utf-8")
    for word in ("huyện", "Phòng Nội vụ", "Tài chính - Kế hoạch", "Phòng Kinh tế"):
        assert word not in code, word


def test_a_clerk_drafts_and_issues_the_plan_through_the_register_pages(client, commune):
    world, event = commune
    with scopes_disabled():
        plan = _plan(event, legal_bases="Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh về công tác thi đua năm 2026.")
    client.force_login(world.users["secretariat"])
    # a number typed on the plan page would bypass the register: refused, the plan stays a draft
    refused = client.post(reverse("logistics:plan_issue", args=[event.pk]), {"number_code": "35/KH-UBND",
                                                                             "issue_date": "2026-01-05"},
                          follow=True).content.decode()
    assert "sổ văn bản đi" in refused
    with scopes_disabled():
        assert Plan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    url = reverse("web:register_open", args=["logistics.plan", plan.pk])
    opened = client.get(url)
    assert opened.status_code == 200 and plan.summary in opened.content.decode()
    made = client.post(url)
    assert made.status_code == 302
    entry_page = client.get(made["Location"]).content.decode()
    assert "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh" in entry_page and "Lưu: VT, VHXH." in entry_page
    with scopes_disabled():
        entry = RegisterEntry.objects.get(authority=world.authority, source=f"logistics.plan:{plan.pk}")
    assert made["Location"] == reverse("web:register_entry", args=[entry.pk])
    client.post(reverse("web:register_issue", args=[entry.pk]), {"issued_on": "05/01/2026", "number": "15"})
    page = client.get(reverse("logistics:plan_detail", args=[event.pk])).content.decode()
    assert "Kế hoạch 15/KH-UBND" in page and "ban hành 05/01/2026" in page
    assert f'href="{url}"' in page and "Xem trong sổ văn bản đi" in page  # the issued entry, its files
    # the plan's files are now the copy frozen at issue, not the data as it stands
    with scopes_disabled():
        entry.refresh_from_db()
        frozen = entry.pdf.read()
    got = client.get(reverse("logistics:plan_file", args=[event.pk, "pdf"]))
    assert got.status_code == 200 and b"".join(got) == frozen
    assert "Số: 15/KH-UBND" in pdf_text(frozen)
    # the other commune's clerk finds nothing under this plan's number
    client.force_login(world.users["other_secretariat"])
    assert client.post(url).status_code == 404
    with scopes_disabled():
        assert not RegisterEntry.objects.filter(authority=world.other_authority).exists()
