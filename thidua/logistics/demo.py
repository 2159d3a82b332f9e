"""The seed's plan (Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024 of UBND
huyện Hớn Quản) with its slips corrected — the place name everywhere "Hớn Quản", 03 talks in both
sections that state it (the breakdown of point IV.2), the talks section numbered V — then the tasks of
its section IV with a mix of statuses (some late as of 03/4/2025, the demo's "as of" date),
materials in several review states and a budget. Runs after the events demo; idempotent."""

from __future__ import annotations

import datetime as dt

from thidua import clock
from thidua.events.models import Event
from thidua.orgs.models import Authority, Organisation, OrgKind, User
from thidua.paperwork.docx import render_docx
from thidua.paperwork.model import Document, Header, Paragraph, Signature
from thidua.paperwork.pdf import render_pdf

from . import services
from .models import Budget, Material, Plan, SpendingNorm, Task

EVENT_SLUG = "tong-ket-2024"
AS_OF = dt.date(2025, 4, 3)

SUMMARY = ("Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động thi đua và ký kết giao ước "
           "thi đua năm 2025 trên địa bàn huyện")
LEGAL_BASES = (
    "Thực hiện Quyết định số 15/2024/QĐ-UBND ngày 27/6/2024 của Ủy ban nhân dân tỉnh ban hành Quy định về công tác "
    "thi đua, khen thưởng trên địa bàn tỉnh Bình Phước; Quyết định số 2772/QĐ-UBND ngày 19/11/2024 của UBND huyện về "
    "Ban hành Quy định về công tác thi đua, khen thưởng trên địa bàn huyện Hớn Quản.")
PREAMBLE = (
    "Để ghi nhận những thành quả đạt được trong phong trào thi đua yêu nước trên địa bàn huyện, biểu dương và khen "
    "thưởng các tập thể, cá nhân điển hình tiên tiến đã có nhiều thành tích xuất sắc trong việc thực hiện nhiệm vụ "
    "phát triển kinh tế - xã hội của huyện trên tất cả các lĩnh vực năm 2024. UBND huyện Hớn Quản ban hành kế hoạch "
    "tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024; phát động thi đua và ký kết giao ước thi đua "
    "trên địa bàn huyện năm 2025, cụ thể như sau:")
