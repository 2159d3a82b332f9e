"""What the fund asks of the office, for the dashboard: a balance below zero (the fund has paid more prize
money than it holds). Two queries."""

from __future__ import annotations

from django.urls import reverse

from thidua.vn.money import format_money

from . import queries


def items(user) -> list[dict]:
    if not (user and user.is_authenticated and user.authority_id and user.has_perm("fund.view_fund")):
        return []
    short = queries.negative_balance(user.authority_id)
    if short is None:
        return []
    return [{"level": "danger", "url": reverse("fund:ledger"),
             "text": f"Quỹ thi đua, khen thưởng bị âm {format_money(-short)}: các khoản chi đã vượt số tiền "
                     "của quỹ; ghi khoản trích lập, bổ sung quỹ."}]
