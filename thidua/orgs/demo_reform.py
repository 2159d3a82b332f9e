"""The post-reform demo world of #19, beside the seed's Hớn Quản: tỉnh Bình Phước (until 30/6/2025, the
parent of huyện Hớn Quản, merged into Đồng Nai), the new tỉnh Đồng Nai (from 1/7/2025) with two departments
(Sở Giáo dục và Đào tạo, Sở Y tế) and three communes (xã Tân Khai, formed by merging thị trấn Tân Khai and xã
Thanh Bình of huyện Hớn Quản; xã Tân Hưng; phường Bình Long), each with its units, people, signers, offices and
legal bases, and demo accounts for the province's and two communes' secretariats. The people are fictional
(generated deterministically). Idempotent: an authority that exists is kept as it is."""

from __future__ import annotations

import datetime as dt
import random
import zlib

from .models import Authority, AuthorityLevel, Organisation, OrgKind, Person, Role, Signer, User
from .services import seed_paperwork_defaults

REFORM_DAY = dt.date(2025, 7, 1)
LAST_DAY = dt.date(2025, 6, 30)


def _ubnd(code, level, unit_word, place, province, **extra) -> dict:
    """An Ủy ban nhân dân: "Ủy ban nhân dân xã Tân Khai", header "ỦY BAN NHÂN DÂN / XÃ TÂN KHAI"."""
    locality = f"{unit_word} {place}"
    return {"code": code, "name": f"Ủy ban nhân dân {locality}", "short_name": f"UBND {locality}", "level": level,
            "parent_line": "", "header_name": f"ỦY BAN NHÂN DÂN\n{locality.upper()}", "place_name": place,
            "doc_code": "UBND", "collective_name": "ỦY BAN NHÂN DÂN", "province_name": province,
            "locality": locality, **extra}


def _department(code, name, short, doc_code) -> dict:
    """A department of the province (Nghị định 30/2020: the province's name above, the director signs in person)."""
    return {"code": code, "name": f"{name} tỉnh Đồng Nai", "short_name": short, "level": AuthorityLevel.DEPARTMENT,
            "parent_line": "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "header_name": name.upper(), "place_name": "Đồng Nai",
            "doc_code": doc_code, "collective_name": "", "province_name": "Đồng Nai",
            "locality": f"{name} tỉnh Đồng Nai", "valid_from": REFORM_DAY}


