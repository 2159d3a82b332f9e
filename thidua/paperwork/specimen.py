"""A specimen award decision that exercises every element of the model.

Used by `thidua specimen --pdf F --docx F`, by the tests (text, fonts, geometry, golden image) and
as a worked example for the apps' `documents.py`.
"""

from __future__ import annotations

from .model import (
    Annex,
    Article,
    Bullets,
    Column,
    Document,
    GroupRow,
    Header,
    Heading,
    Paragraph,
    Qr,
    Signature,
    Table,
)

HARD_DIACRITICS = "ư ạ ệ ộ ợ ữ ự Ủy Đ ỹ"
MARKUP_LIKE = '*Đậm* #panic("x") $x^2$ <b>'
QR_DATA = "https://thiduakhenthuong.honquan.gov.vn/qd/15-QD-UBND-2025?ma=7f3a9c"

_UNITS = [
    "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo",
    "Ủy ban nhân dân xã Tân Hiệp", "Ủy ban nhân dân xã Đồng Nơ", "Ủy ban nhân dân xã Minh Đức",
    "Trường THCS Lương Thế Vinh", "Trạm Y tế xã Thanh An", "Hội Liên hiệp Phụ nữ huyện",
]
_PEOPLE = [
    "Nguyễn Văn Hạ", "Trần Thị Ượng", "Lê Hữu Đức", "Phạm Thị Thu Hường", "Hoàng Minh Tuệ",
    "Đặng Thị Ngọc Ánh", "Vũ Quốc Việt", "Bùi Thị Mỹ Duyên", "Đỗ Trọng Nghĩa", "Huỳnh Thị Kiều Oanh",
    "Ngô Đức Thịnh", "Dương Thị Lựu", "Lý Văn Phước", "Trịnh Thị Yến", "Mai Xuân Trường",
]


def _award_rows() -> list:
    rows: list = [GroupRow("I. TẬP THỂ")]
    for i, unit in enumerate(_UNITS[:6], start=1):
        rows.append([f"{i:02d}", unit, "Hoàn thành xuất sắc nhiệm vụ năm 2024", "Tập thể"])
    rows.append(GroupRow("II. CÁ NHÂN"))
    for i in range(1, 31):
        person = _PEOPLE[(i - 1) % len(_PEOPLE)]
        unit = _UNITS[(i * 3) % len(_UNITS)]
        rows.append([f"{i:02d}", f"{person}, chuyên viên, {unit}", "Hoàn thành xuất sắc nhiệm vụ năm 2024",
                     "Cá nhân"])
    return rows


def _annex_rows() -> list:
    rows: list = []
    for i in range(1, 13):
        person = _PEOPLE[(i + 4) % len(_PEOPLE)]
        unit = _UNITS[i % len(_UNITS)]
        rows.append([f"{i:02d}", person, "Chuyên viên", unit, "Chiến sĩ thi đua cơ sở", "x", "",
                     "1,0", "2.340.000", "Quỹ thi đua, khen thưởng huyện"])
    return rows


def specimen_document() -> Document:
    header = Header(
        parent_authority="UBND tỉnh Bình Phước",
        authority="Ủy ban nhân dân\nhuyện Hớn Quản",
        number_code="15/QĐ-UBND",
        place_date="Hớn Quản, ngày 07 tháng 4 năm 2025",
    )
    body = [
        Heading("I. KHEN THƯỞNG TẬP THỂ, CÁ NHÂN", 1),
        Article(1, "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân huyện cho 06 tập thể và 30 cá nhân (có danh "
                   "sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua năm 2024."),
        Table(
            columns=[Column("STT", 0.7, "center"), Column("Tên tập thể, cá nhân", 4.2),
                     Column("Thành tích", 3.0), Column("Loại", 1.3, "center")],
            rows=_award_rows(),
            total_row=["", "Tổng cộng: 06 tập thể, 30 cá nhân", "", ""],
            name="Danh sách khen thưởng",
        ),
        Article(2, "Tiền thưởng kèm theo Giấy khen thực hiện theo Nghị định số 152/2025/NĐ-CP; mức thưởng "
                   "tập thể 2.340.000 đồng, cá nhân 1.170.000 đồng, từ Quỹ thi đua, khen thưởng của huyện."),
        Heading("1. Yêu cầu đối với các đơn vị", 2),
        Bullets([
            f"Kiểm tra các chữ khó: {HARD_DIACRITICS}",
            f"Chuỗi giống mã lệnh phải in nguyên văn: {MARKUP_LIKE}",
            "Tổ chức trao thưởng trang trọng, tiết kiệm tại Hội nghị tổng kết",
        ]),
        Heading("a) Thời hạn thực hiện", 3),
        Paragraph("Các đơn vị hoàn thành trước ngày 30 tháng 4 năm 2025; quá thời hạn trên, Phòng Nội vụ tổng "
                  "hợp báo cáo Chủ tịch Ủy ban nhân dân huyện xem xét, xử lý."),
        Article(3, "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện, Trưởng phòng Nội vụ, Trưởng "
                   "phòng Tài chính - Kế hoạch, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá "
                   "nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này kể từ ngày ký."),
        Paragraph("Tra cứu văn bản bằng mã QR dưới đây.", italic=True, align="right", indent=False),
        Qr(QR_DATA, 30, align="right", caption="Mã tra cứu văn bản"),
    ]
    annex = Annex(
        label="Phụ lục",
        title_lines=("Danh sách", "cá nhân được tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2024"),
        subtitle="(Kèm theo Quyết định số 15/QĐ-UBND ngày 07 tháng 4 năm 2025 của Chủ tịch "
                 "Ủy ban nhân dân huyện Hớn Quản)",
        landscape=True,
        blocks=(
            Table(
                columns=[Column("STT", 0.6, "center"), Column("Họ và tên", 2.2), Column("Chức vụ", 1.4),
                         Column("Đơn vị", 2.6), Column("Danh hiệu", 2.0), Column("Nam", 0.6, "center"),
                         Column("Nữ", 0.6, "center"), Column("Hệ số", 0.8, "center"),
                         Column("Số tiền (đồng)", 1.4, "right"), Column("Nguồn kinh phí", 2.2)],
                rows=_annex_rows(),
                total_row=["", "Tổng cộng", "", "", "", "", "", "", "28.080.000", ""],
                name="Danh sách Chiến sĩ thi đua cơ sở",
            ),
        ),
    )
    return Document(
        header=header,
        kind_name="Quyết định",
        summary="Về việc tặng Giấy khen cho các tập thể, cá nhân\nđã có thành tích xuất sắc năm 2024",
        issuer="Chủ tịch Ủy ban nhân dân huyện Hớn Quản",
        legal_bases=[
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
            "của Luật Thi đua, khen thưởng",
            "Theo đề nghị của Trưởng phòng Nội vụ huyện tại Tờ trình số 08/TTr-NV ngày 02 tháng 4 năm 2025",
        ],
        closing="Quyết định:",
        body=body,
        signature=Signature("KT. Chủ tịch", "Phó Chủ tịch", "Trần Thị Ượng"),
        distribution=["Như Điều 3", "TT. Huyện ủy, TT. HĐND huyện (b/c)", "Chủ tịch, các PCT UBND huyện",
                      "Lưu: VT, NV (02b)"],
        annexes=[annex],
        name="Quyết định 15/QĐ-UBND tặng Giấy khen năm 2024",
    )
