"""The demo conference: 280 delegates, category (d) drawn from the demo award decisions when the
awards demo ran first (INSTALLED_APPS order), topped up to its quota of 100; idempotent."""

import pytest
from django.db.models import Count
from django_scopes import scopes_disabled

from thidua.awards import demo as awards_demo
from thidua.awards.queries import decided_recipients
from thidua.events import demo as events_demo
from thidua.events import services
from thidua.events.models import Delegate
from thidua.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def _counts(event):
    return dict(Delegate.objects.filter(event=event).values_list("category__code").annotate(n=Count("id")))


def test_demo_category_d_comes_from_the_award_decisions():
    quiet = lambda *_: None  # noqa: E731
    with scopes_disabled():
        orgs_demo.load(log=quiet)
        awards_demo.load(log=quiet)
        event = events_demo.load(log=quiet)
        assert _counts(event) == {"a": 10, "b": 120, "c": 50, "d": 100}
        start, end = services.recipient_range(event)
        recipients = decided_recipients(event.authority, start, end)
        keys = {services.recipient_key(r) for r in recipients}
        d = Delegate.objects.filter(event=event, category__code="d")
        from_awards = d.exclude(recipient_key="")
        # every recipient of the demo decisions is a (d) delegate, once, with their awards noted
        assert set(from_awards.values_list("recipient_key", flat=True)) == keys
        assert all(x.notes.startswith("Nhận khen thưởng: ") for x in from_awards)
        assert d.count() - from_awards.count() == 100 - len(keys)  # the rest: representatives as before
        # nobody is invited twice
        people = list(Delegate.objects.filter(event=event, person__isnull=False).values_list("person_id", flat=True))
        assert len(people) == len(set(people))
        # each substitute is somebody else: no name stands in for two delegates or is a delegate's own
        subs = list(Delegate.objects.filter(event=event, reply_status="substitute").values_list("substitute_name",
                                                                                                 flat=True))
        own = set(Delegate.objects.filter(event=event).values_list("full_name", flat=True))
        assert len(subs) >= 5 and len(subs) == len(set(subs)) and not own & set(subs)
        # running the demo, or the action, again changes nothing
        events_demo.load(log=quiet)
        again = services.add_award_recipients(None, event)
        assert again.counts["added"] == 0 and again.counts["noted"] == 0
        assert _counts(event) == {"a": 10, "b": 120, "c": 50, "d": 100}


def test_demo_without_award_decisions_fills_d_as_before():
    with scopes_disabled():
        orgs_demo.load(log=lambda *_: None)
        event = events_demo.load(log=lambda *_: None)
        assert _counts(event) == {"a": 10, "b": 120, "c": 50, "d": 100}
        assert not Delegate.objects.filter(event=event).exclude(recipient_key="").exists()
