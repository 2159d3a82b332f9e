"""The post-reform demo world of #19 (orgs/emulation/awards demo_reform): the tree of authorities, a
running 2026 year and approved proposals for the province's forms in each commune and department, the
demo accounts landing on their own authority, Bình Phước's own issue of the seed's provincial decisions,
the seed's Hớn Quản left exactly as it was, and a second load creating nothing."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.awards import demo as awards_demo
from thidua.awards.models import CouncilMeeting, Decision, DecisionLine, Proposal, ProposalLine
from thidua.emulation import demo as emulation_demo
from thidua.emulation.models import Covenant, Cycle, Group, Membership, Scorecard
from thidua.orgs import demo as orgs_demo
from thidua.orgs import demo_reform
from thidua.orgs.models import (
    Authority,
    LegalBasis,
    Office,
    Organisation,
    Person,
    RegisterEntry,
    Signer,
    User,
)

pytestmark = pytest.mark.django_db

COUNTED = [Authority, Organisation, Person, User, Signer, Office, LegalBasis, RegisterEntry, Cycle, Scorecard, Group,
           Membership, Covenant, Proposal, ProposalLine, CouncilMeeting, Decision, DecisionLine]
RUNNING = ["dong-nai", "so-gd-dt", "so-y-te", "xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"]
SENDERS = ["so-gd-dt", "so-y-te", "xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"]
QUIET = lambda *a, **k: None  # noqa: E731


def _counts() -> dict[str, int]:
    return {m.__name__: m._base_manager.count() for m in COUNTED}


def _district_counts(hq: Authority) -> dict[str, object]:
    return {
        "units": Organisation.objects.filter(authority=hq).count(),
        "people": Person.objects.filter(authority=hq).count(),
        "users": User.objects.filter(authority=hq).count(),
        "cycles": Cycle.objects.filter(authority=hq).count(),
        "covenants": Covenant.objects.filter(cycle__authority=hq).count(),
        "proposals": sorted(Proposal.objects.filter(authority=hq).values_list("status", flat=True)),
        "decisions": sorted(Decision.objects.filter(authority=hq).values_list("number", "date", "status", "award__code")),
        "lines": sorted(DecisionLine.objects.filter(decision__authority=hq).values_list("decision__number", "name",
                                                                                         "amount")),
        "register": RegisterEntry.objects.filter(authority=hq).count(),
        "fields": Authority.objects.filter(pk=hq.pk).values("name", "level", "header_name", "valid_to").get(),
    }


def _load():
    orgs_demo.load(log=QUIET)
    emulation_demo.load(log=QUIET)
    awards_demo.load(log=QUIET)


def test_reform_world_leaves_hon_quan_as_it_was_and_loads_once():
    with scopes_disabled():
        # the seed alone, as before #19
        orgs_demo._load_seed(QUIET)
        emulation_demo._load_seed(QUIET)
        awards_demo._load_seed(QUIET)
        hq = Authority.objects.get(code="hon-quan")
        before = _district_counts(hq)
        assert before["units"] == len(orgs_demo.UNITS) and len(before["decisions"]) == 7
        _load()
        assert _district_counts(hq) == before
        hq.refresh_from_db()
        assert hq.parent.code == "binh-phuoc"
        made = _counts()
        _load()  # again: nothing new
        assert _counts() == made
        assert _district_counts(hq) == before

        # each authority of the province runs its 2026 year: clusters/blocks, a scoring table, covenants
        for code in RUNNING:
            cycle = Cycle.objects.get(authority__code=code, year=2026)
            groups = list(Group.objects.filter(cycle=cycle))
            assert len(groups) >= 2 and all(g.scorecard_id and g.head_id and g.deputy_id for g in groups), code
            states = set(Covenant.objects.filter(cycle=cycle).values_list("status", flat=True))
            assert "accepted" in states and "submitted" in states, (code, states)
            assert Membership.objects.filter(group__cycle=cycle).count() > Covenant.objects.filter(cycle=cycle).count()

        # each commune and department: 2026 proposals for the province's forms, approved by its council
        for code in SENDERS:
            proposals = Proposal.objects.filter(authority__code=code, year=2026)
            assert set(proposals.values_list("award__code", flat=True)) == {"bk-tinh", "cstd-tinh", "ttldxs", "co-tinh"}
            assert set(proposals.values_list("status", flat=True)) == {"approved"}, code
            assert set(proposals.values_list("award__level", flat=True)) == {"province"}
            assert all(p.meeting.status == "closed" for p in proposals)
            assert set(ProposalLine.objects.filter(proposal__in=proposals).values_list("status", flat=True)) == {"passed"}

        # the communes' own decisions, and the merged communes' history of 2024
        for code in ("xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"):
            own = Decision.objects.filter(authority__code=code, status="issued")
            assert set(own.values_list("award__code", flat=True)) == {"ldtt", "gk-xa"}
            assert set(own.values_list("signer_level", flat=True)) == {"ct-xa"}
        for code in ("tt-tan-khai-cu", "xa-thanh-binh-cu"):
            old = Decision.objects.filter(authority__code=code, status="issued")
            assert old.count() == 2 and all(d.year == 2024 and d.date < dt.date(2025, 7, 1) for d in old)
            assert RegisterEntry.objects.filter(authority__code=code, state="issued").count() == 2

        # Bình Phước issued 498, 520 and 521 itself, to the recipients of Hớn Quản's recorded copies
        bp = Authority.objects.get(code="binh-phuoc")
        for number in (498, 520, 521):
            own = Decision.objects.get(authority=bp, number=number, date__year=2025)
            copy = Decision.objects.get(authority=hq, number=number, date__year=2025)
            assert (own.award_id, own.date, own.status, own.signer_level) == (copy.award_id, copy.date, "issued",
                                                                               "ct-tinh")
            assert own.signer_name == copy.signer_name == "Trần Văn Mi"
            mine = list(own.lines.order_by("order").values_list("kind", "person__full_name", "amount"))
            theirs = list(copy.lines.order_by("order").values_list("kind", "person__full_name", "amount"))
            assert mine == theirs
            for line in own.lines.all():
                assert line.organisation.authority_id == bp.pk
                assert line.organisation.parent.stands_for_id == hq.pk
        assert RegisterEntry.objects.filter(authority=bp, state="issued", number__in=[498, 520, 521]).count() == 3


def test_tree_shape_and_stands_for():
    with scopes_disabled():
        orgs_demo.load(log=QUIET)
    out = io.StringIO()
    call_command("authorities", "--json", stdout=out)
    rows = {r["code"]: r for r in json.loads(out.getvalue())}
    ids = {code: r["id"] for code, r in rows.items()}
    parent = {code: next((c for c, i in ids.items() if i == r["parent"]), None) for code, r in rows.items()}
    successor = {code: next((c for c, i in ids.items() if i == r["successor"]), None) for code, r in rows.items()}
    assert parent == {"dong-nai": None, "binh-phuoc": None, "hon-quan": "binh-phuoc", "so-gd-dt": "dong-nai",
                      "so-y-te": "dong-nai", "xa-tan-khai-moi": "dong-nai", "xa-tan-hung-moi": "dong-nai",
                      "phuong-binh-long": "dong-nai", "tt-tan-khai-cu": "hon-quan", "xa-thanh-binh-cu": "hon-quan"}
    assert {c: s for c, s in successor.items() if s} == {"binh-phuoc": "dong-nai", "tt-tan-khai-cu": "xa-tan-khai-moi",
                                                         "xa-thanh-binh-cu": "xa-tan-khai-moi"}
    levels = {code: r["level"] for code, r in rows.items()}
    assert levels == {"dong-nai": "tinh", "binh-phuoc": "tinh", "hon-quan": "huyen", "so-gd-dt": "so", "so-y-te": "so",
                      "xa-tan-khai-moi": "xa", "xa-tan-hung-moi": "xa", "phuong-binh-long": "xa",
                      "tt-tan-khai-cu": "xa", "xa-thanh-binh-cu": "xa"}
    assert rows["dong-nai"]["valid_from"] == "2025-07-01" and rows["binh-phuoc"]["valid_to"] == "2025-06-30"
    assert rows["tt-tan-khai-cu"]["valid_to"] == "2025-06-30"
    with scopes_disabled():
        dn = Authority.objects.get(code="dong-nai")
        standing = dict(Organisation.objects.filter(authority=dn, stands_for__isnull=False)
                        .values_list("code", "stands_for__code"))
        assert standing == {c: c for c in SENDERS}
        assert Organisation.objects.get(authority__code="binh-phuoc", code="hon-quan").stands_for.code == "hon-quan"
        so = Authority.objects.get(code="so-gd-dt")
        assert (so.parent_line, so.header_name, so.doc_code) == ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
                                                                 "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT")
        assert Authority.objects.get(code="xa-tan-khai-moi").header_lines == ["ỦY BAN NHÂN DÂN", "XÃ TÂN KHAI"]
        for a in Authority.objects.exclude(code="hon-quan"):
            assert Office.objects.filter(authority=a).exists() and LegalBasis.objects.filter(authority=a).exists()
            assert Signer.objects.filter(authority=a, is_chair=True).count() == 1, a.code
            units = Organisation.objects.filter(authority=a).count()
            assert units >= 4 and Person.objects.filter(authority=a).count() >= 2 * units, a.code
        for code in ("xa-tan-khai-moi", "xa-tan-hung-moi", "phuong-binh-long"):
            assert 12 <= Organisation.objects.filter(authority__code=code).count() <= 20


def test_demo_logins_are_printed_and_land_on_their_own_authority(client):
    with scopes_disabled():
        orgs_demo.load(log=QUIET)
    out = io.StringIO()
    call_command("demo", "--logins", stdout=out)
    for username, _name, _role, code, _unit in demo_reform.ACCOUNTS:
        assert username in out.getvalue()
        response = client.post(reverse("login"), {"username": username, "password": orgs_demo.DEMO_PASSWORD},
                               follow=True)
        assert response.status_code == 200 and response.wsgi_request.user.is_authenticated, username
        with scopes_disabled():
            authority = Authority.objects.get(code=code)
        assert response.wsgi_request.user.authority_id == authority.pk
        assert f"· {authority.short_name}</title>" in response.content.decode(), username
        client.post(reverse("logout"))
    with scopes_disabled():
        assert User.objects.get(username="xa.donvi").unit.code == "thcs-tan-khai"
