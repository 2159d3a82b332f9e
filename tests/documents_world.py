"""The demo world (UBND huyện Hớn Quản, 2025) relabelled as a province or a commune after 1/7/2025, for
tests that render every document kind at each level (tests/test_every_document.py).

`load_demo()` runs every app's demo loader as `thidua demo` does. `relabel(level)` turns the same data
into the data of a province ("tinh", tỉnh Đồng Nai) or a commune ("xa", xã Tân Lợi) one year later: the
authority's own fields, its offices and legal bases (the level's defaults, seed_paperwork_defaults), the
district words in every text field of every thidua model (Django's Replace(), one UPDATE a model), the
district's own award (Giấy khen of the district chairman) and signing level, and every date and year
shifted by one year so that all of it falls after the reform. `leftovers()` lists the district words
still in the data, so that a district word in a document can be told from a slip of the relabelling.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.apps import apps
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Replace
from django_scopes import scopes_disabled

from thidua.orgs.models import Authority, LegalBasis, Office, RegisterEntry
from thidua.orgs.services import seed_paperwork_defaults
from thidua.web.management.commands.demo import loaders

DEMO_CODE = "hon-quan"

LEVELS = {
    "tinh": {
        "name": "Ủy ban nhân dân tỉnh Đồng Nai", "short_name": "UBND tỉnh Đồng Nai", "locality": "tỉnh Đồng Nai",
        "header_name": "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "place_name": "Đồng Nai", "word": "tỉnh",
        "proposer": "Sở Nội vụ", "proposer_head": "Giám đốc Sở Nội vụ", "payer": "Sở Tài chính",
        "party": "Tỉnh ủy", "youth": "Tỉnh đoàn", "award": "bk-tinh", "signer_level": "ct-tinh",
    },
    "xa": {
        "name": "Ủy ban nhân dân xã Tân Lợi", "short_name": "UBND xã Tân Lợi", "locality": "xã Tân Lợi",
        "header_name": "ỦY BAN NHÂN DÂN\nXÃ TÂN LỢI", "place_name": "Tân Lợi", "word": "xã",
        "proposer": "Phòng Văn hóa - Xã hội", "proposer_head": "Trưởng phòng Văn hóa - Xã hội",
        "payer": "Phòng Kinh tế", "party": "Đảng ủy", "youth": "Đoàn xã", "award": "gk-xa", "signer_level": "ct-xa",
    },
}
# the executing article of each level's own decision names this office's head
OWN_EXECUTOR = {"huyen": "Trưởng phòng Nội vụ", "tinh": "Giám đốc Sở Nội vụ", "xa": "Trưởng phòng Văn hóa - Xã hội"}
DISTRICT_WORDS = ("Phòng Nội vụ", "Trưởng phòng Nội vụ", "Tài chính - Kế hoạch", "UBND huyện", "huyện")

# data that no document reads, or that is shared by every authority (the award catalogue), or keys
SKIP_MODELS = {"orgs.AuditLog", "orgs.Job", "orgs.RegisterEntry", "events.OutboxMail", "logistics.TaskMail",
               "awards.Award", "awards.AwardFamily", "awards.BaseSalary", "awards.RuleSet", "awards.RuleItem",
               "awards.AwardPower", "orgs.Authority", "orgs.LegalBasis", "orgs.Office", "checkin.ApiToken",
               "checkin.Scan"}
SKIP_FIELDS = {"code", "slug", "password", "username", "nonce", "key_hash", "prefix", "name_fold", "recipient_key",
               "email", "phone", "filename", "content_type", "kind", "action", "object_type", "source", "name_key",
               "site_url", "short_code", "from_status", "to_status", "gender"}
# kept as they are by the date shift (not what a document dates)
SKIP_DATES = {"birth_date"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def load_demo() -> Authority:
    """Every app's demo, in the order of `thidua demo` (call inside a transaction)."""
    with scopes_disabled():
        for loader in loaders():
            loader(log=lambda *a, **k: None)
        return Authority.objects.get(code=DEMO_CODE)


def replacements(level: str) -> list[tuple[str, str]]:
    """(old, new) in the order they apply: offices and named places first, the bare word last, then the
    years (latest first, so that none moves twice)."""
    lv = LEVELS[level]
    word = lv["word"]
    pairs = [
        ("Trưởng phòng Nội vụ", lv["proposer_head"]), ("Phòng Nội vụ", lv["proposer"]),
        ("Phòng Tài chính - Kế hoạch", lv["payer"]), ("Tài chính - Kế hoạch", lv["payer"]),
        ("Phòng TC-KH", lv["payer"]), ("UBND huyện Hớn Quản", lv["short_name"]),
        ("Ủy ban nhân dân huyện Hớn Quản", lv["name"]), ("huyện Hớn Quản", lv["locality"]),
        ("HUYỆN HỚN QUẢN", lv["locality"].upper()), ("Huyện ủy", lv["party"]), ("Huyện đoàn", lv["youth"]),
        ("UBND huyện", f"UBND {word}"), ("huyện", word), ("Huyện", word.capitalize()), ("HUYỆN", word.upper()),
        ("Hớn Quản", lv["place_name"]), ("HỚN QUẢN", lv["place_name"].upper()), ("Bình Phước", "Đồng Nai"),
        ("BÌNH PHƯỚC", "ĐỒNG NAI"), ("2025", "2026"), ("2024", "2025"), ("2023", "2024"),
    ]
    return [(nfc(a), nfc(b)) for a, b in pairs]


