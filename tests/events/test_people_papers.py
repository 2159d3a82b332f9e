"""The conference's people papers (#18) for a district's conference (2025) and a commune's (2026): whom a
letter is addressed to ("Kính gửi: Ông … Phó Giám đốc Sở Nội vụ", the title and its unit as one phrase),
one letter for a commended collective that is also invited (the one naming its award), the QR codes'
address from the command line or the deployment's setting (never 127.0.0.1), and wording from data
(a commune's letters say nothing of "huyện")."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from thidua.events import documents, services, tokens
from thidua.events.models import Delegate
from thidua.events.wording import addressee_line, who_attends

from .levels import LEVELS, build, recipient

pytestmark = pytest.mark.django_db
SITE = "https://tdkt.example.gov.vn"


@pytest.fixture(params=sorted(LEVELS))
def lc(request):
    return build(request.param)


def _text(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "gm.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(unicodedata.normalize("NFC", page).split()) for page in out.split("\f")[:-1]]


def _letters(lc, tmp_path, site=SITE) -> tuple[list[str], list]:
    skipped: list = []
    with scopes_disabled():
        pdf, count = documents.invitations_pdf(lc.event, site, skipped=skipped)
    pages = _text(pdf, tmp_path)
    assert len(pages) == count
    return pages, skipped


# --- addressee ------------------------------------------------------------------------------

def test_addressee_joins_title_and_unit_without_a_comma(lc, tmp_path):
    pages, _ = _letters(lc, tmp_path)
    guest = next(p for p in pages if "Trần Văn Thành" in p)
    assert "Kính gửi: Ông Trần Văn Thành, Phó Giám đốc Sở Nội vụ " in guest
    assert "Phó Giám đốc, Sở Nội vụ" not in guest
    head = next(p for p in pages if "Nguyễn Thị Mai" in p)
    place = lc.school.name
    assert f"Kính gửi: Bà Nguyễn Thị Mai, Hiệu trưởng {place} " in head
    assert f"{lc.authority.name} trân trọng kính mời tới dự {lc.event.title}." in head
    assert "Đề nghị Bà mang theo Giấy mời này" in head
    assert "đến dự đúng thời gian./. " in head and head.index("./.") < head.index("Nơi nhận")


def test_addressee_says_a_shared_word_once():
    d = Delegate(full_name="Võ Văn Tư", gender="M", position="Chủ tịch UBND", unit_text="UBND xã Tân Hưng")
    assert addressee_line(d) == "Ông Võ Văn Tư, Chủ tịch UBND xã Tân Hưng"
    seat = Delegate(unit_text="UBND xã Tân Hưng", position="Phó Chủ tịch")
    assert addressee_line(seat) == "Đại diện lãnh đạo UBND xã Tân Hưng"


# --- one letter for a commended collective ----------------------------------------------------

def _award(lc, *recipients):
    with scopes_disabled():
        return services.add_award_recipients(None, lc.event, recipients=list(recipients))


def _school_letters(pages, lc):
    return [p for p in pages if f"Kính gửi: Đại diện lãnh đạo {lc.school.name}" in p
            or f"Kính gửi: Đại diện {lc.school.name}" in p]


def test_collective_invited_first_then_commended_gets_one_award_letter(lc, tmp_path):
    with scopes_disabled():
        services.add_unit_seats(None, lc.event, lc.cats["c"], [lc.school], 1)
    report = _award(lc, recipient(lc.school.name, lc.school))
    assert report.counts == {"recipients": 1, "added": 0, "existing": 1, "noted": 1}
    pages, skipped = _letters(lc, tmp_path)
    letters = _school_letters(pages, lc)
    assert len(letters) == 1 and not skipped
    assert f"Tại Hội nghị, {lc.school.name} được nhận khen thưởng: Giấy khen (QĐ số 05/QĐ-UBND ngày 10/03/2025)." \
        in letters[0]
    assert "Đề nghị đơn vị cử đại diện lãnh đạo lên nhận khen thưởng, mang theo Giấy mời này" in letters[0]


def test_unit_asked_for_two_seats_then_commended_keeps_two_letters(lc, tmp_path):
    with scopes_disabled():
        services.add_unit_seats(None, lc.event, lc.cats["c"], [lc.school], 2)
    _award(lc, recipient(lc.school.name, lc.school))
    pages, skipped = _letters(lc, tmp_path)
    letters = _school_letters(pages, lc)
    assert len(letters) == 2 and not skipped
    assert sum("được nhận khen thưởng" in p for p in letters) == 1


def test_collective_commended_first_then_invited_gets_one_award_letter(lc, tmp_path):
    _award(lc, recipient(lc.school.name, lc.school))
    with scopes_disabled():
        services.add_unit_seats(None, lc.event, lc.cats["c"], [lc.school], 1)
        assert Delegate.objects.filter(event=lc.event, organisation=lc.school, full_name="").count() == 2
    pages, skipped = _letters(lc, tmp_path)
    letters = _school_letters(pages, lc)
    assert len(letters) == 1 and "được nhận khen thưởng: Giấy khen" in letters[0]
    assert [reason for _, reason in skipped] == [
        f"đơn vị đã có giấy mời nhận khen thưởng số 0004 (Đại diện {lc.school.name}); mỗi đơn vị một giấy mời"]
    # two seats asked of the unit: the award letter stands in for one of them, the other still gets its own
    with scopes_disabled():
        services.add_unit_seats(None, lc.event, lc.cats["c"], [lc.school], 2)
    pages, skipped = _letters(lc, tmp_path)
    assert len(_school_letters(pages, lc)) == 2 and len(skipped) == 1


def test_collective_written_as_text_matches_its_unnamed_seat(lc, tmp_path):
    with scopes_disabled():
        services.add_delegate(None, lc.event, {"category": lc.cats["c"], "unit_text": "Hội Liên hiệp Phụ nữ"})
    report = _award(lc, recipient("Hội Liên hiệp Phụ nữ"))
    assert report.counts["added"] == 0 and report.counts["existing"] == 1
    pages, _ = _letters(lc, tmp_path)
    letters = [p for p in pages if "Hội Liên hiệp Phụ nữ" in p]
    assert len(letters) == 1 and "Hội Liên hiệp Phụ nữ được nhận khen thưởng" in letters[0]


# --- the QR codes' address ----------------------------------------------------------------------

def test_command_without_an_address_refuses_with_a_message(lc, tmp_path, settings, capsys):
    settings.THIDUA_SITE_URL = ""
    out = tmp_path / "gm.pdf"
    with pytest.raises(CommandError, match="Chưa có địa chỉ trang cho mã QR"):
        call_command("invitations", lc.event.slug, "--pdf", str(out))
    for site in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000", "http://0.0.0.0"):
        settings.THIDUA_SITE_URL = site
        with pytest.raises(CommandError, match="không phải"):
            call_command("invitations", lc.event.slug, "--pdf", str(out))
    settings.THIDUA_SITE_URL = ""
    with pytest.raises(SystemExit) as exit_:  # as the terminal runs it: a non-zero exit and the message
        execute_from_command_line(["thidua", "invitations", lc.event.slug, "--pdf", str(out),
                                   "--site", "http://127.0.0.1:8000"])
    assert exit_.value.code != 0 and "THIDUA_SITE_URL" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("how", ["setting", "option"])
def test_command_puts_the_public_address_in_every_qr(lc, tmp_path, settings, how):
    public = "https://thiduakhenthuong.example.gov.vn"
    settings.THIDUA_SITE_URL = public if how == "setting" else ""
    out = tmp_path / "gm.pdf"
    args = ["--site", public] if how == "option" else []
    call_command("invitations", lc.event.slug, "--pdf", str(out), *args)
    if shutil.which("zbarimg") is None:  # `make test` installs zbar-tools
        with scopes_disabled():
            d = Delegate.objects.get(pk=lc.guest.pk)
            assert documents.invitation_document(d, documents.site_for(lc.event, given=args[1] if args else "")
                                                 ).body[-1].data.startswith(f"{public}/hoi-nghi/qr/")
        return
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(out), str(tmp_path / "p")], check=True)
    decoded = []
    for png in sorted(tmp_path.glob("p-*.png")):
        decoded += subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True,
                                  text=True).stdout.split()
    assert len(decoded) == 3 and all(url.startswith(f"{public}/hoi-nghi/qr/") for url in decoded)
    with scopes_disabled():
        assert {tokens.verify_token(url.rsplit("/", 1)[1], lc.event)[0].pk for url in decoded} == {
            lc.guest.pk, lc.head.pk, lc.teacher.pk}


def test_the_web_job_keeps_the_request_host(lc, rf, settings):
    settings.ALLOWED_HOSTS = ["10.0.0.5"]
    request = rf.get("/", HTTP_HOST="10.0.0.5:8000")
    assert documents.site_for(lc.event, request) == "http://10.0.0.5:8000"


@given(st.sampled_from(["127.0.0.1", "127.8.9.10", "localhost", "app.localhost", "[::1]", "0.0.0.0"]),
       st.sampled_from(["http", "https"]), st.integers(min_value=1, max_value=65535))
def test_a_loopback_address_is_never_public(host, scheme, port):
    assert not documents.is_public(f"{scheme}://{host}:{port}/")
    assert documents.is_public(f"{scheme}://tdkt.honquan.gov.vn:{port}")
    assert documents.is_public(f"{scheme}://192.168.1.20:{port}")  # the authority's own network


# --- wording from data --------------------------------------------------------------------------

def test_the_letters_speak_for_their_level(lc, tmp_path):
    _award(lc, recipient(lc.school.name, lc.school))
    pages, _ = _letters(lc, tmp_path)
    assert len(pages) == 4
    for page in pages:
        assert f"Lưu: VT, {lc.archive_code}." in page
        assert "Số: 12/GM-UBND" in page and f"ngày 10 tháng 01 năm {LEVELS[lc.level][3]}" in page
    text = " ".join(pages).casefold()
    if lc.level == "xa":
        assert "huyện" not in text and "nội vụ, " not in text
        assert "phòng nội vụ" not in text
    else:
        assert "huyện hớn quản" in text


# --- who sits in the seat (a pure rule) ----------------------------------------------------------

_words = st.lists(st.sampled_from(["Phó", "Trưởng", "phòng", "Hiệu", "trưởng", "Chủ", "tịch", "Giám", "đốc", "Tổ"]),
                  min_size=1, max_size=4).map(" ".join)
_names = st.sampled_from(["Lê Hữu Nghĩa", "Đỗ Thị Hoa", "Phan Văn Đức", "Nguyễn Thị Mai"])


@given(_words, _words | st.just(""), _names)
def test_a_substitute_never_carries_the_invitees_title(invitee_position, own_position, substitute):
    d = Delegate(full_name="Trần Quốc Toản", position=invitee_position, unit_text="Trường Tiểu học Tân Lợi",
                 reply_status="substitute", substitute_name=substitute, substitute_position=own_position)
    name, title = who_attends(d)
    assert name == substitute
    if own_position:
        assert title.startswith(own_position) and title.endswith("Trường Tiểu học Tân Lợi")
    else:
        assert title == "Trường Tiểu học Tân Lợi"
    # the desk names who came: the substitute (their title), the invitee (theirs), or someone else (the unit)
    assert who_attends(d, substitute) == (name, title)
    assert who_attends(d, "Trần Quốc Toản")[0] == "Trần Quốc Toản"
    assert who_attends(d, "Vũ Văn Khác") == ("Vũ Văn Khác", "Trường Tiểu học Tân Lợi")
