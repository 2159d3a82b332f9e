"""Checks the law implies, as warnings for the secretariat. Pure: plain values in, messages out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    line_id: int
    kind: str  # individual / collective / household
    person_id: int | None
    organisation_id: int | None
    name: str
    award_code: str
    award_name: str
    year: int


def warnings(candidates: list[Candidate], allowed_kinds: dict[str, tuple[str, ...]],
             prerequisites: dict[str, tuple[str, str]],
             held: set[tuple[int, str, int]]) -> dict[int, list[str]]:
    """Warnings per line id.

    allowed_kinds: award code → kinds it is for; prerequisites: award code → (required code, its name);
    held: (person id, award code, year) the person holds or is proposed for (decided or pending).
    """
    out: dict[int, list[str]] = {}
    seen = Counter((c.person_id, c.award_code, c.year) for c in candidates if c.person_id)
    seen_units = Counter((c.organisation_id, c.award_code, c.year) for c in candidates
                         if c.kind == "collective" and c.organisation_id)
    for c in candidates:
        msgs = []
        if c.person_id and seen[(c.person_id, c.award_code, c.year)] > 1:
            msgs.append(f"{c.name} được đề nghị {c.award_name} nhiều lần trong năm {c.year}.")
        if c.kind == "collective" and c.organisation_id and seen_units[(c.organisation_id, c.award_code, c.year)] > 1:
            msgs.append(f"{c.name} được đề nghị {c.award_name} nhiều lần trong năm {c.year}.")
        if c.kind not in allowed_kinds.get(c.award_code, ()):
            label = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}[c.kind]
            msgs.append(f"{c.award_name} không dành cho {label}.")
        pre = prerequisites.get(c.award_code)
        if pre and c.person_id and (c.person_id, pre[0], c.year) not in held:
            msgs.append(f"{c.name} chưa có danh hiệu {pre[1]} năm {c.year} (điều kiện của {c.award_name}).")
        if msgs:
            out[c.line_id] = msgs
    return out
