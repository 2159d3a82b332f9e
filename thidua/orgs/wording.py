"""How an authority speaks in its documents, read from its data: its place, its own offices and their
parts (who proposes, pays, executes, receives), and the dated legal bases it cites.

`Voice.of(authority)` reads the offices and the bases (two queries); an authority that has not set them
speaks with its level's defaults (`officialdom`). `Voice.for_level` speaks for an authority that thidua
does not hold (a province whose decision a commune records). No document names an office in code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thidua.paperwork.model import Signature
from thidua.vn.people import position_at

from . import officialdom
from .models import Authority, LegalBasis, Office, Signer


def locality_of(authority) -> str:
    """"huyện Hớn Quản", "xã Tân Lợi", "tỉnh Đồng Nai": the field, or the short name without "UBND"."""
    if getattr(authority, "locality", ""):
        return authority.locality
    short = authority.short_name or ""
    for prefix in ("UBND ", "Ủy ban nhân dân ", "ỦY BAN NHÂN DÂN "):
        if short.startswith(prefix):
            return short[len(prefix):]
    return short


def qualified_unit_name(name: str, locality: str, own_office: bool = False) -> str:
    """A unit named so that a reader at another level knows whose it is: "Phòng Nội vụ" → "Phòng Nội vụ
    huyện Hớn Quản"; "Hội Liên hiệp Phụ nữ huyện" → "Hội Liên hiệp Phụ nữ huyện Hớn Quản"; "Trường THCS
    Tân Khai" → "Trường THCS Tân Khai, huyện Hớn Quản"; a name that already says the place is kept."""
    if not locality or not name:
        return name
    if locality.casefold() in name.casefold():
        return name
    word = officialdom.locality_word(locality)
    place = locality[len(word):].strip()
    if word and name.casefold().endswith(" " + word.casefold()):
        return f"{name} {place}"
    return f"{name} {locality}" if own_office else f"{name}, {locality}"


@dataclass(frozen=True)
class Voice:
    level: str
    name: str  # "Ủy ban nhân dân tỉnh Đồng Nai"
    short_name: str  # "UBND tỉnh Đồng Nai"
    locality: str  # "tỉnh Đồng Nai"
    offices: tuple  # Office rows, or officialdom.OfficeDefault
    bases: tuple  # LegalBasis rows, or officialdom.BasisDefault

    @classmethod
    def of(cls, authority: Authority) -> Voice:
        offices = tuple(Office.objects.filter(authority=authority)) if authority.pk else ()
        bases = tuple(LegalBasis.objects.filter(authority=authority)) if authority.pk else ()
        locality = locality_of(authority)
        return cls(level=authority.level, name=authority.name, short_name=authority.short_name, locality=locality,
                   offices=offices or tuple(officialdom.default_offices(authority.level, locality)),
                   bases=bases or tuple(officialdom.default_bases(authority.level)))

    @classmethod
    def for_level(cls, level: str, locality: str) -> Voice:
        return cls(level=level, name=f"Ủy ban nhân dân {locality}", short_name=f"UBND {locality}", locality=locality,
                   offices=tuple(officialdom.default_offices(level, locality)),
                   bases=tuple(officialdom.default_bases(level)))

    # --- offices -----------------------------------------------------------------------------------

    @staticmethod
    def head(office) -> str:
        """"Giám đốc Sở Nội vụ", "Trưởng phòng Văn hóa - Xã hội", "Chánh Văn phòng UBND tỉnh"."""
        return position_at(office.head_title, office.name)

    def _first(self, attr: str):
        return next((o for o in self.offices if getattr(o, attr)), None)

    @property
    def proposer(self):
        return self._first("proposes")

    @property
    def payer(self):
        return self._first("pays")

    @property
    def chief_office(self):
        return self._first("is_chief_office")

    def proposer_head(self) -> str:
        office = self.proposer
        return self.head(office) if office else "Thủ trưởng cơ quan tham mưu công tác thi đua, khen thưởng"

    def executing_article(self, what: str = "Quyết định này", named: str = "các tập thể, cá nhân có tên tại Điều 1"
                          ) -> str:
        """"Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, thủ trưởng các cơ quan, đơn vị
        có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."."""
        heads = [self.head(o) for o in sorted(self.offices, key=lambda o: not o.is_chief_office) if o.executes]
        who = ", ".join([*heads, "thủ trưởng các cơ quan, đơn vị có liên quan"])
        if named:
            who += f" và {named}"
        return f"{who} chịu trách nhiệm thi hành {what}."

    def archive_line(self, drafter=None) -> str:
        """"Lưu: VT, NV." — the clerks' copy and the drafting office's."""
        office = drafter or self.proposer
        code = getattr(office, "short_code", "") if office else ""
        return f"Lưu: VT, {code}." if code else "Lưu: VT."

    def distribution(self, first: tuple[str, ...] = ("Như Điều 3",), extra: tuple[str, ...] = (), drafter=None,
                     skip_executing: bool = True) -> tuple[str, ...]:
        """Nơi nhận: `first`, the offices that receive copies (not those already named in the executing
        article when `first` is "Như Điều 3"), `extra`, and the archive line."""
        offices = [o.name for o in self.offices if o.receives and not (skip_executing and o.executes)]
        return (*first, *offices, *extra, self.archive_line(drafter))

    # --- legal bases -------------------------------------------------------------------------------

    def legal_bases(self, kind: str, day: dt.date | None, extra: tuple[str, ...] = ()) -> list[str]:
        """"Căn cứ …" lines in force on `day` for documents of `kind`, then `extra` (the decree of the award's
        rule set, …) at its place after the laws, then the authority's own regulations."""
        applying = [b for b in self.bases if _applies(b, kind, day)]
        laws = [b.text for b in applying if b.text.startswith(("Luật", "Bộ luật", "Hiến pháp"))]
        rest = [b.text for b in applying if b.text not in laws]
        lines = [*laws, *[e for e in extra if e not in laws], *rest]
        return [f"Căn cứ {text}" for text in lines]

    def unit_name(self, name: str, own_office: bool = False) -> str:
        return qualified_unit_name(name, self.locality, own_office)


