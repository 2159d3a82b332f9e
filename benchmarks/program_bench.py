"""Programme documents for the demo-sized conference: 280 delegates (all checked in on the day),
the default agenda, three talks and 60 award recipients in batches of ten."""

from __future__ import annotations

import datetime as dt
import time


def run() -> dict:
    from benchmarks import _django

    _django.setup()
    from django_scopes import scopes_disabled

    from thidua import clock
    from thidua.checkin.models import CheckIn
    from thidua.events import services as event_services
    from thidua.events.models import Delegate
    from thidua.orgs.models import Authority, Organisation, OrgKind, Signer
    from thidua.program import documents, services

    with scopes_disabled():
        authority, _ = Authority.objects.get_or_create(
            code="bench-program", defaults={"name": "Ủy ban nhân dân huyện Thử Nghiệm", "level": "huyen",
                                            "short_name": "UBND huyện Thử Nghiệm",
                                            "header_name": "ỦY BAN NHÂN DÂN\nHUYỆN THỬ NGHIỆM",
                                            "place_name": "Thử Nghiệm"})
        Signer.objects.get_or_create(authority=authority, name="Nguyễn Văn Hạ",
                                     defaults={"prefix": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "is_chair": True})
        units = [Organisation.objects.get_or_create(authority=authority, code=f"u{i}",
                                                    defaults={"name": f"Đơn vị thử nghiệm số {i}",
                                                              "kind": OrgKind.COMMUNE})[0] for i in range(30)]
        event = event_services.create_event(None, authority, {
            "slug": f"bench-{time.time_ns()}", "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
            "date": dt.date(2025, 4, 10), "start_time": dt.time(7, 30), "venue": "Hội trường", "closes_year": 2024,
            "launches_year": 2025})
        cats = list(event.categories.all())
        t0 = time.perf_counter()
        for i in range(280):
            event_services.add_delegate(None, event, {"category": cats[i % len(cats)], "full_name": f"Nguyễn Văn Số{i}",
                                                      "gender": "M", "position": "Chuyên viên",
                                                      "organisation": units[i % 30]})
        CheckIn.objects.bulk_create([CheckIn(event=event, delegate=d, at=clock.now(), nonce=f"bench-{d.pk}")
                                     for d in Delegate.objects.filter(event=event)])
        setup_s = time.perf_counter() - t0
        for u in units[:3]:
            services.invite_talk(None, event, u, "Nhất cụm")
        services.create_default_agenda(None, event)

        class _Award:
            pk = 1

        from thidua.awards.queries import Recipient

        recipients = [Recipient(kind="individual" if i % 6 else "collective", name=f"Trần Thị Người{i}",
                                position="Giáo viên", organisation=units[i % 30], person=None, award=_Award(),
                                award_name="Giấy khen của Chủ tịch Ủy ban nhân dân huyện", award_kind="form",
                                level="district", rank=50, decision_id=0, decision_number="12/QĐ-UBND",
                                decision_date=dt.date(2025, 1, 15), amount=0) for i in range(60)]
        t0 = time.perf_counter()
        batches = services.build_batches(None, event, recipients)
        batch_s = time.perf_counter() - t0
        with clock.as_of(dt.date(2025, 4, 10)):
            timings = {}
            for name, fn in (("program_pdf", documents.program_pdf), ("program_docx", documents.program_docx),
                             ("mc_script_pdf", documents.mc_script_pdf), ("mc_script_docx", documents.mc_script_docx),
                             ("backdrop_pdf", documents.backdrop_pdf), ("backdrop_png", documents.backdrop_png)):
                fn(event)  # warm: fonts and template
                t0 = time.perf_counter()
                data = fn(event)
                timings[name] = (round(time.perf_counter() - t0, 3), len(data))
    targets = {
        "mc_script_pdf_280_delegates_s": {"target": 2.0, "value": timings["mc_script_pdf"][0],
                                          "ok": timings["mc_script_pdf"][0] <= 2.0},
        "program_pdf_s": {"target": 1.0, "value": timings["program_pdf"][0], "ok": timings["program_pdf"][0] <= 1.0},
        "backdrop_png_s": {"target": 2.0, "value": timings["backdrop_png"][0], "ok": timings["backdrop_png"][0] <= 2.0},
        "batches_60_recipients_s": {"target": 1.0, "value": round(batch_s, 3), "ok": batch_s <= 1.0},
    }
    return {"delegates": 280, "batches": len(batches), "recipients": 60, "setup_s": round(setup_s, 2),
            "seconds": {k: v[0] for k, v in timings.items()}, "bytes": {k: v[1] for k, v in timings.items()},
            "targets": targets}
