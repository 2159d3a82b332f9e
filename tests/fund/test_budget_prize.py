"""The Hớn Quản conference's prize line no longer includes the province's 42,120,000 đ: the district's
budget counts its own decisions (312, 313, 314, 345) and not the province's 498, 520, 521 recorded there,
which the province's fund pays; its tờ trình and decision say the same figure."""

import pytest
from django_scopes import scopes_disabled

from thidua.awards import demo as awards_demo
from thidua.awards.models import DecisionLine
from thidua.events import demo as events_demo
from thidua.fund import demo as fund_demo
from thidua.fund import queries as fund_queries
from thidua.fund.models import FundEntry
from thidua.logistics import demo as logistics_demo
from thidua.logistics import papers, queries
from thidua.logistics.models import Budget
from thidua.orgs import demo as orgs_demo
from thidua.vn.money import format_money

pytestmark = pytest.mark.django_db
quiet = lambda *a: None  # noqa: E731


def test_the_hon_quan_conference_prize_line_no_longer_includes_the_province_42_120_000(db):
    with scopes_disabled():
        authority = orgs_demo.load(log=quiet)
        awards_demo.load(log=quiet)
        event = events_demo.load(log=quiet)
        logistics_demo.load(log=quiet)
        budget = Budget.objects.get(event=event)
        recorded = DecisionLine.objects.filter(decision__authority=authority, decision__status="issued")
        province = sum(recorded.filter(decision__number__in=[498, 520, 521]).values_list("amount", flat=True))
        everything = sum(recorded.values_list("amount", flat=True))
        assert (province, everything) == (42_120_000, 84_230_000)  # the demo as the issue describes it
        summary = queries.budget_summary(budget)
        prize = next(r for r in summary.rows if r.line.basis == "prize")
        assert prize.amount == queries.prize_total(budget) == 42_110_000 == everything - province
        assert summary.fund_total == 42_110_000  # paid from the fund, apart from the conference's total
        for make in (papers.submission_document, papers.decision_document):
            text = " ".join(getattr(b, "text", "") for b in make(event).body)
            assert "42.110.000 đồng" in text and "84.230.000" not in text, make.__name__
        # the district's fund pays exactly that prize line: its own four decisions, posted once
        fund_demo.load(log=quiet)
        fund_demo.load(log=quiet)
        posted = FundEntry.objects.filter(authority=authority, decision__isnull=False)
        assert sorted(posted.values_list("decision__number", flat=True)) == [312, 313, 314, 345]
        assert sum(posted.values_list("amount", flat=True)) == 42_110_000
        assert fund_queries.ledger(authority, 2025).total_out == 42_110_000
        assert fund_queries.balance(authority) == 60_000_000 - 42_110_000
        assert format_money(42_110_000) == "42.110.000 đồng"
