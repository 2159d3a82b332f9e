"""#16: `orgs.forms.NumberField`, the one numeric form field: reads numbers as officials type them
(`vn.numbers.parse_number`), shows them the way `vn.money` writes them, says what is wrong in Vietnamese."""

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from thidua.awards.forms import VoteForm
from thidua.events.forms import EventForm
from thidua.logistics.forms import BudgetLineForm, PlanForm
from thidua.orgs.forms import NumberField, VNForm
from thidua.program.forms import SettingsForm


class Sample(VNForm):
    target = NumberField(label="Chỉ tiêu", required=False)
    count = NumberField(integer=True, label="Số đại biểu", min_value=1, max_value=10000, required=False)
    year = NumberField(integer=True, grouped=False, label="Năm", min_value=2000, max_value=2100, required=False)
    points = NumberField(label="Điểm", decimal_places=2, max_digits=7, required=False)


def _clean(**data):
    form = Sample(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(("typed", "value"), [("7.500", Decimal(7500)), ("7 500", Decimal(7500)),
                                              ("7.500,5", Decimal("7500.5")), ("1.234.567", Decimal(1234567)),
                                              ("0,125", Decimal("0.125")), ("7,5", Decimal("7.5")), ("", None)])
def test_decimal_as_typed(typed, value):
    assert _clean(target=typed).cleaned_data["target"] == value


def test_ambiguous_comma_is_refused_with_both_readings_unless_whole_numbers():
    form = _clean(target="7,500", count="7,500")
    assert "có thể đọc là 7,5 hoặc 7.500" in form.errors["target"][0]
    assert form.cleaned_data["count"] == 7500


def test_integer_fields_with_thousands_dots_and_vietnamese_limits():
    form = _clean(count="1.200", year="2025")
    assert form.cleaned_data["count"] == 1200 and isinstance(form.cleaned_data["count"], int)
    assert form.cleaned_data["year"] == 2025
    form = _clean(count="20.000", year="2.025", points="0,125")
    assert form.errors["count"] == ["Số đại biểu không được lớn hơn 10.000."]
    assert "year" not in form.errors and form.cleaned_data["year"] == 2025
    assert form.errors["points"] == ["Điểm chỉ ghi tối đa 2 chữ số sau dấu phẩy."]
    assert _clean(count="1,5").errors["count"] == ["Số đại biểu phải là số nguyên (đã đọc là 1,5)."]
    assert _clean(count="0").errors["count"] == ["Số đại biểu không được nhỏ hơn 1."]
    assert _clean(target="abc").errors["target"] == ["Chỉ tiêu “abc” không phải là số."]


def test_shown_the_vietnamese_way_and_read_back_the_same():
    form = Sample(initial={"target": Decimal("7500.50"), "count": 1200, "year": 2025})
    html = str(form["target"]) + str(form["count"]) + str(form["year"])
    assert 'value="7.500,5"' in html and 'value="1.200"' in html and 'value="2025"' in html
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html and 'type="text"' in html


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_any_shown_value_reads_back(value):
    field = NumberField(label="Giá trị", decimal_places=2)
    assert field.clean(field.prepare_value(value)) == value


def test_every_numeric_input_of_every_form_is_a_number_field():
    from thidua.awards import forms as awards_forms  # noqa: PLC0415 (optional)
    from thidua.emulation import forms as emulation_forms  # noqa: PLC0415 (optional)
    from thidua.events import forms as events_forms  # noqa: PLC0415 (optional)
    from thidua.logistics import forms as logistics_forms  # noqa: PLC0415 (optional)
    from thidua.orgs import forms as orgs_forms  # noqa: PLC0415 (optional)
    from thidua.program import forms as program_forms  # noqa: PLC0415 (optional)

    found = []
    for module in (awards_forms, emulation_forms, events_forms, logistics_forms, orgs_forms, program_forms):
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for fname, field in cls.base_fields.items():
                    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
                        found.append(f"{module.__name__}.{name}.{fname}")
    assert found == []


def test_real_forms_take_thousands_dots():
    plan = PlanForm({"delegates_total": "1.200"})
    plan.is_valid()
    assert "delegates_total" not in plan.errors and plan.cleaned_data["delegates_total"] == 1200
    event = EventForm({"capacity": "1.200"})
    event.is_valid()
    assert "capacity" not in event.errors and event.cleaned_data["capacity"] == 1200
    line = BudgetLineForm({"group": "flowers", "item": "Hoa", "basis": "fixed", "quantity": "1.234,5",
                           "unit_price": "1.500.000"})
    assert line.is_valid(), line.errors
    assert line.cleaned_data["quantity"] == Decimal("1234.5") and line.cleaned_data["unit_price"] == 1500000
    vote = VoteForm({"ballot": "show_of_hands", "yes": "1.001", "no": "0", "abstain": "0"})
    vote.is_valid()
    assert "yes" not in vote.errors and vote.cleaned_data["yes"] == 1001
    settings = SettingsForm({"words_per_minute": "1.000"})
    settings.is_valid()
    assert settings.errors["words_per_minute"] == ["Tốc độ đọc (chữ/phút) không được lớn hơn 400."]
