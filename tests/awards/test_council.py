"""#16 council: a member counts once, no quorum means no decision (never "Không thông qua"), and a
decision is dated on or after the meeting that approved its candidates. Pure rules by property, then
the services and the pages."""

import datetime as dt
from fractions import Fraction

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from thidua.awards import council, services, stats
from thidua.awards.models import Award, AwardSettings, CouncilMember, CouncilVote

from .helpers import make_signer, proposal

ratios = st.builds(lambda d, n: Fraction(min(n, d), d), st.integers(1, 12), st.integers(0, 12))
names = st.lists(st.sampled_from(["Nguyễn Văn Hạ", "Trần Thị Ánh", "Lê Văn Bình", "Phạm Hòa", "Đỗ Thu"]),
                 max_size=12)


# --- the pure rules ----------------------------------------------------------------------------------


@given(st.integers(1, 200), ratios, st.booleans())
def test_needed_present_is_the_fewest_that_make_a_quorum(members, ratio, strict):
    need = council.needed_present(members, ratio, strict)
    for present in range(members + 1):
        assert council.quorum_met(present, members, ratio, strict) == (present >= need)


@given(st.integers(1, 200), ratios)
def test_needed_votes_is_the_fewest_that_pass(members, ratio):
    need = council.needed_votes(members, ratio)
    assert 0 <= need <= members
    for yes in range(members + 1):
        assert council.at_least(yes, members, ratio) == (yes >= need)


@given(st.integers(1, 200))
def test_more_than_half_is_a_majority(members):
    assert council.needed_present(members, Fraction(1, 2), True) == members // 2 + 1


@given(st.integers(1, 60), st.data())
def test_without_quorum_nothing_passes(members, data):
    quorum, threshold = data.draw(ratios), data.draw(ratios)
    strict = data.draw(st.booleans())
    present = data.draw(st.integers(0, members))
    yes = data.draw(st.integers(0, present))
    no = data.draw(st.integers(0, present - yes))
    out = council.tally(members, present, yes, no, present - yes - no, quorum, threshold, quorum_strict=strict)
    assert out.quorum == council.quorum_met(present, members, quorum, strict)
    if not out.quorum:
        assert not out.passed and out.reason.startswith("Không đủ túc số")
        assert "Không thông qua" not in out.reason
    else:
        assert out.passed == (yes >= council.needed_votes(members, threshold))


@given(names, st.lists(st.booleans(), max_size=12))
def test_a_member_typed_twice_counts_once(rows, flags):
    marked = list(zip(rows, flags + [False] * len(rows), strict=False))
    members, present = council.roll(marked)
    assert members == len({council.member_key(n) for n in rows})
    assert present == len({council.member_key(n) for n, here in marked if here})
    doubled = marked + [(n.upper() + "  ", False) for n, _ in marked]
    assert council.roll(doubled) == (members, present)
    assert bool(council.duplicates([n for n, _ in doubled])) == bool(rows)


# --- services --------------------------------------------------------------------------------------


def _meeting(world, members, date=dt.date(2025, 3, 1)):
    return services.create_meeting(world.users["secretariat"], world.authority,
                                   {"year": 2024, "date": date, "chair": "A", "secretary": "B"}, members)


def _accepted(world):
    sec = world.users["secretariat"]
    p = proposal(world, actor=sec)
    line = services.add_line(sec, p, {"kind": "individual", "person": world.person_a})
    services.transition(sec, p, "submit")
    services.transition(sec, p, "accept")
    return p, line


SIX = [("Nguyễn Văn Hạ", "Chủ tịch"), ("Trần Thị Ánh", "Phó Chủ tịch"), ("Lê Văn Bình", "Ủy viên"),
       ("Phạm Hòa", "Ủy viên"), ("Đỗ Thu", "Ủy viên"), ("Vũ Minh", "Ủy viên")]