def _applies(basis, kind: str, day) -> bool:
    kinds = {k.strip() for k in (basis.kinds or "").split(",") if k.strip()}
    return ((not kinds or kind in kinds) and (basis.valid_from is None or day is None or basis.valid_from <= day)
            and (basis.valid_to is None or day is None or day <= basis.valid_to))


_LOCAL_PREFIXES = ("UBND ", "Ủy ban nhân dân ", "Đảng ủy ", "Đảng bộ ")


def unit_place(org, authority) -> str:
    """Where a unit dates its letters: a commune, ward or town by its own name ("UBND xã Tân Lợi" → "Tân
    Lợi"), any other unit at its authority's place."""
    name = org.name or ""
    if getattr(org, "kind", "") == "xa":
        for prefix in _LOCAL_PREFIXES:
            if name.startswith(prefix):
                name = name[len(prefix):]
                break
        word = officialdom.locality_word(name)
        place = name[len(word):].strip() if word else name
        if place:
            return place
    return authority.place_name


# --- who signs for the authority ------------------------------------------------------------------------------


def signer_on(authority_id: int, day: dt.date | None = None, chosen: Signer | None = None) -> Signer | None:
    """The signer chosen for a paper, else the authority's head in office on `day` (the chair first; its first
    signer when none is dated to cover the day); None when the authority has no signer."""
    if chosen is not None:
        return chosen
    signers = list(Signer.objects.filter(authority_id=authority_id).order_by("-is_chair", "display_order", "id"))
    if day is not None:
        signers = [s for s in signers if (s.valid_from is None or s.valid_from <= day)
                   and (s.valid_to is None or day <= s.valid_to)] or signers
    return signers[0] if signers else None


def signature_of(signer: Signer) -> Signature:
    """The signature block of a recorded signer; "Q. CHỦ TỊCH" written whole in the prefix signs as that title."""
    if signer.prefix and not signer.title:
        return Signature("", signer.prefix, signer.name)
    return Signature(signer.prefix, signer.title, signer.name)
