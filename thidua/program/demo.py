"""The programme of the demo conference (Hội nghị tổng kết 2024 of UBND huyện Hớn Quản, 10/4/2025):
the settings of the seed plan (03 talks, due 28/3/2025, 5–7 minutes), the talks of the first-ranked
units (one accepted, one sent and waiting, one not sent yet: the commune's officer can send it),
the typical agenda, and the award batches from the demo decisions. Idempotent; does nothing when
the events demo has not run."""

from __future__ import annotations

import datetime as dt

from thidua.emulation.models import Cycle
from thidua.emulation.queries import leading_units
from thidua.events.models import Event
from thidua.orgs.models import Organisation
from thidua.orgs.services import ValidationFailed

from . import services
from .models import AgendaItem, AwardBatch, Talk

SLUG = "tong-ket-2024"

ACCEPTED_TEXT = """Kính thưa quý vị đại biểu!

Năm 2024, {unit} triển khai phong trào thi đua trong điều kiện còn nhiều khó khăn: địa bàn rộng, hội viên ở các ấp xa phần lớn làm nông nghiệp và công nhân cao su, thời gian sinh hoạt hội không cố định. Có lúc phong trào chỉ sôi nổi ở đầu năm rồi chững lại, nhiều chi hội làm theo hình thức, báo cáo nhiều mà việc làm cụ thể còn ít.

Từ thực tế đó, chúng tôi rút ra bài học đầu tiên: phong trào thi đua chỉ sống được khi gắn với nhu cầu thiết thực của hội viên. Thay vì phát động chung chung, Ban Thường vụ giao cho từng chi hội chọn một việc cụ thể, làm được và đo được, như giúp nhau vốn làm ăn, sửa nhà cho hội viên khó khăn, giữ đường làng sạch đẹp. Chi hội nào làm tốt thì mời các chi hội khác đến xem tận nơi để học cách làm.

Bài học thứ hai là cán bộ phải sâu sát cơ sở. Mỗi cán bộ hội huyện phụ trách một xã, mỗi tháng xuống dự sinh hoạt ít nhất một chi hội, lắng nghe vướng mắc của hội viên và cùng tháo gỡ ngay tại chỗ. Những vướng mắc vượt thẩm quyền được tổng hợp, kiến nghị với cấp ủy, chính quyền để giải quyết.

Bài học thứ ba là khen thưởng phải kịp thời và đúng người. Chúng tôi chú ý phát hiện những hội viên bình thường nhưng có việc làm tốt, có sáng kiến nhỏ mà hiệu quả, để biểu dương ngay trong buổi sinh hoạt, không chờ đến cuối năm. Cách làm này tạo sức lan tỏa rõ hơn nhiều so với những đợt khen thưởng dồn vào dịp tổng kết.

Bên cạnh đó vẫn còn những hạn chế: việc ghi nhận, nhân rộng điển hình ở một số cơ sở chưa thường xuyên; kỹ năng vận động của một bộ phận cán bộ chi hội còn hạn chế; nguồn lực hỗ trợ hội viên khó khăn chưa nhiều. Nguyên nhân chủ yếu là đội ngũ cán bộ cơ sở thường xuyên thay đổi và chưa được bồi dưỡng bài bản.

Trong thời gian tới, chúng tôi đề ra các giải pháp: một là tiếp tục đổi mới nội dung sinh hoạt, lấy việc làm cụ thể làm thước đo; hai là bồi dưỡng kỹ năng cho cán bộ chi hội, nhất là cán bộ mới; ba là phối hợp chặt chẽ với Mặt trận và các đoàn thể để lồng ghép các phong trào, tránh chồng chéo; bốn là kịp thời phát hiện, bồi dưỡng và nhân rộng các gương điển hình tiên tiến ngay từ cơ sở.

Một cách làm mà chúng tôi thấy có hiệu quả là đưa việc thi đua vào ngay buổi sinh hoạt định kỳ: mỗi buổi, chi hội dành thời gian để hội viên kể lại một việc tốt đã làm, một khó khăn gặp phải và cách đã vượt qua. Nhờ vậy, hội viên thấy phong trào gần gũi với cuộc sống của mình, cán bộ nắm được tình hình thực tế, còn những cách làm hay được lan ra các chi hội khác một cách tự nhiên, không cần đến những văn bản dài. Chúng tôi cũng học được rằng phải kiên trì: có chi hội phải mất cả năm mới thay đổi được nếp sinh hoạt cũ, nhưng khi đã thay đổi thì phong trào giữ được lâu bền.

Chúng tôi kiến nghị Hội đồng Thi đua – Khen thưởng huyện tiếp tục quan tâm hướng dẫn nghiệp vụ cho cán bộ làm công tác thi đua ở cơ sở, đồng thời dành một phần kinh phí khen thưởng cho các tập thể nhỏ, cá nhân là người lao động trực tiếp.

Với tinh thần đoàn kết, sáng tạo, {unit} xin hứa sẽ cùng các cơ quan, đơn vị thi đua thực hiện thắng lợi nhiệm vụ năm 2025. Kính chúc quý vị đại biểu sức khỏe, hạnh phúc. Chúc Hội nghị thành công tốt đẹp. Xin trân trọng cảm ơn!"""