PURPOSES = "\n".join((
    "Tổng kết phong trào thi đua, công tác khen thưởng năm 2024 đảm bảo đánh giá toàn diện kết quả phong trào thi "
    "đua, công tác khen thưởng trong năm; kết quả phong trào thi đua thể hiện qua việc thực hiện nhiệm vụ chính trị, "
    "kết quả thực hiện các chỉ tiêu kế hoạch trong năm; đánh giá sự lãnh đạo của cấp ủy đảng đối với công tác thi "
    "đua, khen thưởng; sự chỉ đạo điều hành của chính quyền và sự phối hợp giữa các cơ quan, ban, ngành, đoàn thể "
    "trong việc tổ chức các phong trào thi đua yêu nước; chỉ ra những hạn chế, yếu kém, rút ra những bài học kinh "
    "nghiệm trong quá trình thực hiện phong trào thi đua, công tác khen thưởng.",
    "Đánh giá kết quả thực hiện đổi mới, đẩy mạnh phong trào thi đua và công tác khen thưởng theo Chỉ thị số "
    "34-CT/TW ngày 07/4/2014 của Bộ Chính trị về “tiếp tục đổi mới công tác thi đua, khen thưởng”. Tăng cường quán "
    "triệt, tuyên truyền đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước và tư tưởng của Chủ tịch "
    "Hồ Chí Minh về thi đua, khen thưởng. Qua đó, nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vai trò, "
    "vị trí và tầm quan trọng của công tác thi đua, khen thưởng.",
    "Biểu dương thành quả phong trào thi đua yêu nước, khen thưởng thành tích xuất sắc của các tập thể, cá nhân, "
    "điển hình tiên tiến tiêu biểu của các ngành, các cấp, trong phong trào thi đua yêu nước năm 2024. Qua đó khơi "
    "dậy, động viên, cổ vũ sức mạnh khối đại đoàn kết toàn dân, phát huy nội lực, tạo động lực mạnh mẽ thực hiện "
    "thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2025 của huyện.",
))
CONTENTS = "\n".join((
    "- Tổng kết phong trào thi đua, công tác khen thưởng năm 2024;",
    "- Tuyên truyền, phổ biến, nhân rộng các tập thể, cá nhân điển hình, tiên tiến tiêu biểu;",
    "- Phát động phong trào và ký kết giao ước thi đua trên địa bàn huyện năm 2025.",
))
TIME_TEXT = "01 ngày, dự kiến tháng 4/2025 (sẽ có Thư mời cụ thể của UBND huyện)."
PLACE_TEXT = "tại Hội trường UBND huyện."
COMPOSITION = "\n".join((
    "a) Đại biểu tỉnh",
    "- Lãnh đạo Sở Nội vụ tỉnh;",
    "- Lãnh đạo và chuyên viên Ban Thi đua, Khen thưởng tỉnh.",
    "b) Đại biểu huyện",
    "* Đại biểu lãnh đạo huyện",
    "- Thường trực Huyện ủy;",
    "- Thường trực HĐND huyện;",
    "- Lãnh đạo UBND huyện;",
    "- Thành viên Hội đồng Thi đua, Khen thưởng huyện.",
    "* Đại biểu các phòng, ban, ngành, đơn vị thuộc huyện",
    "- Lãnh đạo các cơ quan, ban, ngành, đoàn thể, các đơn vị sự nghiệp, đơn vị ngành dọc đóng trên địa bàn huyện, "
    "lãnh đạo các đơn vị trường học (thuộc các Cụm, Khối thi đua của huyện);",
    "- Công chức, viên chức phụ trách công tác thi đua, khen thưởng.",
    "c) Đại biểu xã, thị trấn",
    "Lãnh đạo Đảng ủy; UBND các xã, thị trấn; Công chức kiêm nhiệm công tác Thi đua - Khen thưởng.",
    "d) Đại diện tập thể và cá nhân điển hình tiên tiến (Nhận khen cấp tỉnh và cấp huyện).",
))
# (number, lead unit code, heading, duties, supporting unit codes, unit kinds, deadline)
ASSIGNMENTS = (
    (1, "vp-hdnd-ubnd", "Văn phòng HĐND và UBND huyện", "\n".join((
        "- Phát hành thư mời đại biểu về dự Hội nghị; bố trí hội trường; tổ chức đón tiếp các đại biểu tham dự Hội "
        "nghị; bố trí và phân công người hướng dẫn khu vực để xe cho các đại biểu.",
        "- Thẩm định các văn bản chuẩn bị Hội nghị tổng kết, tài liệu Hội nghị và bài phát biểu của Lãnh đạo huyện.",
    )), (), (), None),
    (2, "phong-noi-vu", "Phòng Nội vụ", "\n".join((
        "- Trang trí hội nghị, chuẩn bị nước uống;",
        "- In ấn thư mời, dự thảo các văn bản báo cáo tổng kết công tác thi đua, khen thưởng năm 2024; Chương trình; "
        "Bài phát biểu Khai mạc, Bế mạc Hội nghị; Kế hoạch công tác thi đua, khen thưởng 2025; Phát động thi đua; Nội "
        "dung Ký kết giao ước thi đua năm 2025; Chuẩn bị công tác khen thưởng.",
        "- Lựa chọn và hướng dẫn 03 tập thể nhất cụm, khối thi đua (khối xã, thị trấn 01 tập thể; khối đảng đoàn thể "
        "01 tập thể, khối đơn vị sự nghiệp 01 tập thể) để báo cáo tham luận tại hội nghị.",
        "- Phối hợp Phòng Tài chính - Kế hoạch lập dự trù kinh phí tổ chức Hội nghị.",
        "- Phối hợp với Trung tâm Văn hóa – Thể thao huyện chuẩn bị âm thanh, loa đài, biển bảng, maket trang trí hội "
        "trường và phục vụ trao thưởng.",
    )), ("phong-tc-kh", "tt-vh-tt"), (), None),
    (3, "phong-tc-kh", "Phòng Tài chính - Kế hoạch", "Thẩm định và cấp kinh phí để tổ chức Hội nghị.", (), (), None),
    (4, "tt-vh-tt", "Trung tâm Văn hóa - Thể thao", "Cử người dẫn chương trình, Phụ trách âm thanh, tổ chức 02 tiết "
        "mục văn nghệ phục vụ Hội nghị.", (), (), None),
    (5, "dai-tt-th", "Đài Truyền thanh - Truyền hình", "Cử phóng viên đưa tin Hội nghị.", (), (), None),
    (6, None, "Đối với các phòng, ban, ngành, đoàn thể và UBND các xã, thị trấn trên địa bàn huyện", "\n".join((
        "a) Tổ chức Hội nghị tổng kết phong trào thi đua khen thưởng trên địa bàn phù hợp với tình hình địa phương, "
        "đơn vị.",
        "b) Đảm bảo tham gia Hội nghị đúng thời gian quy định và nghiêm túc thực hiện ký giao ước thi đua.",
        "c) Các Khối trưởng, Cụm trưởng năm 2024 phối hợp các Khối trưởng, Cụm trưởng năm 2025 chuẩn bị nội dung ký "
        "kết giao ước.",
        "- Về nội dung: Các cơ quan, đơn vị, địa phương căn cứ nhiệm vụ chính trị, chỉ tiêu phát triển kinh tế - xã "
        "hội năm 2025; các chỉ tiêu thi đua sát với tình hình thực tế của cơ quan, đơn vị, địa phương và nội dung "
        "phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025 của UBND "
        "huyện và Quyết định số 2868/QĐ-UBND ngày 10/12/2024 của UBND huyện ban hành Quy định về tổ chức hoạt động "
        "và bình xét, xếp hạng thi đua trên địa bàn huyện Hớn Quản để xây dựng nội dung ký kết giao ước thi đua và "
        "thang bảng điểm cụ thể cho từng Khối, Cụm.",
        "- Về cách trình bày: Mẫu bản đăng ký giao ước thi đua liên hệ Thường trực Hội đồng Thi đua, Khen thưởng "
        "huyện để được hướng dẫn chi tiết.",
        "- Thời hạn và địa điểm nộp “Bản ký kết giao ước thi đua năm 2025”: trước ngày 07/4/2025 về Thường trực Hội "
        "đồng Thi đua, Khen thưởng huyện.",
    )), (), (OrgKind.DEPARTMENT, OrgKind.MASS_ORG, OrgKind.COMMUNE), dt.date(2025, 4, 7)),
)
BACKDROP = "\n".join((
    "ỦY BAN NHÂN DÂN HUYỆN HỚN QUẢN",
    "HỘI NGHỊ",
    "TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2024, PHÁT ĐỘNG THI ĐUA VÀ KÝ KẾT GIAO ƯỚC THI ĐUA NĂM 2025",
    "Hớn Quản, ngày ... tháng năm 2025",
))
TALKS_TEXT = (
    "Trên cơ sở kết quả thực hiện công tác thi đua – khen thưởng, UBND huyện giao Phòng Nội vụ lựa chọn 03 tập thể "
    "nhất cụm, khối thi đua năm 2024 (khối xã, thị trấn 01 tập thể; khối đảng đoàn thể 01 tập thể; khối đơn vị sự "
    "nghiệp 01 tập thể) để báo cáo tham luận tại hội nghị.")
