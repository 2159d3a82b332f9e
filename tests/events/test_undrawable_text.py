"""#16: text the document font cannot draw is refused where it enters (form, model, service), and a
print run with one such record already stored finishes the others and lists that one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from thidua.checkin import services as checkin
from thidua.events import services, tokens
from thidua.events.models import Delegate
from thidua.orgs.models import Job, JobStatus
from thidua.orgs.services import ValidationFailed
from thidua.paperwork.fonts import undrawable, undrawable_message

pytestmark = pytest.mark.django_db


def test_the_rule():
    assert undrawable("Nguyễn Thị Ánh Tuyết – Phó Chủ tịch\n“Đoàn kết”") == []
    assert undrawable("Lê 😀 Văn 中 A\u200bB\x07") == ["😀", "中", "\u200b", "\x07"]
    assert undrawable("Nguye\u0302\u0303n") == []  # decomposed Vietnamese is fine: drawn as NFC
    assert undrawable_message("Họ và tên", "Lê 😀") == "Họ và tên có ký tự không in được trên văn bản: “😀” (ký tự thứ 4)."
    assert "“U+200B” (ký tự thứ 2)" in undrawable_message("Tên", "A\u200bB")
    assert undrawable_message("Tên", "Bình thường") == ""


@pytest.mark.parametrize("name, bad, position", [("Trần😀 Văn Thành", "😀", 5), ("Trần Văn 成", "成", 10)])
def test_form_refuses_emoji_and_chinese_with_the_message(client, conf, name, bad, position):
    client.force_login(conf.world.users["secretariat"])
    url = reverse("events:delegate_edit", args=[conf.guest.pk])
    r = client.post(url, {"category": conf.cats["a"].pk, "full_name": name, "gender": "M",
                          "position": "Phó Giám đốc", "unit_text": "Sở Nội vụ"})
    assert r.status_code == 200
    page = r.content.decode()
    assert f"Họ và tên có ký tự không in được trên văn bản: “{bad}” (ký tự thứ {position})." in page
    with scopes_disabled():
        assert Delegate.objects.get(pk=conf.guest.pk).full_name == "Trần Văn Thành"


def test_service_and_model_refuse_it_too(conf):
    with scopes_disabled():
        with pytest.raises(ValidationFailed) as exc:
            services.update_delegate(None, conf.guest, {"position": "Giám đốc 🎉"})
        assert exc.value.field == "position" and "“🎉” (ký tự thứ 10)" in exc.value.message
        conf.guest.refresh_from_db()
        conf.guest.full_name = "Trần\u200b Văn"
        with pytest.raises(ValidationError) as err:
            conf.guest.full_clean()
        assert "ký tự không in được trên văn bản: “U+200B” (ký tự thứ 5)" in str(err.value.message_dict["full_name"])


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_bulk_job_finishes_the_others_and_lists_the_bad_record(client, conf, fmt,
                                                                django_capture_on_commit_callbacks):
    with scopes_disabled():
        Delegate.objects.filter(pk=conf.theirs.pk).update(full_name="Trần Thị 😀 Ánh")  # stored around the rule
    client.force_login(conf.world.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("events:invitations", args=[conf.event.pk]), {"fmt": fmt})
    with scopes_disabled():
        job = Job.objects.get(kind=f"events.invitations_{fmt}")
    assert r.url == reverse("web:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE, job.message
    assert job.result_name.startswith(f"giay-moi-{conf.event.slug}-2")  # the two other letters
    assert len(job.skipped) == 1
    assert "Trần Thị 😀 Ánh" in job.skipped[0]["record"]
    assert "Họ và tên có ký tự không in được trên văn bản: “😀” (ký tự thứ 10)." in job.skipped[0]["reason"]
    page = client.get(reverse("web:job_detail", args=[job.pk])).content.decode()
    assert "1 bản không tạo được" in page and "Trần Thị 😀 Ánh" in page and "ký tự thứ 10" in page


def test_one_letter_with_bad_text_says_what_to_fix(client, conf):
    with scopes_disabled():
        Delegate.objects.filter(pk=conf.guest.pk).update(position="Giám đốc 中")
    client.force_login(conf.world.users["secretariat"])
    r = client.get(reverse("events:delegate_letter", args=[conf.guest.pk, "pdf"]), follow=True)
    assert r.status_code == 200
    assert "Không tạo được giấy mời: Chức vụ có ký tự không in được trên văn bản: “中” (ký tự thứ 10)." in \
        r.content.decode()


def test_check_in_refuses_an_attendee_name_the_attendance_list_cannot_print(conf):
    with scopes_disabled(), pytest.raises(ValidationFailed) as exc:
        checkin.check_in(None, tokens.make_token(conf.mine), "Bàn 1", "scan-0001", event=conf.event,
                         attendee_name="Lê 中")
    assert exc.value.field == "attendee_name" and "“中” (ký tự thứ 4)" in exc.value.message


def test_any_document_page_says_what_cannot_be_printed_instead_of_a_server_error(client, conf):
    with scopes_disabled():
        Delegate.objects.filter(pk=conf.mine.pk).update(vehicle="car", full_name="Nguyễn Văn 中")
    client.force_login(conf.world.users["secretariat"])
    url = reverse("checkin:print_parking", args=[conf.event.pk, "pdf"])
    r = client.get(url)
    assert r.status_code == 422
    assert "Không tạo được văn bản: " in r.content.decode() and "“中”" in r.content.decode()
    back = reverse("events:event_detail", args=[conf.event.pk])
    r = client.get(url, HTTP_REFERER=f"http://testserver{back}", follow=True)
    assert r.redirect_chain[0][0].endswith(back) and "“中”" in r.content.decode()
