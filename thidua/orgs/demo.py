"""The demo world of the seed plan: UBND huyện Hớn Quản (tỉnh Bình Phước) before the 1/7/2025
reform, its town and communes, departments, Party bodies, mass organisations, public-service
units, vertical units and schools. The people are fictional (generated deterministically)."""

from __future__ import annotations

import datetime as dt
import random

from . import demo_reform
from .models import Authority, AuthorityLevel, LegalBasis, Organisation, OrgKind, Person, Role, Signer, User
from .services import seed_paperwork_defaults

AUTHORITY = {
    "code": "hon-quan",
    "name": "Ủy ban nhân dân huyện Hớn Quản",
    "short_name": "UBND huyện Hớn Quản",
    "level": AuthorityLevel.DISTRICT,
    "parent_line": "",
    "header_name": "ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN",
    "place_name": "Hớn Quản",
    "doc_code": "UBND",
    "collective_name": "ỦY BAN NHÂN DÂN",
    "province_name": "Bình Phước",
    "locality": "huyện Hớn Quản",
    "valid_to": dt.date(2025, 6, 30),
}

# The regulations the seed plan cites ("Thực hiện Quyết định số 15/2024/QĐ-UBND …", "Quyết định số 2868/QĐ-UBND …"),
# after the laws that the level's defaults give: (text, kinds).
OWN_BASES = [
    ("Quyết định số 15/2024/QĐ-UBND ngày 27 tháng 6 năm 2024 của Ủy ban nhân dân tỉnh Bình Phước ban hành Quy định về "
     "công tác thi đua, khen thưởng trên địa bàn tỉnh Bình Phước", ""),
    ("Quyết định số 2772/QĐ-UBND ngày 19 tháng 11 năm 2024 của Ủy ban nhân dân huyện Hớn Quản ban hành Quy định về "
     "công tác thi đua, khen thưởng trên địa bàn huyện Hớn Quản", ""),
    ("Quyết định số 2868/QĐ-UBND ngày 10 tháng 12 năm 2024 của Ủy ban nhân dân huyện Hớn Quản ban hành Quy định về tổ "
     "chức hoạt động và bình xét, xếp hạng thi đua trên địa bàn huyện Hớn Quản", "covenant,ranking,plan"),
]

