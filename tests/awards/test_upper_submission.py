"""#22 the tờ trình of a lower level to the province for the forms decided above it (issue #19 attaches it
to a dossier): for a commune (papers of 2026) and a district (papers of 2025, before the reform), the list
equals the candidates the council passed for that form and year, units named in full for the province,
the council's counts, addressed to the province's chairman through its proposing office, dated at the
authority's place, numbered TTr-UBND from the register and signed by the chair; a form the authority
decides itself is refused; another authority's entry is a 404; A4, Liberation Serif, LibreOffice's page
count of the DOCX; the list page and the command."""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from tests.awards.test_papers import MEMBERS, Level, _relevel, check_print, text
from thidua.awards import papers, services
from thidua.awards.models import Award, AwardFamily
from thidua.orgs import register
from thidua.orgs.models import Person, RegisterEntry, Signer

pytestmark = pytest.mark.django_db

# the emulation year; the council meets and the tờ trình goes up in the next one
COMMUNE = Level("xa", "xã Tân Lợi", "Tân Lợi", 2025, "bk-tinh", "ct-tinh", "Phòng Văn hóa - Xã hội", "TRƯỞNG PHÒNG",
                "TTr-UBND", "Phòng Kinh tế")
DISTRICT = Level("huyen", "huyện Hớn Quản", "Hớn Quản", 2024, "bk-tinh", "ct-tinh", "Phòng Nội vụ", "TRƯỞNG PHÒNG",
                 "TTr-UBND", "Phòng Tài chính - Kế hoạch")
PROVINCE = {"xa": "Đồng Nai", "huyen": "Bình Phước"}
KEY = f"{COMMUNE.award}:{COMMUNE.year}"


@dataclass
class Upper:
    lv: Level
    world: object
    key: str
    passed: list  # names the council passed for the form, in the list's order
    failed: list


def _proposal(sec, world, award: str, year: int, unit):
    return services.create_proposal(sec, world.authority, {
        "organisation": unit, "year": year, "family": AwardFamily.objects.get(code="thuong-xuyen"),
        "award": Award.objects.get(code=award), "summary": "Hoàn thành xuất sắc nhiệm vụ năm công tác"})


def _make(world, lv: Level) -> Upper:
    """Two proposals for the provincial Bằng khen (one candidate fails), one for Tập thể lao động xuất sắc, and
    one for the Bằng khen of the year before (not in the list), all through the council."""
    sec = world.users["secretariat"]
    with scopes_disabled():
        _relevel(world, lv)
        teacher = Person.objects.create(authority=world.authority, organisation=world.unit_a, family_name="Phạm",
                                        middle_name="Văn", given_name="Tú", gender="M", position="Giáo viên")
        p1 = _proposal(sec, world, "bk-tinh", lv.year, world.unit_a)
        la = services.add_line(sec, p1, {"kind": "individual", "person": world.person_a,
                                         "achievement": "Trường đạt chuẩn quốc gia mức độ 2"})
        lb = services.add_line(sec, p1, {"kind": "individual", "person": teacher})
        lc = services.add_line(sec, p1, {"kind": "collective", "organisation": world.unit_a})
        p2 = _proposal(sec, world, "bk-tinh", lv.year, world.unit_b)
        ld = services.add_line(sec, p2, {"kind": "individual", "person": world.person_b})
        p3 = _proposal(sec, world, "ttldxs", lv.year, world.unit_b)
        le = services.add_line(sec, p3, {"kind": "collective", "organisation": world.unit_b})
        old = _proposal(sec, world, "bk-tinh", lv.year - 1, world.unit_b)
        lf = services.add_line(sec, old, {"kind": "collective", "organisation": world.unit_b})
        for p in (p1, p2, p3, old):
            services.transition(sec, p, "submit")
            services.transition(sec, p, "accept")
        for year, props, lines in ((lv.year - 1, [old], [lf]), (lv.year, [p1, p2, p3], [la, lb, lc, ld, le])):
            m = services.create_meeting(sec, world.authority, {
                "year": year, "date": dt.date(year + 1, 3, 2), "chair": "Nguyễn Văn Hạ", "secretary": "Đỗ Thu",
                "place": "Hội trường"}, MEMBERS)
            services.set_presence(sec, m, {x.pk for x in list(m.members.all())[:5]})  # 5 of 6 present
            services.put_to_council(sec, m, props)
            counts = {lb.pk: (3, 1, 1), ld.pk: (4, 1, 0)}  # 2/3 of 6: 4 needed; Phạm Văn Tú fails
            for line in lines:
                services.record_vote(sec, m, line, "secret", *counts.get(line.pk, (5, 0, 0)))
            services.close_meeting(sec, m)
        Signer.objects.create(authority=world.authority, name="Trần Quốc Hùng", prefix="KT. CHỦ TỊCH",
                              title="PHÓ CHỦ TỊCH", display_order=0)
        Signer.objects.create(authority=world.authority, name="Nguyễn Văn Hạ", prefix="", title="CHỦ TỊCH",
                              is_chair=True, display_order=1)
    return Upper(lv, world, f"bk-tinh:{lv.year}", ["Trường Tiểu học Tân Khai A", "Nguyễn Văn Hạ", "Trần Thị Ánh"],
                 ["Phạm Văn Tú"])