def _models():
    for m in apps.get_models():
        if m.__module__.startswith("thidua.") and m._meta.label not in SKIP_MODELS and not m._meta.proxy:
            yield m


def _text_fields(m) -> list[str]:
    return [f.name for f in m._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
            and not f.choices and f.name not in SKIP_FIELDS and not f.primary_key]


def _rewrite(value, pairs):
    if isinstance(value, str):
        for a, b in pairs:
            value = value.replace(a, b)
        return value
    if isinstance(value, list):
        return [_rewrite(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, pairs) for k, v in value.items()}
    return value


def _next_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _shift(m, name: str, step) -> None:
    """Move every value of one field on, the latest first (a unique year never meets its successor)."""
    manager = m._base_manager
    values = sorted(set(manager.exclude(**{f"{name}__isnull": True}).values_list(name, flat=True)), reverse=True)
    for v in values:
        manager.filter(**{name: v}).update(**{name: step(v)})


def _shift_dates(m) -> None:
    """Every date of every row a year on, a row's dates together (a row's check constraints compare them)."""
    names = [f.name for f in m._meta.concrete_fields if isinstance(f, models.DateField)
             and not isinstance(f, models.DateTimeField) and f.name not in SKIP_DATES]
    if not names:
        return
    rows = list(m._base_manager.only("pk", *names))
    for row in rows:
        for n in names:
            if getattr(row, n) is not None:
                setattr(row, n, _next_year(getattr(row, n)))
    m._base_manager.bulk_update(rows, names, batch_size=200)


def relabel(authority: Authority, level: str) -> Authority:
    """The demo authority and all its data as the `level` authority a year later (call inside a savepoint)."""
    lv = LEVELS[level]
    pairs = replacements(level)
    with scopes_disabled():
        for m in _models():
            fields = _text_fields(m)
            if fields:
                updates = {}
                for f in fields:
                    expr = F(f)
                    for a, b in pairs:
                        expr = Replace(expr, Value(a), Value(b))
                    updates[f] = expr
                m._base_manager.update(**updates)
            _shift_dates(m)
            for f in m._meta.concrete_fields:
                if isinstance(f, models.JSONField):
                    for pk, value in m._base_manager.values_list("pk", f.name):
                        new = _rewrite(value, pairs)
                        if new != value:
                            m._base_manager.filter(pk=pk).update(**{f.name: new})
                elif isinstance(f, models.IntegerField) and f.name.endswith("year"):
                    _shift(m, f.name, lambda y: y + 1)
        ProposalEvent = apps.get_model("awards", "ProposalEvent")
        _shift(ProposalEvent, "at", lambda t: t + dt.timedelta(days=365))
        _relabel_awards(lv)
        Authority.objects.filter(pk=authority.pk).update(
            level=level, name=lv["name"], short_name=lv["short_name"], header_name=lv["header_name"],
            locality=lv["locality"], place_name=lv["place_name"], province_name="Đồng Nai",
            valid_from=dt.date(2025, 7, 1), valid_to=None)
        # the copies frozen when the district issued its decisions are the district's: the relabelled
        # decisions are made from their data
        RegisterEntry._base_manager.filter(authority=authority).delete()
        Office.objects.filter(authority=authority).delete()
        LegalBasis.objects.filter(authority=authority).delete()
        authority.refresh_from_db()
        seed_paperwork_defaults(None, authority)
    return authority


def _relabel_awards(lv: dict) -> None:
    """The district chairman's Giấy khen becomes the level's own form; decisions of the district chairman
    become the level's chairman's."""
    Award = apps.get_model("awards", "Award")
    old = Award.objects.get(code="gk-huyen")
    new = Award.objects.get(code=lv["award"])
    for m in _models():
        for f in m._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Award:
                m._base_manager.filter(**{f.name: old}).update(**{f.name: new})
    Decision = apps.get_model("awards", "Decision")
    Decision._base_manager.filter(signer_level="ct-huyen").update(signer_level=lv["signer_level"])


def leftovers() -> list[str]:
    """"model.field: text" of every district word still in the relabelled data."""
    out = []
    with scopes_disabled():
        for m in _models():
            for f in _text_fields(m):
                hits = m._base_manager.filter(**{f"{f}__icontains": "huyện"}).values_list(f, flat=True)[:1]
                out += [f"{m._meta.label}.{f}: {h[:80]}" for h in hits]
    return out


def ready_for_papers(authority: Authority) -> None:
    """What the #22 papers need that the demo does not hold: the council's vote taken by secret ballot
    (ballots, biên bản kiểm phiếu), and one proposal of a form the province decides approved by the
    council with its candidates passed (the tờ trình to the upper level)."""
    Proposal = apps.get_model("awards", "Proposal")
    CouncilVote = apps.get_model("awards", "CouncilVote")
    with scopes_disabled():
        CouncilVote._base_manager.filter(meeting__authority=authority).update(ballot="secret")
        p = (Proposal._base_manager.filter(authority=authority, award__level="province", lines__isnull=False)
             .order_by("id").first())
        Proposal._base_manager.filter(pk=p.pk).update(status="approved")
        p.lines.update(status="passed")
