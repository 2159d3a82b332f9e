"""Pure rules of the reception desk (no Django): what a scanner typed, the answer codes and their
Vietnamese messages, and the arrivals curve."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import unquote

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
