"""Scoring rules of a scorecard, pure Python (no Django): points of one criterion, a unit's total,
the maximum that applies to it and its share of that maximum.

Criterion kinds (the values a unit enters):
- "co_dinh"  fixed: 1 = đạt (full points), 0 = không đạt.
- "theo_lan" per occurrence: a count × points each, capped at the criterion's maximum.
- "chi_tieu" target-based: the result against the unit's registered target. Below target:
  proportional up to half the maximum; on target: half; the best exceeder of the cluster/block: the
  maximum; other exceeders in between by their excess relative to the best. A unit with no target
  for the criterion does not have it: it drops out of that unit's applicable maximum.
- "thuong" bonus points (each up to the criterion's maximum, all together up to the scorecard cap).
- "tru" penalty points (subtracted; together at most the scorecard's penalty cap; a total never
  goes below zero).
A missing value on an applicable criterion scores 0 (and still counts in the maximum).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from thidua.vn.money import format_decimal

FIXED, PER_OCCURRENCE, TARGET, BONUS, PENALTY = "co_dinh", "theo_lan", "chi_tieu", "thuong", "tru"
KINDS = (FIXED, PER_OCCURRENCE, TARGET, BONUS, PENALTY)
BASE_KINDS = (FIXED, PER_OCCURRENCE, TARGET)
EPS = 1e-9


class ScoreValueError(ValueError):
    """A value that a criterion cannot take; the message is Vietnamese."""


@dataclass(frozen=True)
class Rule:
    id: int
    code: str
    group: str  # criteria group code ("I", "II"…), in scorecard order
    kind: str
    max_points: float
    unit_points: float | None = None


def check_value(rule: Rule, value: float | None) -> None:
    """Refuse values a criterion cannot take (the UI shows the message next to the criterion)."""
    if value is None:
        return
    if value < 0:
        raise ScoreValueError(f"Tiêu chí {rule.code}: không được nhập số âm.")
    if rule.kind == FIXED and value not in (0, 1):
        raise ScoreValueError(f"Tiêu chí {rule.code}: chỉ nhập 1 (đạt) hoặc 0 (không đạt).")
    if rule.kind == PER_OCCURRENCE and value != int(value):
        raise ScoreValueError(f"Tiêu chí {rule.code}: số lần phải là số nguyên.")
    if rule.kind in (BONUS, PENALTY) and value > rule.max_points + EPS:
        raise ScoreValueError(
            f"Tiêu chí {rule.code}: điểm {format_decimal(value)} vượt quá điểm tối đa {format_decimal(rule.max_points)}.")


def applies(rule: Rule, target: float | None) -> bool:
    return rule.kind != TARGET or (target is not None and target > 0)


def ratio(result: float | None, target: float | None) -> float | None:
    if result is None or target is None or target <= 0:
        return None
    return result / target


def target_points(max_points: float, r: float | None, best_ratio: float | None) -> float:
    """Points for a result/target ratio `r` given the best ratio in the cluster/block."""
    if r is None:
        return 0.0
    half = max_points / 2
    if r < 1 - EPS:
        return half * max(r, 0.0)
    if r <= 1 + EPS:
        return half
    best = best_ratio if best_ratio is not None and best_ratio > r else r
    return half + half * (r - 1) / (best - 1)


def criterion_points(rule: Rule, value: float | None, target: float | None = None,
                     best_ratio: float | None = None) -> float:
    if value is None:
        return 0.0
    if rule.kind == FIXED:
        return rule.max_points if value >= 1 else 0.0
    if rule.kind == PER_OCCURRENCE:
        return min(rule.max_points, value * (rule.unit_points or 0))
    if rule.kind == TARGET:
        return target_points(rule.max_points, ratio(value, target), best_ratio)
    return min(rule.max_points, max(value, 0.0))  # bonus, penalty: points as entered, capped


@dataclass(frozen=True)
class UnitScore:
    unit: object
    total: float  # base + bonus − penalty, never below 0
    base: float
    bonus: float
    penalty: float
    applicable_max: float
    score: float  # total on a scale of 100 of the applicable maximum (the comparable figure)
    share: float  # total / applicable maximum, kept within [0, 1]
    group_points: tuple[float, ...]  # base points per criteria group, in scorecard order
    full_marks: int  # applicable base criteria at full points
    missing: int  # applicable criteria without a value


def score_units(rules: Iterable[Rule], values: Mapping[object, Mapping[int, float | None]],
                targets: Mapping[object, Mapping[int, float]], bonus_cap: float,
                penalty_cap: float | None = None) -> dict[object, UnitScore]:
    """Score every unit of one cluster/block (the best exceeder of a target criterion is found
    among these units).

    The same arithmetic, in the same order, as `criterion_points` and `applies` applied rule by
    rule (so totals are bit-for-bit those of the plain loop), with each rule's kind and limits read
    once instead of once per unit: a 1,000-unit, 60-criterion cycle is scored in a few ms."""
    rules = list(rules)
    group_order: list[str] = []
    for r in rules:
        if r.kind in BASE_KINDS and r.group not in group_order:
            group_order.append(r.group)
    gindex = {g: i for i, g in enumerate(group_order)}
    best: dict[int, float] = {}
    empty: Mapping = {}
    for r in rules:
        if r.kind != TARGET:
            continue
        ratios = [ratio(values.get(u, empty).get(r.id), targets.get(u, empty).get(r.id)) for u in values]
        ratios = [x for x in ratios if x is not None]
        if ratios:
            best[r.id] = max(ratios)
    # (id, kind, max, points per occurrence, criteria group index, full-marks threshold, best ratio)
    plan = [(r.id, r.kind, r.max_points, r.unit_points or 0, gindex.get(r.group, -1), r.max_points - EPS,
             best.get(r.id)) for r in rules]
    n_groups = len(group_order)
    bonus_cap = max(bonus_cap, 0.0)
    penalty_limit = max(penalty_cap, 0.0) if penalty_cap is not None else None
    out: dict[object, UnitScore] = {}
    for unit, vals in values.items():
        get = vals.get
        tgt = targets.get(unit, empty)
        base = bonus = penalty = amax = 0.0
        per_group = [0.0] * n_groups
        full = missing = 0
        for rid, kind, mx, each, gi, full_at, best_ratio in plan:
            v = get(rid)
            if kind == FIXED:
                amax += mx
                if v is None:
                    missing += 1
                    continue
                p = mx if v >= 1 else 0.0
            elif kind == PER_OCCURRENCE:
                amax += mx
                if v is None:
                    missing += 1
                    continue
                p = min(mx, v * each)
            elif kind == TARGET:
                t = tgt.get(rid)
                if t is None or not t > 0:
                    continue  # no target registered: the criterion does not apply to this unit
                amax += mx
                if v is None:
                    missing += 1
                    continue
                p = target_points(mx, v / t, best_ratio)
            else:
                if v is not None:  # bonus or penalty: points as entered, capped
                    if kind == BONUS:
                        bonus += min(mx, max(v, 0.0))
                    else:
                        penalty += min(mx, max(v, 0.0))
                continue
            base += p
            per_group[gi] += p
            if p >= full_at:
                full += 1
        bonus = min(bonus, bonus_cap)
        if penalty_limit is not None:
            penalty = min(penalty, penalty_limit)
        total = max(0.0, base + bonus - penalty)
        score = 100.0 * total / amax if amax > 0 else 0.0
        share = min(1.0, total / amax) if amax > 0 else 0.0
        out[unit] = UnitScore(unit, total, base, bonus, penalty, amax, score, share, tuple(per_group), full, missing)
    return out


def _pts(x: float) -> str:
    return f"{format_decimal(x)} điểm"


def rule_text(rule: Rule, target: float | None = None, unit_label: str = "", bonus_cap: float | None = None,
              penalty_cap: float | None = None) -> str:
    """How a criterion is scored, in one Vietnamese sentence for the score sheet: its kind, its
    target and how points follow from the value entered (the numbers are those `criterion_points`
    gives: tests/emulation/test_score_sheet.py checks them)."""
    mx = rule.max_points
    if rule.kind == FIXED:
        return f"Đạt / không đạt: nhập 1 (đạt) được đủ {_pts(mx)}; nhập 0 (không đạt) được 0 điểm."
    if rule.kind == PER_OCCURRENCE:
        each = rule.unit_points or 0
        label = unit_label or "lần"
        text = f"Theo số lần: mỗi {label} được {_pts(each)}, tối đa {_pts(mx)}"
        if each > 0:
            full = int(-(-(mx - EPS) // each))  # the fewest occurrences that reach the maximum
            text += f" (từ {full} {label} trở lên)"
        return text + "; không có lần nào được 0 điểm."
    if rule.kind == TARGET:
        if target is None or not target > 0:
            return "Theo chỉ tiêu được giao: đơn vị không đăng ký chỉ tiêu nên tiêu chí không áp dụng, không tính vào " \
                   "điểm tối đa."
        return (f"Theo chỉ tiêu được giao (chỉ tiêu {format_decimal(target)}): điểm = {format_decimal(mx / 2)} × kết "
                f"quả / chỉ tiêu khi chưa đạt (kết quả 0 được 0 điểm); đạt đúng chỉ tiêu được {_pts(mx / 2)}; "
                f"vượt chỉ tiêu được thêm theo mức vượt so với đơn vị vượt cao nhất của cụm, khối, đơn vị vượt cao "
                f"nhất được đủ {_pts(mx)}.")
    if rule.kind == BONUS:
        cap = f" (tổng điểm thưởng không quá {_pts(bonus_cap)})" if bonus_cap is not None else ""
        return f"Điểm thưởng: nhập số điểm được thưởng, từ 0 đến {_pts(mx)}{cap}; cộng vào tổng điểm."
    cap = f" (tổng điểm trừ không quá {_pts(penalty_cap)})" if penalty_cap is not None else ""
    return f"Điểm trừ: nhập số điểm bị trừ, từ 0 đến {_pts(mx)}{cap}; trừ vào tổng điểm, tổng không dưới 0."