TALKS_NOTE = (
    "Nội dung phát biểu tham luận tại Hội nghị không viết theo dạng báo cáo thành tích mà tập trung vào những nội "
    "dung chính có liên quan; những thuận lợi, khó khăn, vướng mắc, rút ra bài học kinh nghiệm và đề ra biện pháp thực "
    "hiện trong thời gian tới. Thời lượng mỗi bài phát biểu từ 05- 07 phút. Báo cáo tham luận đề nghị các đơn vị gửi "
    "về (Phòng Nội vụ huyện) trước ngày 28/3/2025 để thẩm định và chuẩn bị tài liệu hội nghị.")
CLOSING = (
    "Trên đây là Kế hoạch tổ chức Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2024, phát động phong "
    "trào thi đua, khen thưởng năm 2025 của huyện Hớn Quản. Yêu cầu các cơ quan, đơn vị liên quan nghiêm túc tổ chức "
    "triển khai thực hiện./.")
DISTRIBUTION = "\n".join((
    "- Q.CT, PCT UBND huyện;", "- Các thành viên HĐTĐKT huyện;", "- Các cơ quan, ban, ngành, đoàn thể;",
    "- Các đơn vị sự nghiệp Giáo dục;", "- UBND các xã, thị trấn;", "- LĐVP; CVNC: Hồng;", "- Lưu: VT.",
))


def plan_values() -> dict:
    return {
        "summary": SUMMARY, "legal_bases": LEGAL_BASES, "preamble": PREAMBLE, "purposes": PURPOSES,
        "contents": CONTENTS, "time_text": TIME_TEXT, "place_text": PLACE_TEXT, "delegates_total": 280,
        "composition": COMPOSITION, "backdrop_title": "Maket trang trí Hội nghị", "backdrop_lines": BACKDROP,
        "backdrop_after_item": 2, "talks_count": 3, "talks_text": TALKS_TEXT, "talks_note": TALKS_NOTE,
        "talks_deadline": dt.date(2025, 3, 28), "talk_minutes_min": 5, "talk_minutes_max": 7,
        "covenant_deadline": dt.date(2025, 4, 7), "closing": CLOSING, "distribution": DISTRIBUTION,
    }


