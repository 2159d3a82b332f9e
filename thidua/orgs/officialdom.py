"""What an authority of each level starts with, as data a secretariat then edits: its own offices and
their part in the paperwork, and the dated legal bases its documents cite. Pure Python.

Sources (../shared/domain/BRIEF.md §1.1, §7.1): a province has the Văn phòng UBND tỉnh, the Sở Nội vụ (with
its Ban Thi đua - Khen thưởng) and the Sở Tài chính; since 1/7/2025 a commune, ward or special zone has the
Văn phòng HĐND và UBND, the Phòng Văn hóa - Xã hội (which advises on emulation and commendation, Thông tư
10/2025/TT-BNV) and the Phòng Kinh tế; a district (until 30/6/2025) had the Văn phòng HĐND và UBND, the Phòng
Nội vụ and the Phòng Tài chính - Kế hoạch; a department (sở, ban, ngành) its own Văn phòng and finance office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

REFORM_DAY = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class OfficeDefault:
    name: str
    head_title: str
    short_code: str
    is_chief_office: bool = False
    proposes: bool = False
    pays: bool = False
    executes: bool = True
    receives: bool = False


@dataclass(frozen=True)
class BasisDefault:
    text: str
    kinds: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def locality_word(locality: str) -> str:
    """"xã Tân Lợi" → "xã"; "phường Trấn Biên" → "phường"; "đặc khu Phú Quốc" → "đặc khu"; "" → ""."""
    words = locality.split()
    if len(words) >= 2 and " ".join(words[:2]).casefold() in ("đặc khu", "thị trấn", "thành phố", "thị xã"):
        return " ".join(words[:2])
    return words[0] if words else ""


def default_offices(level: str, locality: str = "") -> list[OfficeDefault]:
    word = locality_word(locality)
    if level == "tinh":
        return [
            OfficeDefault("Văn phòng Ủy ban nhân dân tỉnh", "Chánh Văn phòng", "VP", is_chief_office=True),
            OfficeDefault("Sở Nội vụ", "Giám đốc", "NV", proposes=True, receives=True),
            OfficeDefault("Sở Tài chính", "Giám đốc", "TC", pays=True, receives=True),
        ]
    if level == "huyen":
        return [
            OfficeDefault(f"Văn phòng HĐND và UBND {word or 'huyện'}", "Chánh Văn phòng", "VP", is_chief_office=True),
            OfficeDefault("Phòng Nội vụ", "Trưởng phòng", "NV", proposes=True),
            OfficeDefault("Phòng Tài chính - Kế hoạch", "Trưởng phòng", "TCKH", pays=True, receives=True),
        ]
    if level == "xa":
        return [
            OfficeDefault(f"Văn phòng HĐND và UBND {word or 'xã'}", "Chánh Văn phòng", "VP", is_chief_office=True),
            OfficeDefault("Phòng Văn hóa - Xã hội", "Trưởng phòng", "VHXH", proposes=True),
            OfficeDefault("Phòng Kinh tế", "Trưởng phòng", "KT", pays=True, receives=True),
        ]
    # a department (sở, ban, ngành) or another body: its own office advises and its finance office pays
    return [
        OfficeDefault("Văn phòng", "Chánh Văn phòng", "VP", is_chief_office=True, proposes=True),
        OfficeDefault("Phòng Kế hoạch - Tài chính", "Trưởng phòng", "KHTC", pays=True, receives=True),
    ]


LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
LOCAL_GOVERNMENT_2015 = ("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một "
                         "số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 "
                         "năm 2019")
LOCAL_GOVERNMENT_2025 = "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"


def default_bases(level: str) -> list[BasisDefault]:
    """The laws every document of the level cites, dated; the decree comes from the award's rule set and
    the authority's own regulations are added by its secretariat (the demo adds the seed's)."""
    bases = []
    if level in ("tinh", "huyen", "xa"):
        bases += [BasisDefault(LOCAL_GOVERNMENT_2015, valid_to=REFORM_DAY - dt.timedelta(days=1)),
                  BasisDefault(LOCAL_GOVERNMENT_2025, valid_from=REFORM_DAY)]
    bases.append(BasisDefault(LAW_2022))
    return bases
