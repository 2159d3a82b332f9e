"""The navigation: one entry per page family, shown only to those who hold its permission.

The foundation's entries are here; each capability app lists its own in `thidua/<app>/nav.py`
as `NAV = [NavItem(...), ...]`, collected in the order of INSTALLED_APPS."""

from django.urls import NoReverseMatch, reverse

from thidua.orgs.nav import NavItem

from .plugins import app_modules

CORE = [
    NavItem("Tổng quan", "web:dashboard", "web.view_dashboard", "Chung"),
    NavItem("Đơn vị", "orgs:unit_list", "orgs.view_units", "Tổ chức"),
    NavItem("Cá nhân", "orgs:person_list", "orgs.view_people", "Tổ chức"),
]
TAIL = [
    NavItem("Cấp dưới (sở, xã)", "web:below_list", "web.browse_below", "Khen thưởng"),
    NavItem("Sổ văn bản đi", "web:register_list", "orgs.view_register", "Văn bản"),
    NavItem("Văn bản mẫu", "web:specimen", "paperwork.view_specimen", "Văn bản"),
    NavItem("Việc đang chạy", "web:job_list", "orgs.view_jobs", "Văn bản"),
    NavItem("Cơ quan tham mưu, căn cứ", "orgs:paperwork_settings", "orgs.manage_paperwork", "Văn bản"),
    NavItem("Nhật ký", "orgs:audit_list", "orgs.view_audit", "Quản trị"),
    NavItem("Tài khoản", "orgs:account_list", "orgs.manage_accounts", "Quản trị"),
    NavItem("Dữ liệu gốc (Django admin)", "admin:index", "orgs.manage_accounts", "Quản trị"),
]


def all_items() -> list[NavItem]:
    items = list(CORE)
    for module in app_modules("nav", skip=("web", "orgs", "paperwork")):
        items.extend(getattr(module, "NAV", []))
    return items + TAIL


def items_for(user) -> list[dict]:
    out = []
    for item in all_items():
        if not user.has_perm(item.perm):
            continue
        name, _, arg = item.url_name.partition("|")
        try:
            url = reverse(name, args=[arg] if arg else [])
        except NoReverseMatch:
            continue
        out.append({"label": item.label, "url": url, "section": item.section})
    return out


def grouped_for(user) -> list[dict]:
    """Items grouped by section in first-seen order: a section with one item is a plain link,
    one with several a dropdown."""
    groups: dict[str, list[dict]] = {}
    for item in items_for(user):
        groups.setdefault(item["section"], []).append(item)
    return [{"section": section, "items": items} for section, items in groups.items()]
