"""Radio buttons and checkbox lists render one choice a line, in Bootstrap's form-check markup (#20: the
reply page's three answers and the decision form's proposals collapsed one word a line because the list
itself carried form-check-input)."""

import re

from django import forms

from thidua.events.forms import LinkReplyForm
from thidua.orgs.forms import VNForm


def _choices(html: str) -> list[str]:
    return re.findall(r'<div class="form-check"><input type="(?:radio|checkbox)"[^>]*class="form-check-input"[^>]*>'
                      r'<label class="form-check-label" for="[^"]+">([^<]+)</label></div>', html)


def test_the_reply_answers_are_three_lines_each_with_its_label():
    html = str(LinkReplyForm()["status"])
    assert _choices(html) == ["Tôi sẽ tham dự", "Tôi không tham dự được", "Tôi cử người dự thay"]
    wrapper = re.match(r"<div[^>]*>", html.strip()).group(0)
    assert "form-check-input" not in wrapper and 'role="radiogroup"' in wrapper


def test_every_vnform_checkbox_list_keeps_its_choices_and_marks_the_chosen():
    class Form(VNForm):
        kinds = forms.MultipleChoiceField(choices=[("a", "Xã"), ("b", "Phường"), ("c", "Đặc khu")],
                                          widget=forms.CheckboxSelectMultiple, required=False)

    form = Form(data={"kinds": ["b", "c"]})
    assert form.is_valid() and form.cleaned_data["kinds"] == ["b", "c"]
    html = str(form["kinds"])
    assert _choices(html) == ["Xã", "Phường", "Đặc khu"]
    assert len(re.findall(r"checked", html)) == 2 and 'value="a"' in html
