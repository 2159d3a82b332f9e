"""Pure rules of the hall (no Django): the hall plan's JSON shape and its validation, the seats it
describes, and the automatic seat assignment by protocol order.

A plan::

    {"name": "Hội trường UBND huyện Hớn Quản",
     "blocks": [
        {"code": "CT", "name": "Đoàn Chủ tịch", "head": true, "rows": [{"label": "", "seats": 7}]},
        {"code": "T", "name": "Dãy trái", "aisle": "right",
         "rows": [{"label": "A", "seats": 10, "reserve": ["a"]}, {"label": "C", "seats": 10, "awards": true}, …]},
        …]}

Rows are listed from the stage backwards. Seats are numbered from the aisle ("aisle": the side of the
block the aisle runs along; "both" for a middle block between two aisles, numbered left to right).
A row may be reserved for delegate categories ("reserve": ["a", "b"]) or for award recipients
("awards": true, filled in batch order, nearest the aisle first so recipients reach the stage fast).
The head table ("head": true, the presidium on the stage) is filled by hand only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_SEATS_PER_ROW = 60
MAX_SEATS = 3000
_CODE = re.compile(r"^[A-Z0-9Đ]{1,4}$")
_ROW = re.compile(r"^[A-Z0-9Đ]{0,3}$")
AISLES = ("left", "right", "both")


class PlanError(ValueError):
    """The plan is not valid; `errors` lists Vietnamese messages naming the part."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Seat:
    label: str  # "T-A03"; head table "CT-02"
    block: str
    block_name: str
    block_index: int
    row: str
    depth: int  # 0 = the row nearest the stage
    number: int  # 1 = next to the aisle
    aisle_distance: int
    reserve: tuple[str, ...] = ()
    awards: bool = False
    head: bool = False

    @property
    def fill_key(self) -> tuple:
        """Front first, then nearest the aisle, then block by block."""
        return (self.depth, self.aisle_distance, self.block_index, self.number)

    @property
    def text(self) -> str:
        """"Dãy trái, hàng A, ghế 3"."""
        parts = [self.block_name]
        if self.row:
            parts.append(f"hàng {self.row}")
        parts.append(f"ghế {self.number}")
        return ", ".join(parts)


def seat_label(block: str, row: str, number: int) -> str:
    return f"{block}-{row}{number:02d}"


def _as_str(value, default: str = "") -> str:
    return unicodedata.normalize("NFC", " ".join(value.split())) if isinstance(value, str) else default


