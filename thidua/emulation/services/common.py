"""What every write of the app shares: the refusal naming several bad values, and reading a number as typed."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from thidua.orgs.services import ValidationFailed
from thidua.vn import normalise


class ScoresInvalid(ValidationFailed):
    """Several bad values at once; `errors` maps a criterion id to its Vietnamese message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("Có giá trị không hợp lệ; chưa lưu gì. Xem thông báo ở từng tiêu chí.", None)
        self.errors = errors


def decimal_or_none(value, label: str = "Giá trị") -> Decimal | None:
    if value is None:
        return None
    text = normalise.clean_text(str(value)).replace(" ", "")
    if text == "":
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label} “{value}” không phải là số.")
    if not number.is_finite():
        raise ValidationFailed(f"{label} “{value}” không phải là số.")
    return number
