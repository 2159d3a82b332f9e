"""The navigation: one entry per module, shown only to those who hold its permission."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str
    section: str


NAV = [
    NavItem("Tổng quan", "web:dashboard", "web.view_dashboard", "Chung"),
    NavItem("Đơn vị", "orgs:unit_list", "orgs.view_units", "Tổ chức"),
    NavItem("Cá nhân", "orgs:person_list", "orgs.view_people", "Tổ chức"),
    NavItem("Nhập đơn vị", "orgs:import_upload|units", "orgs.import_data", "Tổ chức"),
    NavItem("Nhập cá nhân", "orgs:import_upload|people", "orgs.import_data", "Tổ chức"),
    NavItem("Văn bản mẫu", "web:specimen", "paperwork.view_specimen", "Văn bản"),
    NavItem("Việc đang chạy", "web:job_list", "orgs.view_jobs", "Văn bản"),
    NavItem("Nhật ký thao tác", "orgs:audit_list", "orgs.view_audit", "Quản trị"),
]


def items_for(user) -> list[dict]:
    out = []
    for item in NAV:
        if not user.has_perm(item.perm):
            continue
        name, _, arg = item.url_name.partition("|")
        try:
            url = reverse(name, args=[arg] if arg else [])
        except NoReverseMatch:
            continue
        out.append({"label": item.label, "url": url, "section": item.section})
    return out
