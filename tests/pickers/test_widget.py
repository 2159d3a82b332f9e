"""The picker widget (thidua.orgs.pickers): a plain <select multiple> marked for web/picker.js, the chosen
options first in the saved order, and the order submitted is the order saved (#20)."""

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.emulation.helpers import make_cycle
from thidua.emulation.forms import MembersForm, MovementForm
from thidua.emulation.models import Membership
from thidua.events.forms import AddPeopleForm
from thidua.events.models import Delegate
from thidua.orgs.models import Person
from thidua.orgs.pickers import OrderedModelChoiceField, Picker, ordered_ids


def _values(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"', html)


def _selected(html: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"[^>]*selected', html)


def test_ordered_picker_renders_a_plain_select_with_the_chosen_first_in_order():
    widget = Picker(ordered=True)
    widget.choices = [(1, "Một"), (2, "Hai"), (3, "Ba"), (4, "Bốn")]
    html = widget.render("members", ["3", "1"], attrs={"id": "id_members"})
    assert '<select name="members"' in html and "multiple" in html
    assert 'data-picker="ordered"' in html and "form-select picker" in html
    assert "vendor/tom-select/tom-select.complete.min.js" in html  # loaded by picker.js, named in data-*
    assert re.search(r'<script src="[^"]*web/picker\.js" defer></script>', html)  # no inline script (CSP)
    assert _values(html) == ["3", "1", "2", "4"] and _selected(html) == ["3", "1"]


def test_unordered_picker_keeps_the_list_order():
    widget = Picker(choices=[(1, "Một"), (2, "Hai"), (3, "Ba")])
    html = widget.render("units", ["3"])
    assert 'data-picker="multi"' in html and _values(html) == ["1", "2", "3"]


@pytest.mark.django_db
def test_ordered_model_field_returns_rows_in_the_submitted_order(world):
    with scopes_disabled():
        people = Person.objects.filter(authority=world.authority).order_by("pk")
        field = OrderedModelChoiceField(queryset=people)
        b, a = world.person_b, world.person_a
        assert field.clean([str(b.pk), str(a.pk), str(b.pk)]) == [b, a]
        assert field.clean([str(a.pk), str(b.pk)]) == [a, b]


def test_ordered_ids():
    assert ordered_ids(["5", "2", "5"]) == [5, 2]
    with pytest.raises(Exception):
        ordered_ids(["x"])


def test_members_and_movement_forms_use_the_picker():
    form = MembersForm(units=[], initial={"members": []})
    assert isinstance(form.fields["members"].widget, Picker) and form.fields["members"].widget.ordered
    assert isinstance(MovementForm(units=[]).fields["units"].widget, Picker)


@pytest.mark.django_db
def test_add_people_saves_the_picked_order(client, world):
    import datetime as dt

    from thidua.events import services
    with scopes_disabled():
        event = services.create_event(None, world.authority, {"slug": "hn", "title": "Hội nghị",
                                                               "date": dt.date(2025, 4, 10)})
        cat = event.categories.get(code="b")
    client.force_login(world.users["secretariat"])
    url = reverse("events:add_people", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'data-picker="ordered"' in page
    r = client.post(url, {"category": cat.pk, "people": [world.person_b.pk, world.person_a.pk]})
    assert r.status_code == 302
    with scopes_disabled():
        names = list(Delegate.objects.filter(event=event).order_by("display_order", "id")
                     .values_list("person_id", flat=True))
    assert names == [world.person_b.pk, world.person_a.pk]
    assert isinstance(AddPeopleForm.base_fields["people"], OrderedModelChoiceField)


@pytest.mark.django_db
def test_group_members_order_is_submitted_and_saved(client, world):
    s = make_cycle(world)
    client.force_login(world.users["secretariat"])
    url = reverse("emulation:group", args=[s.group.pk])
    page = client.get(url).content.decode()
    form_select = page[page.index('name="members"'):]
    form_select = form_select[:form_select.index("</select>")]
    assert _selected(form_select) == [str(u.pk) for u in s.units]  # the saved signing order, first
    new = [s.units[2], s.units[0], s.units[1]]
    r = client.post(url, {"members": [u.pk for u in new], "head": "", "deputy": "", "scorecard": s.card.pk,
                          "meeting_place": "", "meeting_date": ""})
    assert r.status_code == 302
    with scopes_disabled():
        order = list(Membership.objects.filter(group=s.group).order_by("signing_order")
                     .values_list("organisation_id", flat=True))
    assert order == [u.pk for u in new]
    page = client.get(url).content.decode()
    form_select = page[page.index('name="members"'):]
    assert _selected(form_select[:form_select.index("</select>")]) == [str(u.pk) for u in new]
