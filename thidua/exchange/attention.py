"""What needs attention on the dashboard about dossiers between levels, in one query: dossiers waiting to
be received (the receiver's secretariat), dossiers returned to be fixed (the sender's), dossiers received
and not yet taken to the council."""

from __future__ import annotations

from django.urls import reverse

from . import queries, states


def items(user) -> list[dict]:
    if not user.is_authenticated or not user.authority_id or not user.has_perm("exchange.compose"):
        return []
    c = queries.counts(user.authority_id)
    out = []
    if c["waiting"]:
        out.append({"level": "warning", "url": f"{reverse('exchange:inbox')}?trang-thai={states.SENT}",
                    "text": f"{c['waiting']} hồ sơ đề nghị khen thưởng của cấp dưới chờ tiếp nhận."})
    if c["returned"]:
        out.append({"level": "danger", "url": f"{reverse('exchange:list')}?trang-thai={states.RETURNED}",
                    "text": f"{c['returned']} hồ sơ gửi cấp trên bị trả lại, cần sửa và gửi lại."})
    if c["handling"]:
        out.append({"level": "info", "url": reverse("exchange:inbox"),
                    "text": f"{c['handling']} hồ sơ đã tiếp nhận đang chờ thẩm định, trình Hội đồng."})
    return out