@pytest.mark.django_db
def test_a_member_twice_in_one_meeting_is_refused(world):
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="Trần Thị Ánh") as exc:
            _meeting(world, [*SIX, ("trần  thị ánh", "Ủy viên")])
        assert exc.value.field == "members"
        m = _meeting(world, SIX)
        assert (m.members_count, m.present_count) == (6, 6)
        with pytest.raises(IntegrityError), transaction.atomic():
            CouncilMember.objects.create(meeting=m, name="TRẦN THỊ ÁNH")
        form = stats.form_0604(world.authority, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        assert form.rows[0][2][1] == 6


@pytest.mark.django_db
def test_quorum_defaults_to_more_than_half_and_is_recorded_with_the_meeting(world):
    sec = world.users["secretariat"]
    with scopes_disabled():
        m = _meeting(world, SIX)
        assert (m.quorum_num, m.quorum_den, m.quorum_strict) == (1, 2, True)
        assert m.quorum_rule_text == "quá 1/2"
        mems = list(m.members.all())
        services.set_presence(sec, m, {x.pk for x in mems[:3]})  # 3 of 6 is not more than half
        assert not m.has_quorum() and "Không đủ túc số: 3/6" in m.quorum_reason()
        services.set_presence(sec, m, {x.pk for x in mems[:4]})
        assert m.has_quorum()
        services.update_settings(sec, world.authority, {"quorum_num": 2, "quorum_den": 3, "quorum_strict": False})
        m2 = _meeting(world, SIX)
        assert m2.quorum_rule_text == "ít nhất 2/3"
        m.refresh_from_db()
        assert m.quorum_rule_text == "quá 1/2"  # a meeting keeps the rule it was held under
        with pytest.raises(services.ValidationFailed, match="nhỏ hơn 1"):
            services.update_settings(sec, world.authority, {"quorum_num": 1, "quorum_den": 1, "quorum_strict": True})
        assert AwardSettings.objects.get(authority=world.authority).quorum_den == 3


@pytest.mark.django_db
def test_a_vote_without_quorum_is_refused_not_recorded_as_failed(world):
    sec = world.users["secretariat"]
    with scopes_disabled():
        p, line = _accepted(world)
        m = _meeting(world, SIX)
        services.put_to_council(sec, m, [p])
        services.set_presence(sec, m, {x.pk for x in list(m.members.all())[:3]})
        with pytest.raises(services.ValidationFailed, match="Không đủ túc số") as exc:
            services.record_vote(sec, m, line, "open", 0, 3, 0)
        assert "Không thông qua" not in exc.value.message
        assert not CouncilVote.objects.filter(meeting=m).exists()
        with pytest.raises(services.ValidationFailed, match="Không đủ túc số"):
            services.close_meeting(sec, m)


@pytest.mark.django_db
def test_a_decision_is_not_dated_before_the_meeting_that_approved_it(world):
    sec = world.users["secretariat"]
    with scopes_disabled():
        p, line = _accepted(world)
        m = _meeting(world, SIX, date=dt.date(2025, 3, 12))
        services.put_to_council(sec, m, [p])
        services.record_vote(sec, m, line, "open", 5, 1, 0)
        services.close_meeting(sec, m)
        p.refresh_from_db()
        values = {"award": Award.objects.get(code="gk-xa"), "year": 2024, "signer": make_signer(world.authority),
                  "reason": "đã có thành tích xuất sắc năm 2024"}
        with pytest.raises(services.ValidationFailed, match="trước ngày Hội đồng") as exc:
            services.create_decision_from_proposals(sec, world.authority, {**values, "date": dt.date(2025, 3, 11)},
                                                    [p])
        assert exc.value.field == "date"
        d = services.create_decision_from_proposals(sec, world.authority, {**values, "date": dt.date(2025, 3, 12)},
                                                    [p])
        with pytest.raises(services.ValidationFailed, match="trước ngày Hội đồng"):
            services.update_decision(sec, d, {"date": dt.date(2025, 3, 11)})
        d.refresh_from_db()
        assert d.date == dt.date(2025, 3, 12)
        d.date = dt.date(2025, 3, 1)  # a draft whose date was moved back is not issued either
        with pytest.raises(services.ValidationFailed, match="trước ngày Hội đồng"):
            services.issue_decision(sec, d, 7)


# --- the page ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_page_shows_the_quorum_and_a_refused_vote_is_not_green(world, client):
    sec = world.users["secretariat"]
    with scopes_disabled():
        p, line = _accepted(world)
        m = _meeting(world, SIX)
        services.put_to_council(sec, m, [p])
        services.set_presence(sec, m, {x.pk for x in list(m.members.all())[:2]})
    client.force_login(sec)
    page = client.get(reverse("awards:meeting_detail", args=[m.pk])).content.decode()
    assert "Túc số theo quy chế: quá 1/2" in page and "Không đủ túc số: 2/6" in page
    r = client.post(reverse("awards:meeting_vote", args=[m.pk, line.pk]), {"ballot": "open", "yes": 0, "no": 2,
                                                                           "abstain": 0}, follow=True)
    html = r.content.decode()
    assert "Không đủ túc số" in html and "alert-success" not in html and "text-success" not in html
    assert "Không thông qua" not in html
