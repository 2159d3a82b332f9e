"""An issued decision of the authority's own posts its prize money to its fund once; a province's decision
recorded at a commune posts nothing there; typed entries are checked and audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scopes_disabled

from tests.awards.helpers import decided
from thidua.awards import queries as award_queries
from thidua.awards import services as award_services
from thidua.awards.models import Award
from thidua.fund import queries, services
from thidua.fund.models import FundEntry
from thidua.orgs.models import AuditLog
from thidua.orgs.services import ValidationFailed

pytestmark = pytest.mark.django_db


def _total(d) -> int:
    return sum(d.lines.values_list("amount", flat=True))


def test_an_own_decision_posts_its_prize_money_as_a_payment_when_issued(world):
    d = decided(world)  # Giấy khen of the commune chairman, signed at the commune's own level
    with scopes_disabled():
        entry = FundEntry.objects.get(decision=d)
        assert entry.authority_id == world.authority.pk and entry.kind == "payment"
        assert entry.amount == _total(d) > 0 and entry.signed_amount == -entry.amount
        assert entry.date == d.date and entry.document_number == d.number_text
        assert "Quyết định số 05/QĐ-UBND ngày 10/3/2025" in entry.description
        assert queries.balance(world.authority) == -entry.amount
        assert AuditLog.objects.filter(action="fund.entry.post", object_id=str(entry.pk)).exists()
        assert not FundEntry.objects.filter(authority=world.other_authority).exists()


def test_a_province_decision_recorded_at_the_commune_is_not_its_own_and_posts_nothing(world):
    d = decided(world, award="bk-tinh", level="ct-tinh", number=521)
    with scopes_disabled():
        assert d.status == "issued" and _total(d) > 0
        assert not queries.is_own(d)
        assert not FundEntry.objects.filter(decision=d).exists()
        assert services.post_decision(None, d) is None
        assert list(award_queries.own_decisions(world.authority)) == []
        assert award_queries.prize_total(world.authority) == 0


def test_posting_is_idempotent(world):
    d = decided(world)
    with scopes_disabled():
        first = FundEntry.objects.get(decision=d)
        assert services.post_decision(None, d).pk == first.pk
        assert services.post_issued(None, world.authority) == 0
        FundEntry.objects.filter(pk=first.pk).delete()  # as if issued before the fund existed
        assert services.post_issued(None, world.authority) == 1
        assert services.post_issued(None, world.authority) == 0
        assert FundEntry.objects.filter(decision=d).count() == 1


def test_a_draft_posts_nothing_and_a_failed_issue_leaves_no_posting(world):
    from tests.awards.helpers import make_signer

    signer = make_signer(world.authority)
    with scopes_disabled():
        d = award_services.create_decision(None, world.authority, {
            "award": Award.objects.get(code="gk-xa"), "date": dt.date(2025, 3, 10), "year": 2024, "number": 7,
            "signer": signer, "reason": "đã có thành tích xuất sắc"}, [{"kind": "individual", "person": world.person_a}])
        assert services.post_decision(None, d) is None
        with pytest.raises(PermissionDenied):
            award_services.issue_decision(world.users["leader"], d)
        assert not FundEntry.objects.filter(decision=d).exists()
        award_services.issue_decision(world.users["secretariat"], d)
        assert FundEntry.objects.get(decision=d).created_by == world.users["secretariat"]


def test_typed_entries_are_checked_in_vietnamese_and_scoped(world):
    sec = world.users["secretariat"]
    with scopes_disabled():
        entry = services.record_entry(sec, world.authority, {"date": dt.date(2025, 1, 10), "kind": "allocation",
                                                             "amount": "50.000.000", "description": " Trích lập  quỹ "})
        assert entry.amount == 50_000_000 and entry.description == "Trích lập quỹ"
        for values, field, text in (
                ({"amount": 0}, "amount", "lớn hơn 0"), ({"amount": "bảy nghìn"}, "amount", "Số tiền"),
                ({"kind": "gift"}, "kind", "Chọn loại"), ({"description": ""}, "description", "Nhập nội dung"),
                ({"date": None}, "date", "Nhập ngày")):
            with pytest.raises(ValidationFailed) as exc:
                services.record_entry(sec, world.authority, {"date": dt.date(2025, 2, 1), "kind": "payment",
                                                             "amount": 1000, "description": "Chi", **values})
            assert exc.value.field == field and text in exc.value.message
        with pytest.raises(PermissionDenied):
            services.record_entry(sec, world.other_authority, {"date": dt.date(2025, 1, 10), "kind": "allocation",
                                                               "amount": 1, "description": "x"})
        with pytest.raises(PermissionDenied):
            services.record_entry(world.users["leader"], world.authority, {
                "date": dt.date(2025, 1, 10), "kind": "allocation", "amount": 1, "description": "x"})
        posting = FundEntry.objects.get(decision=decided(world))
        with pytest.raises(ValidationFailed, match="không sửa được"):
            services.update_entry(sec, posting, {"date": posting.date, "kind": "payment", "amount": 1,
                                                 "description": "x"})
        assert AuditLog.objects.filter(action="fund.entry.create").count() == 1


def test_ledger_of_a_year_has_the_opening_balance_and_running_balance(world):
    with scopes_disabled():
        for day, kind, amount in ((dt.date(2024, 3, 1), "allocation", 10_000_000),
                                  (dt.date(2024, 9, 1), "payment", 4_000_000),
                                  (dt.date(2025, 1, 5), "allocation", 20_000_000),
                                  (dt.date(2025, 2, 1), "adjust_out", 1_000_000),
                                  (dt.date(2025, 5, 1), "adjust_in", 500_000)):
            services.record_entry(None, world.authority, {"date": day, "kind": kind, "amount": amount,
                                                          "description": f"{kind} {day}"})
        d = decided(world)  # 10/3/2025
        paid = _total(d)
        book = queries.ledger(world.authority, 2025)
        assert book.opening == 6_000_000
        assert [r.balance for r in book.rows] == [26_000_000, 25_000_000, 25_000_000 - paid, 25_500_000 - paid]
        assert (book.total_in, book.total_out, book.closing) == (20_500_000, 1_000_000 + paid, 25_500_000 - paid)
        assert queries.ledger(world.authority).closing == queries.balance(world.authority) == 25_500_000 - paid
        assert queries.years(world.authority) == [2025, 2024]
