"""Money and numbers the Vietnamese way: "2.340.000 đồng", "1.234,5", amounts in words, rounding.

Amount in words follows ordinary Vietnamese reading, as printed on payment vouchers and award
decisions ("Bằng chữ: Hai triệu ba trăm bốn mươi nghìn đồng"):

- "mười" for 10-19, "mươi" for the tens 20-90: mười hai, hai mươi;
- "mốt" for 1 after mươi (hai mươi mốt) but "một" after mười (mười một) and after linh;
- "lăm" for 5 after a ten (mười lăm, hai mươi lăm) but "năm" alone and after linh (một trăm linh năm);
- "tư" for 4 after mươi (hai mươi tư), "bốn" elsewhere (mười bốn, một trăm linh bốn);
- "linh" (or "lẻ") when the tens digit is zero: một trăm linh năm;
- a group after a larger group keeps its hundreds: một triệu không trăm linh năm nghìn;
- groups of zeros are skipped: một triệu, một tỷ không trăm linh năm;
- "tỷ" for 10^9, then the reading repeats: một nghìn tỷ (10^12), một triệu tỷ (10^15), một tỷ tỷ.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from numbers import Integral

__all__ = [
    "amount_in_words",
    "format_money",
    "format_number",
    "number_in_words",
    "round_nearest",
    "round_up_to",
]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUP_NAMES = ("", "nghìn", "triệu")


def _to_decimal(n: int | Decimal | float) -> Decimal:
    if isinstance(n, bool):
        raise TypeError("Số tiền phải là số, không phải True/False")
    if isinstance(n, Decimal):
        if not n.is_finite():
            raise ValueError(f"Số không hợp lệ: {n}")
        return n
    if isinstance(n, Integral):
        return Decimal(int(n))
    if isinstance(n, float):
        return Decimal(repr(n))
    raise TypeError(f"Số không hợp lệ: {n!r}")


def _group_thousands(digits: str) -> str:
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return ".".join(reversed(parts))


def format_number(n: int | Decimal | float, decimals: int = 0) -> str:
    """Vietnamese number format: dot between thousands, comma before decimals (half-up rounding).

    ``format_number(1234.5, 1)`` → "1.234,5"; ``format_number(2340000)`` → "2.340.000".
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    value = _to_decimal(n)
    with localcontext() as ctx:
        ctx.prec = max(60, len(str(value)) + decimals + 5)
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    out = sign + _group_thousands(whole)
    if decimals:
        out += "," + frac.ljust(decimals, "0")
    return out


def format_decimal(n: int | Decimal | float, max_decimals: int = 2) -> str:
    """A number as short as it goes, Vietnamese style: Decimal("0.30") → "0,3", 7.5 → "7,5", 1234.5 →
    "1.234,5", 10 → "10" (at most ``max_decimals`` decimals, rounded half-up)."""
    text = format_number(n, max_decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text in ("-0", "") else text


def format_money(n: int | Decimal | float, unit: bool = True, currency: str = "đồng") -> str:
    """Money with dot thousands separators: "2.340.000 đồng" (``unit=False`` → "2.340.000").

    Whole amounts print without decimals; an amount with a fractional part keeps its decimals
    (Decimal("1234.5") → "1.234,5 đồng") rather than being silently rounded.
    """
    value = _to_decimal(n)
    if value == value.to_integral_value():
        text = format_number(value.to_integral_value())
    else:
        exponent = value.normalize().as_tuple().exponent
        text = format_number(value, decimals=-int(exponent))
    return f"{text} {currency}" if unit else text


def _read_group(n: int, full: bool, zero_tens: str) -> list[str]:
    """Words for 0 < n < 1000; ``full`` when a larger group precedes (keep "không trăm", "linh")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _read(n: int, full: bool, zero_tens: str, thousand: str) -> list[str]:
    """Words for n > 0; ``full`` when a larger part has already been read."""
    billions, rest = divmod(n, 10**9)
    words: list[str] = []
    if billions:
        words += _read(billions, full, zero_tens, thousand) + ["tỷ"]
        full = True
    groups = [(rest // 10**6) % 1000, (rest // 1000) % 1000, rest % 1000]
    for index, group in enumerate(groups):
        if not group:
            continue
        words += _read_group(group, full, zero_tens)
        name = _GROUP_NAMES[2 - index]
        if name:
            words.append(thousand if name == "nghìn" else name)
        full = True
    return words


def number_in_words(n: int, zero_tens: str = "linh", thousand: str = "nghìn") -> str:
    """An integer read in Vietnamese, lower case: 105 → "một trăm linh năm"; 0 → "không".

    ``zero_tens="lẻ"`` and ``thousand="ngàn"`` give the southern variants.
    """
    if isinstance(n, bool) or not isinstance(n, Integral | Decimal):
        raise TypeError(f"Số không hợp lệ: {n!r}")
    if isinstance(n, Decimal):
        if not n.is_finite() or n != n.to_integral_value():
            raise ValueError(f"Chỉ đọc được số nguyên: {n}")
    n = int(n)
    if n == 0:
        return "không"
    words = _read(abs(n), False, zero_tens, thousand)
    return " ".join((["âm"] if n < 0 else []) + words)


def amount_in_words(
    n: int | Decimal,
    currency: str = "đồng",
    suffix: str = "",
    zero_tens: str = "linh",
    thousand: str = "nghìn",
) -> str:
    """Amount of money in words, first letter capitalised: "Hai triệu ba trăm bốn mươi nghìn đồng".

    ``suffix`` is appended as is (e.g. "./." where a document closes the line that way; not
    included by default). 0 → "Không đồng".
    """
    words = number_in_words(n, zero_tens=zero_tens, thousand=thousand)
    text = f"{words} {currency}".strip() if currency else words
    return text[0].upper() + text[1:] + suffix


def _rounding_args(n: int | Decimal, step: int | Decimal) -> tuple[Decimal, Decimal]:
    if isinstance(n, bool) or isinstance(step, bool):
        raise TypeError("Số không hợp lệ")
    if not isinstance(n, Integral | Decimal) or not isinstance(step, Integral | Decimal):
        raise TypeError(f"Chỉ làm tròn số nguyên hoặc Decimal: {n!r}, {step!r}")
    if step <= 0:
        raise ValueError(f"Bước làm tròn phải lớn hơn 0: {step}")
    return Decimal(n), Decimal(step)


def _round(n: int | Decimal, step: int | Decimal, rounding: str) -> int | Decimal:
    dn, ds = _rounding_args(n, step)
    if isinstance(n, Integral) and isinstance(step, Integral):
        n, step = int(n), int(step)
        if rounding == ROUND_CEILING:
            return -(-n // step) * step
        q, r = divmod(abs(n), step)
        if 2 * r >= step:
            q += 1
        return q * step if n >= 0 else -(q * step)
    with localcontext() as ctx:
        ctx.prec = max(60, len(str(dn)) + len(str(ds)) + 5)
        return (dn / ds).to_integral_value(rounding=rounding) * ds


def round_up_to(n: int | Decimal, step: int | Decimal = 10000) -> int | Decimal:
    """Round up (ceiling) to a multiple of ``step``: 2_341_000 → 2_350_000.

    Used for prize money "làm tròn lên hàng chục nghìn đồng". ints give ints, Decimals Decimals.
    """
    return _round(n, step, ROUND_CEILING)


def round_nearest(n: int | Decimal, step: int | Decimal = 10000) -> int | Decimal:
    """Round to the nearest multiple of ``step``, halves away from zero: 2_345_000 → 2_350_000."""
    return _round(n, step, ROUND_HALF_UP)
