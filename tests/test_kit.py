"""The shared pieces every app builds on: orgs.viewkit, orgs.forms.UploadField, orgs.modelkit, the `vn`
template filters and vn.money.format_decimal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from thidua.orgs import forms as org_forms
from thidua.orgs import viewkit
from thidua.orgs.audit import log_action
from thidua.orgs.modelkit import authority_of, unit_of
from thidua.orgs.models import AuditLog, Person, Signer
from thidua.orgs.services import ValidationFailed, check_authority
from thidua.vn.money import format_decimal


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_act_says_done_and_redirects():
    request = _request()
    response = viewkit.act(request, lambda x: x * 2, 21, done=lambda r: f"Kết quả {r}.", then="/xong/")
    assert response.status_code == 302 and response["Location"] == "/xong/"
    assert [m.message for m in get_messages(request)] == ["Kết quả 42."]


def test_act_shows_the_refusal_and_still_redirects():
    def refuse():
        raise ValidationFailed("Hạn nộp đã qua.", "deadline")

    request = _request()
    response = viewkit.act(request, refuse, done="Không được thấy.", then="/lai/")
    assert response["Location"] == "/lai/"
    messages = list(get_messages(request))
    assert [m.message for m in messages] == ["Hạn nộp đã qua."] and messages[0].level_tag == "error"


def test_submit_puts_the_refusal_on_its_field_or_above_the_form():
    class Form(org_forms.VNForm):
        name = org_forms.forms.CharField()

    form = Form({"name": "A"})
    assert form.is_valid()

    def refuse(field):
        raise ValidationFailed("Tên đã có.", field)

    assert viewkit.submit(_request(), form, refuse, "name") is None
    assert form.errors["name"] == ["Tên đã có."]
    assert viewkit.submit(_request(), form, refuse, "no_such_field") is None
    assert form.non_field_errors() == ["Tên đã có."]
    assert viewkit.submit(_request(), form, lambda: None) is True


@pytest.mark.parametrize(("name", "inline", "expected"), [
    ("bao-cao.pdf", False, 'attachment; filename="bao-cao.pdf"'),
    ("bao-cao.pdf", True, 'inline; filename="bao-cao.pdf"'),
    ("Giấy mời.docx", False, "attachment; filename*=utf-8''Gi%E1%BA%A5y%20m%E1%BB%9Di.docx"),
])
def test_download_names_the_file(name, inline, expected):
    response = viewkit.download(b"x", name, inline=inline)
    assert response["Content-Disposition"] == expected
    assert response["Content-Type"] == viewkit.CONTENT_TYPES[name.rsplit(".", 1)[1]]


def test_upload_field_checks_size_and_kind_by_content(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    field = org_forms.UploadField(kinds=frozenset({"pdf"}))
    ok = field.clean(SimpleUploadedFile("a.pdf", b"%PDF-1.7 hello"))
    assert ok.kind == "pdf" and ok.data == b"%PDF-1.7 hello"
    with pytest.raises(org_forms.forms.ValidationError, match="quá lớn"):
        field.clean(SimpleUploadedFile("b.pdf", b"%PDF-" + b"x" * 2000))
    with pytest.raises(org_forms.forms.ValidationError, match="Chỉ nhận: PDF"):
        field.clean(SimpleUploadedFile("c.pdf", b"MZ not a pdf"))
    with pytest.raises(org_forms.forms.ValidationError, match="rỗng"):
        org_forms.UploadField().clean(SimpleUploadedFile("d.xlsx", b""))


def test_log_action_and_check_authority_follow_the_object(world):
    with scopes_disabled():
        person = Person.objects.filter(authority=world.authority).first()
        signer = Signer.objects.create(authority=world.authority, name="  Nguyễn  Văn Hạ ", title="CHỦ TỊCH")
        entry = log_action(None, "test.signer", signer)
        assert AuditLog.objects.get(pk=entry.pk).authority_id == world.authority.pk
        assert signer.name == "Nguyễn Văn Hạ"
        assert authority_of(world.authority) == world.authority.pk
        assert unit_of(person) == person.organisation_id
        assert unit_of(person.organisation) == person.organisation_id
    check_authority(world.users["secretariat"], signer)
    with pytest.raises(PermissionDenied, match="cơ quan khác"):
        check_authority(world.users["secretariat"], world.other_authority.pk)
    with pytest.raises(PermissionDenied, match="cơ quan khác"):
        check_authority(world.users["other_secretariat"], signer)


def test_an_authoritys_heading_keeps_its_lines_and_loses_stray_spaces(world):
    with scopes_disabled():
        world.authority.header_name = "  ỦY BAN NHÂN DÂN   \r\nXÃ  TÂN KHAI \n"
        world.authority.save()
        world.authority.refresh_from_db()
    assert world.authority.header_lines == ["ỦY BAN NHÂN DÂN", "XÃ TÂN KHAI"]


def test_vn_filters_format_as_officials_write():
    rendered = Template("{% load vn %}{{ a|money }}|{{ a|money_unit }}|{{ b|decimal }}|{{ c|number }}|{{ d|vn_date }}|"
                        "{{ none|money }}").render(Context({
                            "a": 2340000, "b": Decimal("0.30"), "c": 1234, "d": dt.date(2025, 4, 7),
                            "none": None}))
    assert rendered == "2.340.000|2.340.000 đồng|0,3|1.234|07/4/2025|"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_format_decimal_reads_back_to_the_same_number(value):
    text = format_decimal(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value
    assert not text.endswith(",") and not ("," in text and text.endswith("0"))
