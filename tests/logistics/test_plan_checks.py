"""The pure plan checks: each rule on small examples, and properties over generated plans."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.logistics import plan_checks as pc
from thidua.logistics.plan_checks import Assignment, PlanFacts

D = dt.date


def codes(findings):
    return [f.code for f in findings]


def test_section_gap_names_the_missing_numeral():
    out = pc.check_sections([("I", "A"), ("II", "B"), ("III", "C"), ("IV", "D"), ("VI", "PHÂN CÔNG THAM LUẬN")])
    assert codes(out) == ["section_gap"]
    assert "Thiếu mục V" in out[0].message and "PHÂN CÔNG THAM LUẬN" in out[0].message


def test_sections_in_order_pass_and_repeats_are_reported():
    assert pc.check_sections([("I", "A"), ("II", "B"), ("III", "C")]) == []
    assert codes(pc.check_sections([("I", "A"), ("II", "B"), ("II", "C")])) == ["section_order"]
    assert codes(pc.check_sections([("I", "A"), ("2", "B")])) == ["section_numeral"]


def test_place_name_differing_only_in_tone_is_found_everywhere_it_occurs():
    texts = [("dòng địa danh", "Hón Quản"), ("phần căn cứ", "trên địa bàn huyện Hón Quản."),
             ("maket", "ỦY BAN NHÂN DÂN HUYỆN HÓN QUẢN"), ("đoạn kết", "của huyện Hớn Quản."),
             ("tên in hoa đúng", "HUYỆN HỚN QUẢN")]
    out = pc.check_name("Hớn Quản", texts)
    assert codes(out) == ["name_spelling"]
    assert "“Hón Quản”" in out[0].message and "“Hớn Quản”" in out[0].message
    assert "dòng địa danh" in out[0].message and "phần căn cứ" in out[0].message and "maket" in out[0].message
    assert "đoạn kết" not in out[0].message and "tên in hoa đúng" not in out[0].message


def test_other_words_are_not_mistaken_for_the_place_name():
    assert pc.check_name("Hớn Quản", [("x", "Hội nghị của huyện Hớn Quản; Hòn đảo; quản lý")]) == []


def test_talks_stated_twice_must_agree():
    facts = PlanFacts(place_name="Hớn Quản", talks_count=2, texts=(
        ("điểm IV.2", "- Lựa chọn và hướng dẫn 03 tập thể nhất cụm, khối thi đua (khối xã, thị trấn 01 tập thể; "
                      "khối đảng đoàn thể 01 tập thể, khối đơn vị sự nghiệp 01 tập thể) để báo cáo tham luận."),
        ("mục VI", "giao Phòng Nội vụ lựa chọn 02 tập thể nhất cụm, khối (khối xã, thị trấn 01 tập thể; khối "
                   "huyện 01 tập thể) để báo cáo tham luận tại hội nghị.")))
    out = pc.check_talks(facts)
    assert codes(out) == ["talks_mismatch"]
    assert "03 ở điểm IV.2" in out[0].message and "02 ở mục VI" in out[0].message


def test_talk_breakdown_must_add_up():
    out = pc.check_talks(PlanFacts(place_name="x", texts=(
        ("mục V", "lựa chọn 03 tập thể (khối xã 01 tập thể; khối huyện 01 tập thể) để báo cáo tham luận."),)))
    assert codes(out) == ["talks_breakdown"]


def test_talk_length_written_in_the_note_must_match():
    facts = PlanFacts(place_name="x", talk_minutes=(5, 7), texts=(("lưu ý", "Thời lượng mỗi bài từ 05- 10 phút."),))
    assert codes(pc.check_talks(facts)) == ["talk_length"]
    ok = PlanFacts(place_name="x", talk_minutes=(5, 7), texts=(("lưu ý", "Thời lượng mỗi bài từ 05- 07 phút."),))
    assert pc.check_talks(ok) == []


def test_delegates_against_quotas_and_hall():
    facts = PlanFacts(place_name="x", delegates_total=280, category_quotas=(("a", 10), ("b", 120), ("c", 50),
                                                                           ("d", 90)), hall_capacity=250)
    out = pc.check_delegates(facts)
    assert codes(out) == ["delegates_quota", "delegates_hall"]
    assert "270" in out[0].message and "250" in out[1].message


def test_deadlines_after_the_event_and_too_late_for_review():
    facts = PlanFacts(place_name="x", talks_deadline=D(2025, 4, 8), covenant_deadline=D(2025, 4, 12),
                      event_date=D(2025, 4, 10))
    out = pc.check_deadlines(facts)
    assert codes(out) == ["deadline_after_event", "talks_too_late"]
    assert "12/4/2025" in out[0].message


def test_deadlines_against_the_tentative_month_and_the_issue_date():
    facts = PlanFacts(place_name="x", talks_deadline=D(2025, 3, 28), covenant_deadline=D(2025, 5, 2),
                      event_month=(2025, 4), issue_date=D(2025, 3, 30))
    assert codes(pc.check_deadlines(facts)) == ["deadline_after_event", "deadline_before_issue"]


def test_written_deadline_must_match_the_field():
    facts = PlanFacts(place_name="x", talks_deadline=D(2025, 3, 28), covenant_deadline=D(2025, 4, 7), texts=(
        ("lưu ý", "Báo cáo tham luận gửi về trước ngày 25/3/2025 để thẩm định."),
        ("điểm IV.6", "- Thời hạn nộp “Bản ký kết giao ước thi đua năm 2025”: trước ngày 07/4/2025.")))
    out = pc.check_written_deadlines(facts)
    assert codes(out) == ["deadline_mismatch"] and "25/3/2025" in out[0].message


def test_assignments_need_a_unit_and_a_deadline_unless_due_by_the_conference():
    out = pc.check_assignments([Assignment("1", "Văn phòng", True, by_event=True),
                                Assignment("2", "Phòng Nội vụ", True),
                                Assignment("3", "(chưa có đơn vị)", False, D(2025, 4, 1)),
                                Assignment("4", "Phòng cũ", True, D(2025, 4, 1), unit_gone="Đơn vị đã sáp nhập")])
    assert codes(out) == ["assignment_no_deadline", "assignment_no_unit", "assignment_unit_gone"]


def test_agenda_must_fit_the_day():
    assert codes(pc.check_agenda(PlanFacts(place_name="x", agenda_minutes=240, day_minutes=210))) == ["agenda_too_long"]
    assert pc.check_agenda(PlanFacts(place_name="x", agenda_minutes=200, day_minutes=210)) == []


# --- properties -------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=15), st.data())
def test_a_gap_is_reported_iff_a_numeral_is_skipped(n, data):
    numerals = list(range(1, n + 1))
    drop = data.draw(st.sets(st.integers(min_value=1, max_value=n - 1), max_size=3)) if n > 1 else set()
    kept = [i for i in numerals if i not in drop]
    out = pc.check_sections([(pc.ROMAN[i - 1], f"Mục {i}") for i in kept])
    assert (codes(out).count("section_gap") > 0) == bool(drop)
    missing = " ".join(out_f.message for out_f in out)
    for i in drop:
        assert pc.ROMAN[i - 1] in missing


SYLLABLES = ["Hớn", "Quản", "Tân", "Khai", "Minh", "Đức", "hội", "nghị", "tổng", "kết", "huyện", "xã"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(SYLLABLES), max_size=30), st.sampled_from(["Hón", "Hơn", "Hộn", "Hỡn", "Hon"]))
def test_the_reference_spelling_is_never_a_slip_and_a_retoned_one_always_is(words, wrong):
    text = " ".join(words)
    assert pc.check_name("Hớn Quản", [("x", text), ("y", text.upper())]) == []
    out = pc.check_name("Hớn Quản", [("x", f"{text} huyện {wrong} Quản {text}")])
    assert codes(out) == ["name_spelling"] and f"“{wrong} Quản”" in out[0].message


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=3000), st.integers(min_value=1, max_value=3000))
def test_delegate_numbers_agree_iff_no_finding(quotas, total, hall):
    facts = PlanFacts(place_name="x", delegates_total=total,
                      category_quotas=tuple((chr(97 + i), q) for i, q in enumerate(quotas)), hall_capacity=hall)
    out = codes(pc.check_delegates(facts))
    assert ("delegates_quota" in out) == (sum(quotas) != total)
    assert ("delegates_hall" in out) == (total > hall)


@settings(max_examples=200)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2025, 12, 31)),
       st.lists(st.integers(min_value=-60, max_value=60), max_size=5))
def test_deadline_after_event_iff_some_deadline_is_not_before_it(event_date, offsets):
    assignments = tuple(Assignment(str(i + 1), f"Đơn vị {i}", True, event_date + dt.timedelta(days=o))
                        for i, o in enumerate(offsets))
    out = codes(pc.check_deadlines(PlanFacts(place_name="x", event_date=event_date, assignments=assignments)))
    assert out.count("deadline_after_event") == sum(1 for o in offsets if o >= 0)
