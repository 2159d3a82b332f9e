"""Database invariants of the conference models hold on both SQLite and PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scopes_disabled

from tests.factories import make_world
from thidua.events.models import Delegate, DelegateCategory, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    world = make_world()
    with scopes_disabled():
        ev = Event.objects.create(authority=world.authority, slug="tk", title="Hội nghị tổng kết")
        cat = DelegateCategory.objects.create(event=ev, code="a", name="Đại biểu tỉnh", quota=2)
    return world, ev, cat


def test_reply_status_and_vehicle_are_checked_by_the_database(event):
    world, ev, cat = event
    with scopes_disabled():
        for bad in ({"reply_status": "maybe"}, {"vehicle": "plane"},
                    {"reply_status": "substitute", "substitute_name": ""}):
            with pytest.raises(IntegrityError), transaction.atomic():
                Delegate.objects.create(event=ev, category=cat, full_name="Nguyễn Văn A", **bad)
        with pytest.raises(IntegrityError), transaction.atomic():
            Delegate.objects.create(event=ev, category=cat)  # neither a name nor a unit
        d = Delegate.objects.create(event=ev, category=cat, organisation=world.unit_a)
        assert d.display_name == "Đại diện lãnh đạo Trường Tiểu học Tân Khai A"
        assert len(d.nonce) == 12


def test_text_is_stored_nfc(event):
    world, ev, cat = event
    nfd = "Nguye\u0302\u0303n Va\u0306n Ha\u0323"
    with scopes_disabled():
        d = Delegate.objects.create(event=ev, category=cat, full_name=nfd, gender="M")
    assert d.full_name == "Nguyễn Văn Hạ" and d.addressee == "Ông Nguyễn Văn Hạ"
