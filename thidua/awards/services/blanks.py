"""Certificate blanks (phôi bằng khen, giấy khen): page size and where each field goes."""

from __future__ import annotations

from django.db import transaction

from thidua.orgs.audit import log_action, snapshot
from thidua.orgs.models import Authority, User
from thidua.orgs.services import ValidationFailed, check_authority, read_number, require
from thidua.vn import normalise

from ..models import CertificateBlank

BLANK_FIELDS = {
    "issuer": "Người tặng (dòng trên cùng)",
    "name": "Họ tên / tên tập thể (có Ông, Bà)",
    "unit": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision": "Số, ngày quyết định",
    "register_no": "Số vào sổ (số quyết định - thứ tự trong quyết định)",
    "place_date": "Địa danh, ngày tháng",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
}
DEFAULT_FIELDS = {
    "issuer": {"x": 40, "y": 62, "w": 217, "size": 16, "bold": True, "align": "center"},
    "name": {"x": 40, "y": 88, "w": 217, "size": 22, "bold": True, "align": "center"},
    "unit": {"x": 40, "y": 102, "w": 217, "size": 15, "align": "center"},
    "achievement": {"x": 40, "y": 114, "w": 217, "size": 15, "italic": True, "align": "center"},
    "decision": {"x": 20, "y": 160, "w": 120, "size": 12, "align": "center"},
    "register_no": {"x": 20, "y": 167, "w": 120, "size": 12, "align": "center"},
    "place_date": {"x": 160, "y": 140, "w": 120, "size": 13, "italic": True, "align": "center"},
    "signer_title": {"x": 160, "y": 148, "w": 120, "size": 13, "bold": True, "align": "center"},
    "signer_name": {"x": 160, "y": 182, "w": 120, "size": 14, "bold": True, "align": "center"},
}


def validate_blank_fields(fields: dict, width: float, height: float) -> dict:
    clean = {}
    if not isinstance(fields, dict):
        raise ValidationFailed("Vị trí các ô phải là một bảng (JSON object).", "fields")
    for key, spec in fields.items():
        if key not in BLANK_FIELDS:
            raise ValidationFailed(f"Ô không có: {key}. Các ô: {', '.join(BLANK_FIELDS)}.", "fields")
        try:
            x, y, w, size = (float(spec["x"]), float(spec["y"]), float(spec.get("w", 100)),
                             float(spec.get("size", 14)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}”: cần x, y (mm) là số.", "fields") from exc
        if not (0 <= x < width and 0 <= y < height and 0 < w <= width and 6 <= size <= 72):
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}” nằm ngoài trang hoặc cỡ chữ không hợp lệ.", "fields")
        align = spec.get("align", "left")
        if align not in ("left", "center", "right"):
            raise ValidationFailed(f"Ô “{BLANK_FIELDS[key]}”: căn lề phải là left, center hoặc right.", "fields")
        clean[key] = {"x": x, "y": y, "w": min(w, width - x), "size": size, "bold": bool(spec.get("bold")),
                      "italic": bool(spec.get("italic")), "align": align}
    return clean


@transaction.atomic
def save_blank(actor: User | None, authority: Authority, values: dict, blank: CertificateBlank | None = None) -> CertificateBlank:
    require(actor, "awards.manage_decisions")
    check_authority(actor, authority.pk)
    before = snapshot(blank)
    blank = blank or CertificateBlank(authority=authority)
    blank.name = normalise.clean_text(values.get("name", blank.name))
    if not blank.name:
        raise ValidationFailed("Nhập tên phôi.", "name")
    blank.award = values.get("award", blank.award)
    for key, label in (("width_mm", "Chiều rộng (mm)"), ("height_mm", "Chiều cao (mm)")):
        number = read_number(values.get(key, getattr(blank, key)), label, field=key)  # "297", "297,5", a Decimal
        if number is None:
            raise ValidationFailed(f"Nhập {label.lower()}.", key)
        setattr(blank, key, number)
    if not (50 <= blank.width_mm <= 1000 and 50 <= blank.height_mm <= 1000):
        raise ValidationFailed("Khổ phôi phải từ 50 đến 1000 mm.", "width_mm")
    blank.fields = validate_blank_fields(values.get("fields", blank.fields or DEFAULT_FIELDS),
                                         float(blank.width_mm), float(blank.height_mm))
    blank.save()
    log_action(actor, "awards.blank.save", blank, before, snapshot(blank))
    return blank