REPORT_TEXT = """Kính thưa quý vị đại biểu!

Năm 2024, {unit} đạt và vượt 15/15 chỉ tiêu được giao. Tổ chức 124 hoạt động, bằng 112% kế hoạch, thu hút 18.450 lượt người tham gia, tăng 14,5% so với năm 2023; 100% cơ sở trực thuộc hoàn thành nhiệm vụ; tỷ lệ hài lòng của người dân đạt 96,5%; 98,7% cán bộ, viên chức hoàn thành tốt nhiệm vụ trở lên; 92% hồ sơ giải quyết trước hạn.

Về công tác thi đua, khen thưởng: tập thể đơn vị được tặng Bằng khen của Chủ tịch UBND tỉnh; 3 bộ phận đạt danh hiệu Tập thể lao động xuất sắc, 9 bộ phận đạt Tập thể lao động tiên tiến; 24 cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở, 87 cá nhân đạt danh hiệu Lao động tiên tiến; 12 cá nhân được tặng Giấy khen của Chủ tịch UBND huyện.

Công tác tài chính: tổng thu sự nghiệp đạt 8.250 triệu đồng, tăng 8,4% so với năm 2023; tiết kiệm chi thường xuyên 1.120 triệu đồng; thu nhập tăng thêm bình quân đạt 1,8 triệu đồng/người/tháng; 7 sáng kiến được công nhận.

Năm 2025, đơn vị phấn đấu đạt 100% chỉ tiêu, tăng 5% số hoạt động, giữ vững danh hiệu Tập thể lao động xuất sắc và đề nghị Cờ thi đua của UBND tỉnh. Xin trân trọng cảm ơn!"""

FALLBACK = [  # (unit code, reason) when the emulation demo has no locked ranking
    ("hoi-lhpn", "Nhất Khối Đảng – đoàn thể năm 2024"),
    ("tt-y-te", "Nhất Khối đơn vị sự nghiệp năm 2024"),
    ("xa-tan-khai", "Nhất Cụm thi đua số 1 năm 2024"),
]


def _chosen(event: Event) -> list[tuple[Organisation, str]]:
    """Seed plan IV.2: one Đảng–đoàn thể, one sự nghiệp, one commune, from the 2024 ranking."""
    leading = _leading(event)
    picks = []
    for test in (lambda g: "đảng" in g.name.lower() or "đoàn thể" in g.name.lower(),
                 lambda g: "sự nghiệp" in g.name.lower(), lambda g: g.kind == "cum"):
        found = next(((o, r, g) for o, r, g in leading if test(g) and o not in [p[0] for p in picks]), None)
        if found:
            picks.append(found[:2])
    if len(picks) == 3:
        return picks
    units = {o.code: o for o in Organisation.objects.filter(authority=event.authority,
                                                            code__in=[c for c, _ in FALLBACK])}
    return [(units[c], r) for c, r in FALLBACK if c in units]


def _leading(event: Event) -> list:
    """The first-ranked unit of each cluster/block of 2024, when the emulation demo ranked them."""
    cycle = Cycle.objects.filter(authority_id=event.authority_id, year=2024).first()
    if cycle is None:
        return []
    try:
        return [(lu.organisation, f"Nhất {lu.group.name} năm 2024", lu.group) for lu in leading_units(cycle)]
    except Exception:  # an unfinished ranking in the demo must not stop the rest of it
        return []


def load(log=print) -> None:
    event = Event.objects.filter(authority__code="hon-quan", slug=SLUG).select_related("authority").first()
    if event is None:
        log("Chưa có hội nghị mẫu; bỏ qua chương trình hội nghị.")
        return
    if Talk.objects.filter(event=event).exists() or AgendaItem.objects.filter(event=event).exists():
        log("Chương trình hội nghị mẫu đã có; giữ nguyên.")
        return
    services.update_settings(None, event, {"talk_count": 3, "talk_deadline": dt.date(2025, 3, 28),
                                           "talk_min_minutes": 5, "talk_max_minutes": 7, "words_per_minute": 130,
                                           "stage_size": 10, "day_start": dt.time(7, 30), "day_end": dt.time(11, 0),
                                           "hall_width_cm": 800, "hall_height_cm": 400})
    talks = [services.invite_talk(None, event, org, reason) for org, reason in _chosen(event)]
    services.create_default_agenda(None, event)
    if talks:
        services.update_talk_info(None, talks[0], {"title": "Gắn phong trào thi đua với việc làm cụ thể của hội viên"})
        services.submit_text(None, Talk.objects.get(pk=talks[0].pk),
                             ACCEPTED_TEXT.format(unit=talks[0].organisation.name))
        services.review_talk(None, Talk.objects.get(pk=talks[0].pk), "accept")
    if len(talks) > 1:
        services.submit_text(None, Talk.objects.get(pk=talks[1].pk), REPORT_TEXT.format(unit=talks[1].organisation.name))
    try:
        batches = services.build_batches(None, event)
        people = sum(b.members.count() for b in batches)
        log(f"Đã lập {len(batches)} đợt trao thưởng ({people} người nhận) từ các quyết định khen thưởng.")
    except ValidationFailed as exc:
        log(f"Chưa lập đợt trao thưởng: {exc.message}")
    log(f"Đã tạo chương trình hội nghị mẫu: {AgendaItem.objects.filter(event=event).count()} mục, "
        f"{len(talks)} tham luận, {AwardBatch.objects.filter(event=event).count()} đợt trao thưởng.")