# (fields, parent code, successor code, signers [(name, prefix, title, is_chair)]), in the order they are made
AUTHORITIES = [
    (_ubnd("dong-nai", AuthorityLevel.PROVINCE, "tỉnh", "Đồng Nai", "Đồng Nai", valid_from=REFORM_DAY), None, None,
     [("Nguyễn Hữu Phước", "", "CHỦ TỊCH", True), ("Huỳnh Thị Mỹ Dung", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    (_ubnd("binh-phuoc", AuthorityLevel.PROVINCE, "tỉnh", "Bình Phước", "Bình Phước", valid_to=LAST_DAY), None,
     "dong-nai",
     [("Phạm Quốc Thái", "", "CHỦ TỊCH", True), ("Trần Văn Mi", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    (_department("so-gd-dt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT Đồng Nai", "SGDĐT"), "dong-nai", None,
     [("Hoàng Minh Đức", "", "GIÁM ĐỐC", True), ("Lâm Thị Ngọc Hà", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", False)]),
    (_department("so-y-te", "Sở Y tế", "Sở Y tế Đồng Nai", "SYT"), "dong-nai", None,
     [("Tạ Minh Chánh", "", "GIÁM ĐỐC", True), ("Đinh Thị Thu Hằng", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", False)]),
    (_ubnd("xa-tan-khai-moi", AuthorityLevel.COMMUNE, "xã", "Tân Khai", "Đồng Nai", valid_from=REFORM_DAY),
     "dong-nai", None,
     [("Điểu Văn Khánh", "", "CHỦ TỊCH", True), ("Lương Thị Bích Ngọc", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    (_ubnd("xa-tan-hung-moi", AuthorityLevel.COMMUNE, "xã", "Tân Hưng", "Đồng Nai", valid_from=REFORM_DAY),
     "dong-nai", None,
     [("Hồ Quang Vinh", "", "CHỦ TỊCH", True), ("Thạch Thị Sa Rên", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    (_ubnd("phuong-binh-long", AuthorityLevel.COMMUNE, "phường", "Bình Long", "Đồng Nai", valid_from=REFORM_DAY),
     "dong-nai", None,
     [("Mai Xuân Trường", "", "CHỦ TỊCH", True), ("Kiều Thị Thanh Tâm", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    # the two communes of huyện Hớn Quản merged into the new xã Tân Khai on 1/7/2025
    (_ubnd("tt-tan-khai-cu", AuthorityLevel.COMMUNE, "thị trấn", "Tân Khai", "Bình Phước", valid_to=LAST_DAY),
     "hon-quan", "xa-tan-khai-moi",
     [("Điểu Văn Khánh", "", "CHỦ TỊCH", True), ("Trịnh Văn Lộc", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
    (_ubnd("xa-thanh-binh-cu", AuthorityLevel.COMMUNE, "xã", "Thanh Bình", "Bình Phước", valid_to=LAST_DAY),
     "hon-quan", "xa-tan-khai-moi",
     [("Tô Thị Kim Liên", "", "CHỦ TỊCH", True), ("Chu Văn Bảy", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", False)]),
]
CODES = [a[0]["code"] for a in AUTHORITIES]


def _commune_units(word: str, place: str, quarters: list[str], schools: list[tuple[str, str]],
                   bodies: bool = True) -> list[tuple]:
    """(code, name, short name, kind, parent code) of a commune: its offices (since 1/7/2025), villages or
    quarters, schools, health station and mass organisations."""
    units = []
    if bodies:
        units += [("vp-hdnd-ubnd", f"Văn phòng HĐND và UBND {word}", "Văn phòng", OrgKind.DEPARTMENT, None),
                  ("phong-vh-xh", "Phòng Văn hóa - Xã hội", "Phòng VH-XH", OrgKind.DEPARTMENT, None),
                  ("phong-kinh-te", "Phòng Kinh tế", "Phòng Kinh tế", OrgKind.DEPARTMENT, None)]
    for i, q in enumerate(quarters, start=1):
        units.append((f"ap-{i}", q, q, OrgKind.OTHER, None))
    for code, name in schools:
        units.append((code, name, name.replace("Trường ", ""), OrgKind.SCHOOL, None))
    units += [("tram-y-te", f"Trạm Y tế {word} {place}", "Trạm Y tế", OrgKind.PUBLIC_SERVICE, None),
              ("mttq", f"Ủy ban Mặt trận Tổ quốc Việt Nam {word} {place}", "UB MTTQ", OrgKind.MASS_ORG, None),
              ("doan-tn", f"Đoàn Thanh niên Cộng sản Hồ Chí Minh {word}", "Đoàn TN", OrgKind.MASS_ORG, None),
              ("hoi-lhpn", f"Hội Liên hiệp Phụ nữ {word}", "Hội LHPN", OrgKind.MASS_ORG, None)]
    if bodies:
        units += [("hoi-nong-dan", f"Hội Nông dân {word}", "Hội Nông dân", OrgKind.MASS_ORG, None),
                  ("hoi-ccb", f"Hội Cựu chiến binh {word}", "Hội CCB", OrgKind.MASS_ORG, None),
                  ("cong-an", f"Công an {word} {place}", "Công an", OrgKind.VERTICAL, None)]
    return units


def _province_units(with_hon_quan: bool) -> list[tuple]:
    units = [("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", OrgKind.DEPARTMENT, None),
             ("so-noi-vu", "Sở Nội vụ", "Sở Nội vụ", OrgKind.DEPARTMENT, None),
             ("so-tai-chinh", "Sở Tài chính", "Sở Tài chính", OrgKind.DEPARTMENT, None)]
    if with_hon_quan:  # Bình Phước: its district, for the seed's provincial decisions
        return units + [("hon-quan", "Ủy ban nhân dân huyện Hớn Quản", "UBND huyện Hớn Quản", OrgKind.OTHER, None)]
    return units + [
        ("so-gd-dt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", OrgKind.DEPARTMENT, None),
        ("so-y-te", "Sở Y tế", "Sở Y tế", OrgKind.DEPARTMENT, None),
        ("xa-tan-khai-moi", "Ủy ban nhân dân xã Tân Khai", "Xã Tân Khai", OrgKind.COMMUNE, None),
        ("xa-tan-hung-moi", "Ủy ban nhân dân xã Tân Hưng", "Xã Tân Hưng", OrgKind.COMMUNE, None),
        ("phuong-binh-long", "Ủy ban nhân dân phường Bình Long", "Phường Bình Long", OrgKind.COMMUNE, None),
        ("mttq-tinh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai", "UB MTTQ tỉnh", OrgKind.MASS_ORG, None),
        ("tinh-doan", "Tỉnh đoàn Đồng Nai", "Tỉnh đoàn", OrgKind.MASS_ORG, None),
        ("dai-ptth", "Đài Phát thanh và Truyền hình Đồng Nai", "Đài PT-TH", OrgKind.PUBLIC_SERVICE, None),
    ]


UNITS = {
    "dong-nai": _province_units(False),
    "binh-phuoc": _province_units(True),
    "so-gd-dt": [
        ("van-phong", "Văn phòng Sở", "Văn phòng", OrgKind.DEPARTMENT, None),
        ("phong-tccb", "Phòng Tổ chức cán bộ", "Phòng TCCB", OrgKind.DEPARTMENT, None),
        ("phong-gdth", "Phòng Giáo dục Trung học", "Phòng GDTrH", OrgKind.DEPARTMENT, None),
        ("phong-khtc", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", OrgKind.DEPARTMENT, None),
        ("thanh-tra", "Thanh tra Sở", "Thanh tra", OrgKind.DEPARTMENT, None),
        ("thpt-chon-thanh", "Trường THPT Chơn Thành", "THPT Chơn Thành", OrgKind.SCHOOL, None),
        ("thpt-binh-long", "Trường THPT Bình Long", "THPT Bình Long", OrgKind.SCHOOL, None),
        ("thpt-tan-khai", "Trường THPT Tân Khai", "THPT Tân Khai", OrgKind.SCHOOL, None),
        ("thpt-chuyen", "Trường THPT Chuyên Lương Văn Chánh", "THPT Chuyên LVC", OrgKind.SCHOOL, None),
    ],
    "so-y-te": [
        ("van-phong", "Văn phòng Sở", "Văn phòng", OrgKind.DEPARTMENT, None),
        ("phong-nvy", "Phòng Nghiệp vụ Y", "Phòng NVY", OrgKind.DEPARTMENT, None),
        ("phong-khtc", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC", OrgKind.DEPARTMENT, None),
        ("thanh-tra", "Thanh tra Sở", "Thanh tra", OrgKind.DEPARTMENT, None),
        ("bv-da-khoa", "Bệnh viện Đa khoa tỉnh Đồng Nai", "BVĐK tỉnh", OrgKind.PUBLIC_SERVICE, None),
        ("cdc", "Trung tâm Kiểm soát bệnh tật tỉnh", "CDC tỉnh", OrgKind.PUBLIC_SERVICE, None),
        ("ttyt-chon-thanh", "Trung tâm Y tế khu vực Chơn Thành", "TTYT Chơn Thành", OrgKind.PUBLIC_SERVICE, None),
        ("ttyt-binh-long", "Trung tâm Y tế khu vực Bình Long", "TTYT Bình Long", OrgKind.PUBLIC_SERVICE, None),
    ],
    "xa-tan-khai-moi": _commune_units(
        "xã", "Tân Khai", ["Khu phố Tân Khai 1", "Khu phố Tân Khai 2", "Ấp Thanh Bình", "Ấp Bồn Bồn", "Ấp Sóc Ruộng"],
        [("thcs-tan-khai", "Trường THCS Tân Khai"), ("th-tan-khai-a", "Trường Tiểu học Tân Khai A"),
         ("th-thanh-binh", "Trường Tiểu học Thanh Bình"), ("mn-hoa-sen", "Trường Mầm non Hoa Sen")]),
    "xa-tan-hung-moi": _commune_units(
        "xã", "Tân Hưng", ["Ấp Sóc Bế", "Ấp Bù Dinh", "Ấp Đồng Tân", "Ấp Hưng Phát"],
        [("thcs-tan-hung", "Trường THCS Tân Hưng"), ("th-tan-hung", "Trường Tiểu học Tân Hưng"),
         ("mn-tan-hung", "Trường Mầm non Tân Hưng")]),
    "phuong-binh-long": _commune_units(
        "phường", "Bình Long", ["Khu phố Phú Bình", "Khu phố Phú Thịnh", "Khu phố Hưng Chiến", "Khu phố An Lộc"],
        [("thcs-an-loc", "Trường THCS An Lộc"), ("th-an-loc-a", "Trường Tiểu học An Lộc A"),
         ("mn-binh-long", "Trường Mầm non Bình Long")]),
    "tt-tan-khai-cu": _commune_units(
        "thị trấn", "Tân Khai", ["Khu phố 1", "Khu phố 2", "Khu phố 3"],
        [("thcs-tan-khai", "Trường THCS Tân Khai"), ("th-tan-khai-a", "Trường Tiểu học Tân Khai A")], bodies=False),
    "xa-thanh-binh-cu": _commune_units(
        "xã", "Thanh Bình", ["Ấp Thanh Bình", "Ấp Bồn Bồn"],
        [("th-thanh-binh", "Trường Tiểu học Thanh Bình")], bodies=False),
}

POSITIONS = {
    OrgKind.DEPARTMENT: ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"],
    OrgKind.SCHOOL: ["Hiệu trưởng", "Phó Hiệu trưởng", "Giáo viên", "Giáo viên"],
    OrgKind.MASS_ORG: ["Chủ tịch", "Phó Chủ tịch"],
    OrgKind.PUBLIC_SERVICE: ["Giám đốc", "Phó Giám đốc", "Viên chức"],
    OrgKind.VERTICAL: ["Trưởng", "Phó Trưởng"],
    OrgKind.COMMUNE: ["Chủ tịch UBND", "Phó Chủ tịch UBND"],
    OrgKind.OTHER: ["Trưởng ấp", "Bí thư Chi bộ"],
}
HEAD_OF = {"hon-quan": ["Chủ tịch UBND huyện"], "van-phong": ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên"],
           "thanh-tra": ["Chánh Thanh tra", "Phó Chánh Thanh tra"], "tram-y-te": ["Trạm trưởng", "Y sĩ", "Điều dưỡng"],
           "vp-hdnd-ubnd": ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Công chức"],
           "vp-ubnd": ["Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên"]}

# (username, full name, role, authority code, unit code)
ACCOUNTS = [
    ("tinh.thuongtruc", "Nguyễn Thị Thanh Thủy", Role.SECRETARIAT, "dong-nai", None),
    ("tinh.thamdinh", "Bùi Quang Hiếu", Role.REVIEWER, "dong-nai", None),
    ("xa.thuongtruc", "Lê Thị Ngọc Lan", Role.SECRETARIAT, "xa-tan-khai-moi", None),
    ("xa.donvi", "Đặng Văn Toàn", Role.UNIT_OFFICER, "xa-tan-khai-moi", "thcs-tan-khai"),
    ("hung.thuongtruc", "Phạm Thị Kim Oanh", Role.SECRETARIAT, "xa-tan-hung-moi", None),
]


def _seed(code: str) -> random.Random:
    return random.Random(zlib.crc32(code.encode()))


def _fill(authority: Authority, signers, person_name) -> tuple[int, int]:
    for order, (name, prefix, title, chair) in enumerate(signers, start=1):
        Signer.objects.create(authority=authority, name=name, prefix=prefix, title=title, is_chair=chair,
                              display_order=order, valid_from=authority.valid_from, valid_to=authority.valid_to)
    seed_paperwork_defaults(None, authority)
    rng = _seed(authority.code)
    units = {}
    for order, (code, name, short, kind, parent) in enumerate(UNITS[authority.code], start=1):
        units[code] = Organisation.objects.create(
            authority=authority, code=code, name=name, short_name=short, kind=kind, display_order=order,
            parent=units.get(parent), valid_from=authority.valid_from, valid_to=authority.valid_to)
    people = []
    for unit in units.values():
        for position in HEAD_OF.get(unit.code, POSITIONS.get(unit.kind, ["Cán bộ"])) + ["Cán bộ phụ trách thi đua"]:
            family, middle, given, female = person_name(rng)
            people.append(Person(authority=authority, organisation=unit, family_name=family, middle_name=middle,
                                 given_name=given, gender="F" if female else "M", position=position,
                                 phone=f"09{rng.randint(10000000, 99999999)}"))
    for p in people:
        p.save()
    return len(units), len(people)


def load(person_name, password: str, log=print) -> dict[str, Authority]:
    """Create what is missing of the post-reform world; returns the authorities by code. `person_name`
    and `password`: the seed demo's name generator and demo password (orgs.demo)."""
    made = {}
    for fields, parent, successor, signers in AUTHORITIES:
        upper = (made.get(parent) or Authority.objects.filter(code=parent).first()) if parent else None
        values = {**fields, "parent": upper, "successor": made.get(successor)}
        authority, created = Authority.objects.get_or_create(code=fields["code"], defaults=values)
        made[authority.code] = authority
        if created:
            n_units, n_people = _fill(authority, signers, person_name)
            log(f"Đã tạo {authority.short_name}: {n_units} đơn vị, {n_people} cá nhân.")
    # the seed's district sat under Bình Phước; its units' counterparts in Đồng Nai stand for the new bodies
    Authority.objects.filter(code="hon-quan", parent__isnull=True).update(parent=made["binh-phuoc"])
    for fields, *_ in AUTHORITIES:
        Organisation.objects.filter(authority__in=[made["dong-nai"], made["binh-phuoc"]], code=fields["code"],
                                    stands_for__isnull=True).update(stands_for=made[fields["code"]])
    Organisation.objects.filter(authority=made["binh-phuoc"], code="hon-quan", stands_for__isnull=True).update(
        stands_for=Authority.objects.filter(code="hon-quan").first())
    n = 0
    for username, full_name, role, code, unit_code in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        authority = made[code]
        user = User(username=username, full_name=full_name, role=role, authority=authority,
                    unit=Organisation.objects.get(authority=authority, code=unit_code) if unit_code else None)
        user.set_password(password)
        user.save()
        n += 1
    if n:
        log(f"Đã tạo {n} tài khoản của tỉnh Đồng Nai, xã Tân Khai và xã Tân Hưng.")
    else:
        log("Dữ liệu mẫu tỉnh Đồng Nai (sau sắp xếp) đã có; giữ nguyên.")
    return made


def logins(password: str) -> list[tuple[str, str, str]]:
    return [(u, password, f"{Role(role).label} ({code}{'/' + unit if unit else ''})")
            for u, _, role, code, unit in ACCOUNTS]
