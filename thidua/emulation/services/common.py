"""What every write of the app shares: the refusal naming several bad values, and reading a number as typed."""

from __future__ import annotations

from decimal import Decimal

from thidua.orgs.services import ValidationFailed
from thidua.vn import normalise
from thidua.vn.numbers import NumberError, parse_number


class ScoresInvalid(ValidationFailed):
    """Several bad values at once; `errors` maps a criterion id to its Vietnamese message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__("Có giá trị không hợp lệ; chưa lưu gì. Xem thông báo ở từng tiêu chí.", None)
        self.errors = errors


def decimal_or_none(value, label: str = "Giá trị", *, integer: bool = False,
                    places: int | None = None) -> Decimal | None:
    """A number typed or imported (read by `vn.numbers.parse_number`, the one parser: "7.500" is
    7500, "7,5" is 7,5, "7,500" is refused saying both readings); None when empty. A bad value is a
    `ValidationFailed` with the parser's Vietnamese message. `places`: the decimals the column keeps;
    a value with more is refused rather than rounded silently on save."""
    if isinstance(value, str):
        value = normalise.clean_text(value)
    try:
        number = parse_number(value, integer=integer, label=label)
    except NumberError as exc:
        raise ValidationFailed(exc.message) from None
    if number is not None and places is not None and number != round(number, places):
        raise ValidationFailed(f"{label} “{value}”: chỉ ghi tối đa {places} chữ số sau dấu phẩy.")
    return number