# (code, name, short name, kind)
UNITS: list[tuple[str, str, str, str]] = [
    ("vp-huyen-uy", "Văn phòng Huyện ủy", "VP Huyện ủy", OrgKind.PARTY),
    ("ban-to-chuc", "Ban Tổ chức Huyện ủy", "Ban Tổ chức", OrgKind.PARTY),
    ("ban-tuyen-giao", "Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo", OrgKind.PARTY),
    ("ban-dan-van", "Ban Dân vận Huyện ủy", "Ban Dân vận", OrgKind.PARTY),
    ("ubkt-huyen-uy", "Ủy ban Kiểm tra Huyện ủy", "UBKT Huyện ủy", OrgKind.PARTY),
    ("vp-hdnd-ubnd", "Văn phòng HĐND và UBND huyện", "VP HĐND-UBND", OrgKind.DEPARTMENT),
    ("phong-noi-vu", "Phòng Nội vụ", "Phòng Nội vụ", OrgKind.DEPARTMENT),
    ("phong-tc-kh", "Phòng Tài chính - Kế hoạch", "Phòng TC-KH", OrgKind.DEPARTMENT),
    ("phong-tu-phap", "Phòng Tư pháp", "Phòng Tư pháp", OrgKind.DEPARTMENT),
    ("phong-kt-ht", "Phòng Kinh tế và Hạ tầng", "Phòng KT-HT", OrgKind.DEPARTMENT),
    ("phong-nn-ptnt", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN-PTNT", OrgKind.DEPARTMENT),
    ("phong-tn-mt", "Phòng Tài nguyên và Môi trường", "Phòng TN-MT", OrgKind.DEPARTMENT),
    ("phong-gd-dt", "Phòng Giáo dục và Đào tạo", "Phòng GD-ĐT", OrgKind.DEPARTMENT),
    ("phong-vh-tt", "Phòng Văn hóa và Thông tin", "Phòng VH-TT", OrgKind.DEPARTMENT),
    ("phong-ld-tbxh", "Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH", OrgKind.DEPARTMENT),
    ("phong-y-te", "Phòng Y tế", "Phòng Y tế", OrgKind.DEPARTMENT),
    ("phong-dan-toc", "Phòng Dân tộc", "Phòng Dân tộc", OrgKind.DEPARTMENT),
    ("thanh-tra", "Thanh tra huyện", "Thanh tra", OrgKind.DEPARTMENT),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "UB MTTQ VN huyện", OrgKind.MASS_ORG),
    ("huyen-doan", "Huyện đoàn", "Huyện đoàn", OrgKind.MASS_ORG),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ huyện", "Hội LHPN", OrgKind.MASS_ORG),
    ("hoi-nong-dan", "Hội Nông dân huyện", "Hội Nông dân", OrgKind.MASS_ORG),
    ("hoi-ccb", "Hội Cựu chiến binh huyện", "Hội CCB", OrgKind.MASS_ORG),
    ("ldld", "Liên đoàn Lao động huyện", "LĐLĐ huyện", OrgKind.MASS_ORG),
    ("tt-vh-tt", "Trung tâm Văn hóa - Thể thao huyện", "TT VH-TT", OrgKind.PUBLIC_SERVICE),
    ("dai-tt-th", "Đài Truyền thanh - Truyền hình huyện", "Đài TT-TH", OrgKind.PUBLIC_SERVICE),
    ("tt-y-te", "Trung tâm Y tế huyện", "TT Y tế", OrgKind.PUBLIC_SERVICE),
    ("ban-qlda", "Ban Quản lý dự án đầu tư xây dựng huyện", "Ban QLDA", OrgKind.PUBLIC_SERVICE),
    ("tt-dvnn", "Trung tâm Dịch vụ nông nghiệp huyện", "TT DVNN", OrgKind.PUBLIC_SERVICE),
    ("tt-gdnn-gdtx", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "TT GDNN-GDTX", OrgKind.PUBLIC_SERVICE),
    ("cong-an", "Công an huyện", "Công an huyện", OrgKind.VERTICAL),
    ("bchqs", "Ban Chỉ huy Quân sự huyện", "BCH Quân sự", OrgKind.VERTICAL),
    ("chi-cuc-thue", "Chi cục Thuế khu vực Hớn Quản", "Chi cục Thuế", OrgKind.VERTICAL),
    ("kho-bac", "Kho bạc Nhà nước Hớn Quản", "Kho bạc", OrgKind.VERTICAL),
    ("toa-an", "Tòa án nhân dân huyện", "TAND huyện", OrgKind.VERTICAL),
    ("vien-ks", "Viện Kiểm sát nhân dân huyện", "VKSND huyện", OrgKind.VERTICAL),
    ("thads", "Chi cục Thi hành án dân sự huyện", "Chi cục THADS", OrgKind.VERTICAL),
    ("bhxh", "Bảo hiểm xã hội huyện", "BHXH huyện", OrgKind.VERTICAL),
    ("nhcsxh", "Phòng Giao dịch Ngân hàng Chính sách xã hội huyện", "NHCSXH", OrgKind.VERTICAL),
    ("xa-tan-khai", "UBND thị trấn Tân Khai", "TT Tân Khai", OrgKind.COMMUNE),
    ("xa-thanh-an", "UBND xã Thanh An", "Xã Thanh An", OrgKind.COMMUNE),
    ("xa-an-khuong", "UBND xã An Khương", "Xã An Khương", OrgKind.COMMUNE),
    ("xa-an-phu", "UBND xã An Phú", "Xã An Phú", OrgKind.COMMUNE),
    ("xa-tan-loi", "UBND xã Tân Lợi", "Xã Tân Lợi", OrgKind.COMMUNE),
    ("xa-tan-hung", "UBND xã Tân Hưng", "Xã Tân Hưng", OrgKind.COMMUNE),
    ("xa-minh-duc", "UBND xã Minh Đức", "Xã Minh Đức", OrgKind.COMMUNE),
    ("xa-minh-tam", "UBND xã Minh Tâm", "Xã Minh Tâm", OrgKind.COMMUNE),
    ("xa-phuoc-an", "UBND xã Phước An", "Xã Phước An", OrgKind.COMMUNE),
    ("xa-thanh-binh", "UBND xã Thanh Bình", "Xã Thanh Bình", OrgKind.COMMUNE),
    ("xa-dong-no", "UBND xã Đồng Nơ", "Xã Đồng Nơ", OrgKind.COMMUNE),
    ("xa-tan-hiep", "UBND xã Tân Hiệp", "Xã Tân Hiệp", OrgKind.COMMUNE),
    ("xa-tan-quan", "UBND xã Tân Quan", "Xã Tân Quan", OrgKind.COMMUNE),
    ("thcs-tan-khai", "Trường THCS Tân Khai", "THCS Tân Khai", OrgKind.SCHOOL),
    ("thcs-thanh-an", "Trường THCS Thanh An", "THCS Thanh An", OrgKind.SCHOOL),
    ("thcs-an-khuong", "Trường THCS An Khương", "THCS An Khương", OrgKind.SCHOOL),
    ("thcs-minh-duc", "Trường THCS Minh Đức", "THCS Minh Đức", OrgKind.SCHOOL),
    ("th-tan-khai-a", "Trường Tiểu học Tân Khai A", "TH Tân Khai A", OrgKind.SCHOOL),
    ("th-tan-khai-b", "Trường Tiểu học Tân Khai B", "TH Tân Khai B", OrgKind.SCHOOL),
    ("th-thanh-binh", "Trường Tiểu học Thanh Bình", "TH Thanh Bình", OrgKind.SCHOOL),
    ("th-dong-no", "Trường Tiểu học Đồng Nơ", "TH Đồng Nơ", OrgKind.SCHOOL),
    ("mn-hoa-phuong", "Trường Mầm non Hoa Phượng", "MN Hoa Phượng", OrgKind.SCHOOL),
    ("mn-tan-hung", "Trường Mầm non Tân Hưng", "MN Tân Hưng", OrgKind.SCHOOL),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Điểu", "Thị"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc", "Xuân", "Hoàng"]