def add_assignments(plan: Plan, assignments=ASSIGNMENTS) -> None:
    units = {u.code: u for u in Organisation.objects.filter(authority_id=plan.authority_id)}
    for number, lead, heading, duties, supporting, kinds, deadline in assignments:
        services.save_assignment(None, plan, {
            "number": number, "lead_unit": units.get(lead) if lead else None, "heading": heading, "duties": duties,
            "unit_kinds": [str(k) for k in kinds], "deadline": deadline, "deadline_by_event": deadline is None,
        }, supporting=[units[c] for c in supporting if c in units])


# Internal deadlines and states of the tasks of points 1–5 (by the first words of the duty).
TASK_PLAN = (
    ("Phát hành thư mời", dt.date(2025, 4, 1), "done"),
    ("Thẩm định các văn bản", dt.date(2025, 4, 4), "in_progress"),
    ("Trang trí hội nghị", dt.date(2025, 4, 9), "todo"),
    ("In ấn thư mời", dt.date(2025, 3, 31), "in_progress"),
    ("Lựa chọn và hướng dẫn", dt.date(2025, 3, 25), "done"),
    ("Phối hợp Phòng Tài chính", dt.date(2025, 3, 28), "todo"),
    ("Phối hợp với Trung tâm", dt.date(2025, 4, 8), "todo"),
    ("Thẩm định và cấp kinh phí", dt.date(2025, 4, 4), "in_progress"),
    ("Cử người dẫn chương trình", dt.date(2025, 4, 8), "todo"),
    ("Cử phóng viên", dt.date(2025, 4, 9), "todo"),
)

MATERIALS = (  # kind, owner unit, status, copies, file kind
    ("report", "phong-noi-vu", "approved", 280, "pdf"),
    ("program", "phong-noi-vu", "approved", 280, "pdf"),
    ("opening", "phong-noi-vu", "in_review", 5, "docx"),
    ("closing", "phong-noi-vu", "draft", 5, ""),
    ("next_plan", "phong-noi-vu", "returned", 280, "docx"),
    ("launch", "phong-noi-vu", "approved", 5, "docx"),
    ("covenant", "phong-noi-vu", "in_review", 60, "pdf"),
    ("awards", "phong-noi-vu", "draft", 280, ""),
)

BUDGET_LINES = (  # group, item, unit, basis, quantity, per delegate, unit price
    ("decoration", "Phông nền, maket sân khấu", "bộ", "fixed", 1, 0, 6_000_000),
    ("decoration", "Băng rôn, cờ trang trí hội trường", "bộ", "fixed", 1, 0, 1_500_000),
    ("printing", "In giấy mời", "tờ", "per_delegate", 0, 1, 3_000),
    ("printing", "In tài liệu hội nghị", "bộ", "per_delegate", 0, 1, 25_000),
    ("refreshments", "Nước uống, giải khát giữa giờ", "người", "per_delegate", 0, 1, 30_000),
    ("sound", "Âm thanh, ánh sáng, màn hình", "gói", "fixed", 1, 0, 3_000_000),
    ("sound", "Tiết mục văn nghệ chào mừng", "tiết mục", "fixed", 2, 0, 1_500_000),
    ("certificates", "Khung Giấy khen", "cái", "fixed", 100, 0, 45_000),
    ("flowers", "Hoa tươi trao thưởng", "bó", "fixed", 40, 0, 80_000),
    ("flowers", "Hoa để bàn đại biểu", "lẵng", "fixed", 6, 0, 150_000),
    ("prize", "Tiền thưởng kèm theo quyết định khen thưởng", "", "prize", 1, 0, 0),
    ("press", "Đưa tin, phóng sự truyền hình", "lần", "fixed", 1, 0, 1_000_000),
)
NORMS = (("refreshments", 40_000, "Giải khát giữa giờ: tối đa 40.000 đồng/đại biểu/buổi"),
         ("printing", 30_000, "In ấn tài liệu: tối đa 30.000 đồng/đại biểu"),
         ("flowers", 10_000, "Hoa tươi: tối đa 10.000 đồng/đại biểu"))