def validate_plan(data: object, categories: Iterable[str] | None = None) -> dict:
    """Return the plan normalised (codes upper-case, defaults filled) or raise PlanError."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise PlanError(["Sơ đồ phải là một đối tượng JSON có “blocks”."])
    known = set(categories) if categories is not None else None
    blocks = data.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise PlanError(["Sơ đồ cần ít nhất một dãy ghế (blocks)."])
    out_blocks, codes, total = [], set(), 0
    for bi, block in enumerate(blocks, start=1):
        where = f"Dãy thứ {bi}"
        if not isinstance(block, dict):
            errors.append(f"{where}: phải là một đối tượng.")
            continue
        code = _as_str(block.get("code")).upper()
        if not _CODE.match(code):
            errors.append(f"{where}: mã dãy “{code}” phải gồm 1–4 chữ in hoa hoặc số.")
        elif code in codes:
            errors.append(f"{where}: mã dãy “{code}” bị trùng.")
        codes.add(code)
        name = _as_str(block.get("name")) or f"Dãy {code}"
        aisle = _as_str(block.get("aisle"), "left") or "left"
        if aisle not in AISLES:
            errors.append(f"{where}: lối đi (aisle) chỉ có thể là left, right hoặc both.")
        head = bool(block.get("head", False))
        rows = block.get("rows")
        if not isinstance(rows, list) or not rows:
            errors.append(f"{where}: cần ít nhất một hàng ghế (rows).")
            continue
        out_rows, labels = [], set()
        for ri, row in enumerate(rows, start=1):
            rwhere = f"{where}, hàng thứ {ri}"
            if not isinstance(row, dict):
                errors.append(f"{rwhere}: phải là một đối tượng.")
                continue
            label = _as_str(row.get("label")).upper()
            if not _ROW.match(label):
                errors.append(f"{rwhere}: tên hàng “{label}” chỉ gồm tối đa 3 chữ in hoa hoặc số.")
            elif label in labels:
                errors.append(f"{rwhere}: tên hàng “{label}” bị trùng trong dãy.")
            labels.add(label)
            seats = row.get("seats")
            if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS_PER_ROW:
                errors.append(f"{rwhere}: số ghế phải là số nguyên từ 1 đến {MAX_SEATS_PER_ROW}.")
                continue
            reserve = row.get("reserve") or []
            if not isinstance(reserve, list) or not all(isinstance(c, str) and c.strip() for c in reserve):
                errors.append(f"{rwhere}: “reserve” phải là danh sách ký hiệu thành phần.")
                reserve = []
            reserve = [c.strip() for c in reserve]
            if known is not None:
                for c in reserve:
                    if c not in known:
                        errors.append(f"{rwhere}: không có thành phần đại biểu “{c}”.")
            awards = bool(row.get("awards", False))
            if head and (reserve or awards):
                errors.append(f"{rwhere}: bàn Đoàn Chủ tịch chỉ xếp tay, không dành riêng theo thành phần.")
            total += seats
            out_rows.append({"label": label, "seats": seats, "reserve": reserve, "awards": awards})
        out_blocks.append({"code": code, "name": name, "aisle": aisle, "head": head, "rows": out_rows})
    if total > MAX_SEATS:
        errors.append(f"Sơ đồ có {total} ghế, vượt quá {MAX_SEATS}.")
    if errors:
        raise PlanError(errors)
    return {"name": _as_str(data.get("name")) or "Hội trường", "blocks": out_blocks}


def seats(plan: dict) -> list[Seat]:
    """Every seat of a validated plan, in plan order."""
    out = []
    for bi, block in enumerate(plan["blocks"]):
        for depth, row in enumerate(block["rows"]):
            n = row["seats"]
            for number in range(1, n + 1):
                distance = min(number - 1, n - number) if block["aisle"] == "both" else number - 1
                out.append(Seat(seat_label(block["code"], row["label"], number), block["code"], block["name"], bi,
                                row["label"], depth, number, distance, tuple(row["reserve"]), row["awards"],
                                block["head"]))
    return out


def capacity(plan: dict) -> int:
    return sum(row["seats"] for block in plan["blocks"] if not block["head"] for row in block["rows"])


@dataclass(frozen=True)
class Guest:
    id: int
    category: str
    category_order: int
    order: int  # display order inside the category
    award_rank: int | None = None  # 0 = first batch on stage; None = not a recipient
    locked_seat: str | None = None  # set by hand: kept as is


@dataclass(frozen=True)
class Assignment:
    seats: dict[int, str]
    unplaced: tuple[int, ...]


def assign(all_seats: Sequence[Seat], guests: Sequence[Guest]) -> Assignment:
    """Give every guest a seat: hand-set seats stay; award rows take recipients in batch order nearest
    the aisle first; rows reserved for categories take those categories in protocol order; everyone
    left fills the open rows front to back in protocol order. Head-table seats are never filled here."""
    by_label = {s.label: s for s in all_seats}
    result: dict[int, str] = {}
    taken: set[str] = set()
    pool = []
    for g in guests:
        if g.locked_seat and g.locked_seat in by_label and g.locked_seat not in taken:
            result[g.id] = g.locked_seat
            taken.add(g.locked_seat)
        else:
            pool.append(g)

    def protocol(g: Guest) -> tuple:
        return (g.category_order, g.order, g.id)

    def fill(seat_list: list[Seat], people: list[Guest]) -> None:
        for seat, guest in zip(seat_list, people, strict=False):
            result[guest.id] = seat.label
            taken.add(seat.label)

    free = sorted((s for s in all_seats if s.label not in taken and not s.head), key=lambda s: s.fill_key)
    # 1. award rows: recipients in batch order
    award_seats = [s for s in free if s.awards]
    recipients = sorted((g for g in pool if g.award_rank is not None), key=lambda g: (g.award_rank, *protocol(g)))
    fill(award_seats, recipients)
    # 2. reserved rows, category by category (in the order the categories come in protocol)
    waiting = sorted((g for g in pool if g.id not in result), key=protocol)
    reserved = [s for s in free if s.reserve and not s.awards and s.label not in taken]
    reserved.sort(key=lambda s: (s.depth, s.block_index, s.aisle_distance, s.number))
    for guest in waiting:
        for seat in reserved:
            if seat.label not in taken and guest.category in seat.reserve:
                result[guest.id] = seat.label
                taken.add(seat.label)
                break
    # 3. open rows for everyone left
    open_seats = [s for s in free if not s.reserve and not s.awards and s.label not in taken]
    left = [g for g in waiting if g.id not in result]
    fill(open_seats, left)
    unplaced = tuple(g.id for g in left if g.id not in result)
    return Assignment(result, unplaced)


def hon_quan_hall() -> dict:
    """The demo hall of UBND huyện Hớn Quản: a presidium of 7, three blocks of 10 rows (280 seats in
    the hall plus 20 spare), front rows reserved for province and district leaders, award rows."""
    def rows(reserve_front: list[str] | None, award_rows: tuple[str, ...], n: int) -> list[dict]:
        out = []
        for i, label in enumerate("ABCDEFGHIK"):
            row: dict = {"label": label, "seats": n}
            if i == 0 and reserve_front:
                row["reserve"] = reserve_front
            if label in award_rows:
                row["awards"] = True
            out.append(row)
        return out

    return {
        "name": "Hội trường UBND huyện Hớn Quản",
        "blocks": [
            {"code": "CT", "name": "Đoàn Chủ tịch", "head": True, "aisle": "both", "rows": [{"label": "", "seats": 7}]},
            {"code": "T", "name": "Dãy trái", "aisle": "right", "rows": rows(["a"], ("B", "C", "D"), 8)},
            {"code": "G", "name": "Dãy giữa", "aisle": "both", "rows": rows(["a", "b"], (), 14)},
            {"code": "P", "name": "Dãy phải", "aisle": "left", "rows": rows(["b"], ("B", "C", "D"), 8)},
        ],
    }