MIDDLE_F = ["Thị", "Thị Thu", "Ngọc", "Thị Kim", "Thu", "Thị Mỹ", "Hồng", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đông", "Hải", "Hạ", "Hiếu", "Hùng", "Khánh", "Long", "Lợi", "Minh", "Nam",
           "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Toàn", "Trung", "Tuấn", "Ước", "Vinh", "Ơn"]
GIVEN_F = ["Anh", "Ánh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga",
           "Nhung", "Oanh", "Phương", "Thảo", "Trang", "Uyên", "Yến", "Ấn"]
POSITIONS = {
    OrgKind.COMMUNE: ["Bí thư Đảng ủy", "Chủ tịch UBND", "Phó Chủ tịch UBND", "Công chức Văn phòng - Thống kê",
                      "Công chức Tư pháp - Hộ tịch", "Công chức Văn hóa - Xã hội"],
    OrgKind.SCHOOL: ["Hiệu trưởng", "Phó Hiệu trưởng", "Giáo viên", "Tổng phụ trách Đội"],
    OrgKind.DEPARTMENT: ["Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên", "Chuyên viên"],
    OrgKind.PARTY: ["Trưởng ban", "Phó Trưởng ban", "Chuyên viên"],
    OrgKind.MASS_ORG: ["Chủ tịch", "Phó Chủ tịch", "Cán bộ chuyên trách"],
    OrgKind.PUBLIC_SERVICE: ["Giám đốc", "Phó Giám đốc", "Viên chức"],
    OrgKind.VERTICAL: ["Trưởng", "Phó Trưởng", "Cán bộ"],
}