def _sample(title: str, kind: str) -> tuple[bytes, str]:
    doc = Document(header=Header("", "ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN", "      /BC-UBND", "Hớn Quản, ngày 20 tháng 3 "
                                 "năm 2025"), kind_name=None, summary=title,
                   body=(Paragraph(f"{title} (bản dự thảo dùng cho dữ liệu mẫu)."),),
                   signature=Signature("", "Q. CHỦ TỊCH", "Nguyễn Văn Hạ"), distribution=("Lưu: VT.",))
    if kind == "pdf":
        return render_pdf(doc, tagged=False), f"{title}.pdf"
    return render_docx(doc), f"{title}.docx"


def load(log=print) -> Plan | None:
    authority = Authority.objects.filter(code="hon-quan").first()
    event = Event.objects.filter(authority=authority, slug=EVENT_SLUG).first() if authority else None
    if event is None:
        log("Chưa có hội nghị mẫu; bỏ qua kế hoạch, nhiệm vụ, tài liệu và kinh phí.")
        return None
    existing = Plan.objects.filter(event=event).first()
    if existing is not None:
        log("Kế hoạch tổ chức hội nghị mẫu đã có; giữ nguyên.")
        return existing
    with clock.as_of(dt.date(2025, 3, 20)):
        plan = services.create_plan(None, event, plan_values())
        add_assignments(plan)
        tasks = services.create_tasks_from_plan(None, plan)
    secretariat = User.objects.filter(authority=authority, role="secretariat").first()
    with clock.as_of(AS_OF):
        for task in tasks:
            if task.assignment.number == 6:
                continue
            for prefix, deadline, status in TASK_PLAN:
                if task.title.startswith(prefix):
                    services.save_task(None, event, {"deadline": deadline}, task=task)
                    if status != "todo":
                        services.change_task_status(secretariat, task, status, note="Cập nhật tiến độ (dữ liệu mẫu).")
                    break
        for i, task in enumerate(t for t in tasks if t.assignment.number == 6):
            if i % 3 == 0:
                services.change_task_status(None, task, "done", note="Đã nộp bản ký kết giao ước.")
            elif i % 3 == 1 and task.organisation.code != "xa-tan-khai":
                services.change_task_status(None, task, "in_progress")
        _materials(event, secretariat, log)
        _budget(event, secretariat)
    late = Task.objects.filter(event=event, status__in=("todo", "in_progress"), deadline__lt=AS_OF).count()
    log(f"Đã tạo kế hoạch tổ chức hội nghị mẫu, {len(tasks)} nhiệm vụ ({late} trễ hạn tính đến ngày "
        f"{AS_OF:%d/%m/%Y}: chọn “Xem như ngày” {AS_OF:%d/%m/%Y}), {Material.objects.filter(event=event).count()} tài "
        f"liệu và dự trù kinh phí.")
    return plan


def _materials(event: Event, secretariat, log) -> None:
    units = {u.code: u for u in Organisation.objects.filter(authority_id=event.authority_id)}
    reviewer = User.objects.filter(authority_id=event.authority_id, role="reviewer").first()
    for position, (kind, unit, status, copies, file_kind) in enumerate(MATERIALS, start=1):
        m = services.save_material(None, event, {"kind": kind, "title": "", "organisation": units[unit],
                                                 "reviewer": reviewer, "copies": copies, "position": position})
        if file_kind:
            data, name = _sample(m.title, file_kind)
            services.upload_version(None, m, data, name)
        if status in ("in_review", "returned", "approved"):
            services.move_material(None, m, "in_review")
        if status == "returned":
            services.move_material(reviewer, m, "returned", "Bổ sung chỉ tiêu năm 2025 theo Nghị quyết HĐND huyện.")
        if status == "approved":
            services.move_material(reviewer, m, "approved", "Đạt yêu cầu.")


def _budget(event: Event, secretariat) -> None:
    budget = services.ensure_budget(None, event)
    for group, item, unit, basis, qty, per, price in BUDGET_LINES:
        services.save_budget_line(None, budget, {"group": group, "item": item, "unit": unit, "basis": basis,
                                                 "quantity": qty, "per_delegate": per, "unit_price": price})
    for group, limit, text in NORMS:
        if not SpendingNorm.objects.filter(authority_id=event.authority_id, group=group).exists():
            services.set_norm(None, event.authority_id, group, limit, text)
    services.move_budget(secretariat, Budget.objects.get(pk=budget.pk), "submitted")
