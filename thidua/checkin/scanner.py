"""Pure rules of the reception desk (no Django): what a scanner typed, the answer codes and their
Vietnamese messages, and the arrivals curve."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import unquote

from thidua.vn.normalise import fold

MAX_INPUT = 400
_TOKEN_CHARS = re.compile(r"^[0-9A-Za-z._-]{8,200}$")
_URL_TOKEN = re.compile(r"/hoi-nghi/qr/([^/?#\s]+)")

OK = "ok"
UNKNOWN = "unknown"
FORGED = "forged"
REVOKED = "revoked"
WRONG_EVENT = "wrong_event"
ALREADY = "already_checked_in"
GARBAGE = "garbage"
CODES = (OK, UNKNOWN, FORGED, REVOKED, WRONG_EVENT, ALREADY, GARBAGE)

MESSAGES = {
    OK: "Đã điểm danh.",
    UNKNOWN: "Không tìm thấy giấy mời ứng với mã này (có thể đại biểu đã bị xóa khỏi danh sách).",
    FORGED: "Mã không hợp lệ: không phải mã do hệ thống cấp hoặc đã bị sửa.",
    REVOKED: "Giấy mời này đã bị thu hồi hoặc đã được cấp lại; mã cũ không còn giá trị.",
    WRONG_EVENT: "Mã này là giấy mời của một hội nghị khác.",
    ALREADY: "Đại biểu đã điểm danh trước đó.",
    GARBAGE: "Không đọc được mã: hãy quét lại mã QR trên giấy mời hoặc tìm theo tên.",
}


def extract_token(text: str | None) -> str | None:
    """The token inside what a scanner or a person typed: the bare token, or the whole
    `…/hoi-nghi/qr/<token>` address (with or without scheme, query or trailing slash).
    None for anything that cannot be a token."""
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > MAX_INPUT:
        return None
    m = _URL_TOKEN.search(text)
    candidate = unquote(m.group(1)) if m else text
    candidate = candidate.strip().rstrip("/")
    if not _TOKEN_CHARS.match(candidate) or candidate.count(".") != 3:
        return None
    return candidate


# What is printed under the QR code of an invitation: "Mã điểm danh số 0002". A person at the desk types
# "0002", "2", "02", "0 0 0 2", "số 2" or the whole line; each names invitation number 2.
_NUMBER = re.compile(r"^(?:ma\s*diem\s*danh\s*)?(?:(?:so|no|n°|#)\s*[.:]?\s*)?(\d[\d ]*)$", re.ASCII)  # ASCII digits, as the desk's script reads them
MAX_NUMBER_DIGITS = 7  # 9,999,999 invitations: far more than any hall


def invitation_number(text: str | None) -> int | None:
    """The invitation number a person typed (the number printed under the QR code), or None when the
    text is not one: leading zeros and spaces do not matter, a prefix "Mã điểm danh số" / "số" / "#" is
    allowed, 0 is not a number any invitation carries."""
    if not text or len(text) > 60:
        return None
    m = _NUMBER.match(fold(text))
    if m is None:
        return None
    digits = m.group(1).replace(" ", "").lstrip("0")
    if not digits or len(digits) > MAX_NUMBER_DIGITS:
        return None
    return int(digits)


def number_text(number: int) -> str:
    """How the invitation prints it: "0002"."""
    return f"{number:04d}"


def unknown_number_message(number: int) -> str:
    return f"Không có giấy mời số {number_text(number)} trong hội nghị này: hãy xem lại số hoặc tìm theo tên."


def already_message(at_text: str, desk: str) -> str:
    where = f" tại {desk}" if desk else ""
    return f"Đại biểu đã điểm danh lúc {at_text}{where}."


def arrivals(times: Iterable[dt.datetime], start: dt.datetime, end: dt.datetime,
             step_minutes: int = 5) -> list[tuple[dt.datetime, int, int]]:
    """(bucket start, arrivals in the bucket, cumulative) from `start` to `end`; arrivals before the
    start count in the first bucket, after the end in the last."""
    if end <= start:
        end = start + dt.timedelta(minutes=step_minutes)
    step = dt.timedelta(minutes=step_minutes)
    n = max(1, -(-int((end - start).total_seconds()) // int(step.total_seconds())))
    counts = [0] * n
    for t in times:
        i = int((t - start).total_seconds() // step.total_seconds())
        counts[min(max(i, 0), n - 1)] += 1
    out, total = [], 0
    for i, c in enumerate(counts):
        total += c
        out.append((start + i * step, c, total))
    return out
