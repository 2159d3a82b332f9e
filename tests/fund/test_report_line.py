"""The year-end report (logistics) quotes the fund's year from its ledger (#19)."""

import datetime as dt

from django_scopes import scopes_disabled

from thidua.fund import services
from thidua.logistics.papers import _fund_paragraph
from thidua.orgs.wording import Voice


def test_the_report_quotes_the_years_ledger_or_says_it_holds_nothing(world):
    authority = world.authority
    with scopes_disabled():
        voice = Voice.of(authority)
        assert "chưa ghi khoản thu, chi nào của năm 2024" in _fund_paragraph(authority, 2024, voice).text
        for day, kind, amount in ((dt.date(2023, 12, 20), "allocation", 10_000_000),
                                  (dt.date(2024, 1, 10), "allocation", 50_000_000),
                                  (dt.date(2024, 3, 2), "payment", 12_340_000),
                                  (dt.date(2025, 1, 5), "payment", 1_000_000)):
            services.record_entry(None, authority, {"date": day, "kind": kind, "amount": amount,
                                                    "description": "Bút toán thử"})
        text = _fund_paragraph(authority, 2024, voice).text
    assert text == (f"Quỹ thi đua, khen thưởng của {voice.short_name} năm 2024: tồn đầu năm 10.000.000 đồng; "
                    "thu trong năm 50.000.000 đồng; chi trong năm 12.340.000 đồng; tồn cuối năm 47.660.000 đồng.")