DEMO_PASSWORD = "demo-thidua-2025"  # noqa: S105 — demo accounts only, printed by `make demo`
ACCOUNTS = [
    ("quantri", "Quản trị hệ thống", Role.ADMIN, None),
    ("thuongtruc", "Lê Thị Hồng", Role.SECRETARIAT, None),
    ("thamdinh", "Trần Văn Lợi", Role.REVIEWER, None),
    ("donvi", "Phạm Thị Mai", Role.UNIT_OFFICER, "xa-tan-khai"),
    ("donvi2", "Võ Minh Tâm", Role.UNIT_OFFICER, "phong-gd-dt"),
    ("dontiep", "Ngô Thanh Bình", Role.RECEPTION, None),
    ("lanhdao", "Nguyễn Văn Hạ", Role.LEADER, None),
]


def person_name(rng: random.Random) -> tuple[str, str, str, bool]:
    """A generated Vietnamese name: (family, middle, given, female)."""
    female = rng.random() < 0.45
    family = rng.choice(FAMILY[:-1])
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return family, middle, given, female


def load(log=print) -> Authority:
    """The seed's Hớn Quản, then the post-reform province around it (demo_reform). Idempotent."""
    authority = _load_seed(log)
    demo_reform.load(person_name, DEMO_PASSWORD, log)
    return authority


def _load_seed(log) -> Authority:
    """Create the demo authority, its units, people and one account per role. Idempotent."""
    authority, created = Authority.objects.get_or_create(code=AUTHORITY["code"], defaults=AUTHORITY)
    if not created:
        log("Dữ liệu mẫu tổ chức đã có; giữ nguyên.")
        return authority
    Signer.objects.create(authority=authority, name="Nguyễn Văn Hạ", prefix="Q. CHỦ TỊCH", title="", is_chair=True,
                          display_order=1)
    Signer.objects.create(authority=authority, name="Trần Quốc Hùng", prefix="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
                          display_order=2)
    seed_paperwork_defaults(None, authority)
    start = LegalBasis.objects.filter(authority=authority).count()
    for i, (text, kinds) in enumerate(OWN_BASES, start=start + 1):
        LegalBasis.objects.create(authority=authority, text=text, kinds=kinds, display_order=i)
    rng = random.Random(2025)
    units = {}
    for order, (code, name, short, kind) in enumerate(UNITS, start=1):
        units[code] = Organisation.objects.create(authority=authority, code=code, name=name, short_name=short,
                                                  kind=kind, display_order=order)
    for school in (u for u in units.values() if u.kind == OrgKind.SCHOOL):
        school.parent = units["phong-gd-dt"]
        school.save()
    people = []
    for unit in units.values():
        for position in POSITIONS.get(unit.kind, ["Cán bộ"]) + ["Cán bộ phụ trách thi đua, khen thưởng"]:
            family, middle, given, female = person_name(rng)
            people.append(Person(authority=authority, organisation=unit, family_name=family, middle_name=middle,
                                 given_name=given, gender="F" if female else "M", position=position,
                                 phone=f"09{rng.randint(10000000, 99999999)}"))
    for p in people:
        p.save()
    for username, full_name, role, unit_code in ACCOUNTS:
        user = User(username=username, full_name=full_name, role=role, authority=authority,
                    unit=units[unit_code] if unit_code else None, is_staff=role == Role.ADMIN,
                    is_superuser=role == Role.ADMIN)
        user.set_password(DEMO_PASSWORD)
        user.save()
    log(f"Đã tạo {authority.short_name}: {len(units)} đơn vị, {len(people)} cá nhân, {len(ACCOUNTS)} tài khoản.")
    return authority


def logins() -> list[tuple[str, str, str]]:
    return [(u, DEMO_PASSWORD, Role(role).label + (f" ({code})" if code else "")) for u, _, role, code in ACCOUNTS] \
        + demo_reform.logins(DEMO_PASSWORD)
