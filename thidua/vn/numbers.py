"""Reading a number as Vietnamese officials type it: the one parser every numeric input uses (forms,
imports, the API). Pure Python.

Officials write a dot between thousands and a comma before the decimals ("7.500", "1.234.567",
"7.500,5", "0,25"); a space also groups thousands ("7 500"), and a sheet copied from elsewhere may
carry the English marks ("7,500.5"). The rules:

- a mark followed by other marks of the other kind is a thousands mark, and the last kind is the
  decimal mark ("7.500,5" and "7,500.5" are both 7500.5); thousands groups must have three digits;
- a dot, or several dots, between groups of three digits group thousands ("7.500" is 7500); a lone
  dot before one, two or four and more digits is a decimal point ("7.5", "8.25");
- a comma is the decimal mark ("7,5", "0,125"); several commas between groups of three group
  thousands ("1,234,567"); a lone comma before exactly three digits after a non-zero integer part
  ("7,500") could be 7,5 or 7.500 and is refused, saying both readings, unless the field takes
  whole numbers only (then only 7500 fits);
- a number with a wrong group ("7.50.0", "1,23,4") is refused.

`NumberError` carries the Vietnamese message. `format_decimal` / `format_number` in `vn.money` write
numbers the same way, so what is shown reads back to the same value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .money import format_decimal

__all__ = ["NumberError", "parse_number"]

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")
_GROUPED = re.compile(r"\d{1,3}(?:X\d{3})+")  # X: the thousands mark in question


class NumberError(ValueError):
    """A value that is not a number, or that could be read two ways; `message` says which, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _grouped(digits: str, mark: str) -> bool:
    return bool(_GROUPED.fullmatch(digits.replace(mark, "X")))


def _plain(text: str) -> str:
    """`text` (sign, digits and at most one decimal point) as a Decimal's text, or raise."""
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", text):
        raise InvalidOperation
    return text


def _read(body: str, integer: bool, shown: str, label: str) -> str:
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        head, _, tail = body.rpartition(decimal_mark)
        if thousands in tail or not _grouped(head, thousands):
            raise InvalidOperation
        return _plain(head.replace(thousands, "") + "." + tail)
    if dots:
        if _grouped(body, "."):
            return body.replace(".", "")
        if dots == 1:
            return _plain(body)
        raise InvalidOperation
    if commas:
        if commas > 1:
            if _grouped(body, ","):
                return body.replace(",", "")
            raise InvalidOperation
        head, _, tail = body.partition(",")
        if len(tail) == 3 and head.lstrip("0") and _grouped(body, ","):
            if integer:
                return head + tail
            raise NumberError(
                f"{label} “{shown}” có thể đọc là {head},{tail.rstrip('0') or '0'} hoặc {head}.{tail}: "
                f"hãy ghi rõ (dấu phẩy trước phần thập phân, ví dụ {head},{tail.rstrip('0') or '0'}; "
                f"hoặc không dùng dấu phân cách nghìn, ví dụ {head}{tail}).")
        return _plain(head + "." + tail)
    return _plain(body)


def parse_number(value: object, *, integer: bool = False, label: str = "Giá trị") -> Decimal | None:
    """The number `value` holds (a typed text, or a number from a spreadsheet cell); None when empty.

    `integer`: the field takes whole numbers only (a count, an amount in đồng): a decimal is refused.
    Raises `NumberError` with a message naming `label` and the value as typed."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError(f"{label} không phải là số.")
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError(f"{label} không phải là số.")
        number = value
    else:
        shown = unicodedata.normalize("NFC", str(value)).strip()
        text = _SPACES.sub("", shown).replace("\u2212", "-")
        if not text:
            return None
        sign = ""
        if text[0] in "+-":
            sign, text = ("-" if text[0] == "-" else ""), text[1:]
        if " " in shown.strip() and not re.fullmatch(r"[+\-\u2212]?\s*\d{1,3}(?:[\s\u00a0\u2009\u202f\u2007]\d{3})*(?:[.,]\d+)?",
                                                     shown):
            raise NumberError(f"{label} “{shown}” không phải là số (khoảng trắng chỉ dùng để tách nhóm ba chữ số).")
        try:
            number = Decimal(sign + _read(text, integer, shown, label))
        except InvalidOperation:
            raise NumberError(f"{label} “{shown}” không phải là số.") from None
    if integer and number != number.to_integral_value():
        raise NumberError(f"{label} phải là số nguyên (đã đọc là {format_decimal(number, 12)}).")
    return number