@pytest.fixture(params=["xa", "huyen"])
def upper(request, world):
    return _make(world, COMMUNE if request.param == "xa" else DISTRICT)


def test_upper_submission_lists_the_passed_candidates_and_is_issued_from_the_register(upper, tmp_path):
    lv, world = upper.lv, upper.world
    sec = world.users["secretariat"]
    province = PROVINCE[lv.level]
    with scopes_disabled():
        entry = register.open_draft(sec, world.authority, "awards.upper_submission", upper.key)
        draft = register.built(entry)
        got = check_print(draft, tmp_path)
        rows = draft.annexes[0].blocks[0].rows
        # the list: the candidates passed for this form and year (not the failed one, the other form, the
        # year before), collectives first as the proposals listed them
        names = sorted(r[1] for r in rows)
        assert len(rows) == 3 and names == sorted(
            [f"Trường Tiểu học Tân Khai A, {lv.name}", "Nguyễn Văn Hạ", "Trần Thị Ánh"])
        assert "Phạm Văn Tú" not in got and "Tập thể lao động xuất sắc" not in got
        units = {r[1]: r[2] for r in rows}
        assert units["Nguyễn Văn Hạ"] == f"Hiệu trưởng Trường Tiểu học Tân Khai A, {lv.name}"
        assert units["Trần Thị Ánh"] == f"Trưởng phòng Văn hóa - Xã hội {lv.name}"  # its own office, in full
        assert {r[1]: r[4] for r in rows}["Trần Thị Ánh"] == "4/6"
        assert {r[1]: r[3] for r in rows}["Nguyễn Văn Hạ"] == "Trường đạt chuẩn quốc gia mức độ 2"
        assert {r[1]: r[3] for r in rows}["Trần Thị Ánh"] == "Hoàn thành xuất sắc nhiệm vụ năm công tác"
        # the council: the meeting of the year after, the proposals' four candidates, three passed
        assert (f"Hội đồng Thi đua - Khen thưởng {lv.name} họp ngày 02 tháng 3 năm {lv.year + 1} (5/6 thành viên "
                "dự họp) đã xét 04 tập thể, cá nhân được đề nghị, trong đó 03 tập thể, cá nhân đạt từ 2/3 tổng số "
                "thành viên Hội đồng đồng ý trở lên (từ 4/6 thành viên)") in got
        assert f"họp ngày 02 tháng 3 năm {lv.year} (" not in got  # the year before's meeting is not this list's
        assert f"Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh {province} (qua Sở Nội vụ)" in got
        assert f"tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh {province} năm {lv.year} cho 01 tập thể và 02 cá " \
               "nhân" in got
        assert f"Kính trình Chủ tịch Ủy ban nhân dân tỉnh {province} xem xét, quyết định./." in got
        assert draft.header.number_code == "     /TTr-UBND"
        assert draft.header.authority == f"ỦY BAN NHÂN DÂN\n{lv.name.upper()}"
        sig = draft.signatures[0]
        assert (sig.prefix, sig.title, sig.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hạ")
        assert draft.distribution[0] == "Như trên" and draft.distribution[-1].startswith("Lưu: VT")
        assert sum("Luật Thi đua, khen thưởng" in b for b in draft.legal_bases) == 1  # the law cited once
        assert rows[0][1] == f"Trường Tiểu học Tân Khai A, {lv.name}"  # collectives first
        assert (lv.level == "huyen") == ("huyện" in got)
        day = dt.date(lv.year + 1, 3, 5)
        register.issue(sec, entry, day, number=3)
        frozen = RegisterEntry.objects.get(pk=entry.pk)
        issued = text(frozen.pdf.read())
    assert frozen.number == 3 and frozen.symbol == "TTr-UBND"
    law = "ngày 19 tháng 6 năm 2015" if lv.level == "huyen" else "ngày 16 tháng 6 năm 2025"
    assert f"Căn cứ Luật Tổ chức chính quyền địa phương {law}" in issued  # the law in force on the day issued
    assert "Số: 03/TTr-UBND" in issued and f"{lv.place}, ngày 05 tháng 3 năm {lv.year + 1}" in issued
    assert f"(Kèm theo Tờ trình số 03/TTr-UBND ngày 05 tháng 3 năm {lv.year + 1} của Ủy ban nhân dân {lv.name})" \
        in issued


def test_the_chair_the_clerk_chose_in_the_draft_signs(world):
    made = _make(world, COMMUNE)
    sec = world.users["secretariat"]
    with scopes_disabled():
        entry = register.open_draft(sec, world.authority, "awards.upper_submission", made.key)
        entry = register.save_draft(sec, entry, {"signatures": [
            {"prefix": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Quốc Hùng"}]})
        register.issue(sec, entry, dt.date(2026, 3, 6), number=4)
        got = text(RegisterEntry.objects.get(pk=entry.pk).pdf.read())
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in got and "Trần Quốc Hùng" in got


def test_a_form_the_authority_decides_or_without_a_passed_candidate_is_refused(world):
    made = _make(world, COMMUNE)
    sec = world.users["secretariat"]
    with scopes_disabled():
        with pytest.raises(services.ValidationFailed, match="không do cấp trên quyết định"):
            register.open_draft(sec, world.authority, "awards.upper_submission", "gk-xa:2025")
        with pytest.raises(services.ValidationFailed, match="chưa có hồ sơ đề nghị “Chiến sĩ thi đua cấp tỉnh”"):
            register.open_draft(sec, world.authority, "awards.upper_submission", "cstd-tinh:2025")
        with pytest.raises(services.ValidationFailed, match="chưa có hồ sơ"):
            register.open_draft(sec, world.authority, "awards.upper_submission", "bk-tinh:2023")
        assert not RegisterEntry.objects.filter(authority=world.authority).exists()
        assert made.key == KEY


def test_another_authority_never_sees_the_entry_and_makes_none_from_the_key(client, world):
    made = _make(world, COMMUNE)
    with scopes_disabled():
        entry = register.open_draft(world.users["secretariat"], world.authority, "awards.upper_submission", made.key)
    client.force_login(world.users["other_secretariat"])
    assert client.get(reverse("web:register_entry", args=[entry.pk])).status_code == 404
    assert client.get(reverse("web:register_preview", args=[entry.pk])).status_code == 404
    r = client.post(reverse("web:register_open", args=["awards.upper_submission", made.key]))
    assert r.status_code == 302
    with scopes_disabled():
        assert not RegisterEntry.objects.filter(authority=world.other_authority).exists()


def test_list_page_offers_the_forms_decided_above_with_passed_candidates(client, world):
    _make(world, COMMUNE)
    client.force_login(world.users["secretariat"])
    page = client.get(reverse("awards:upper_submissions") + "?nam=2025").content.decode()
    assert reverse("web:register_open", args=["awards.upper_submission", "bk-tinh:2025"]) in page
    assert reverse("web:register_open", args=["awards.upper_submission", "ttldxs:2025"]) in page
    assert "gk-xa" not in page and "Soạn tờ trình cấp trên" in page
    with scopes_disabled():
        forms = {a.code: n for a, n, _k in papers.upper_forms(world.authority, 2025)}
    assert forms == {"bk-tinh": 3, "ttldxs": 1}
    empty = client.get(reverse("awards:upper_submissions") + "?nam=2019").content.decode()
    assert "chưa có hồ sơ đề nghị cấp trên" in empty
    r = client.post(reverse("web:register_open", args=["awards.upper_submission", "bk-tinh:2025"]))
    with scopes_disabled():
        entry = RegisterEntry.objects.get(authority=world.authority, source="awards.upper_submission:bk-tinh:2025")
    assert r.url == reverse("web:register_entry", args=[entry.pk])
    assert "Dự thảo" in client.get(reverse("awards:upper_submissions") + "?nam=2025").content.decode()


def test_command_writes_the_upper_submission_and_refuses_an_own_form(world, tmp_path):
    _make(world, COMMUNE)
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"tt.{fmt}"
        call_command("award_papers", "to-trinh-cap-tren", "bk-tinh", "2025", "--out", str(out), "--authority",
                     world.authority.code, stdout=io.StringIO())
        assert out.stat().st_size > 1000 and out.read_bytes()[:2] in (b"%P", b"PK")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai" in text((tmp_path / "tt.pdf").read_bytes())
    with pytest.raises(CommandError, match="không do cấp trên quyết định"):
        call_command("award_papers", "to-trinh-cap-tren", "gk-xa", "2025", "--out", str(tmp_path / "x.pdf"),
                     "--authority", world.authority.code)
    with pytest.raises(CommandError, match="năm thi đua"):
        call_command("award_papers", "to-trinh-cap-tren", "bk-tinh", "--out", str(tmp_path / "x.pdf"),
                     "--authority", world.authority.code)


def test_time_to_make_the_paper(world, capsys):
    """Build and render (PDF and DOCX) three times; the median is printed for the note."""
    made = _make(world, COMMUNE)
    from thidua.awards import sources  # noqa: PLC0415 (app-registry)

    times = []
    with scopes_disabled():
        for _ in range(3):
            t = time.perf_counter()
            doc = sources.build_upper_submission(world.authority, made.key, None, None)
            papers.render(doc, "pdf")
            papers.render(doc, "docx")
            times.append((time.perf_counter() - t) * 1000)
    with capsys.disabled():
        print(f"\nupper submission: median {sorted(times)[1]:.0f} ms")
    assert sorted(times)[1] < 10_000
