"""Programme documents for the demo-sized conference: 280 delegates (× `--scale`, all checked in on the
day), the default agenda, three talks and 60 award recipients in batches of ten. Each document: the first
call of the process apart (cold), then the median (min–max) of 3 warm runs, each with another event
title so that Typst compiles anew (a repeat of the same input is answered from its cache)."""

from __future__ import annotations

import datetime as dt
import time

from benchmarks import _report


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
        for i in range(280 * _report.scale()):
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
        built: list = []
        fig_batches = _report.measure(lambda i: built.append(services.build_batches(  # a rebuild, another order
            None, event, recipients[i:] + recipients[:i])), 3)
        batches = built[-1]
        title = event.title
        with clock.as_of(dt.date(2025, 4, 10)):
            figures, cold, sizes = {}, {}, {}
            for name, fn in (("program_pdf", documents.program_pdf), ("program_docx", documents.program_docx),
                             ("mc_script_pdf", documents.mc_script_pdf), ("mc_script_docx", documents.mc_script_docx),
                             ("backdrop_pdf", documents.backdrop_pdf), ("backdrop_png", documents.backdrop_png)):
                event.title = f"{title} (lần đầu)"
                t0 = time.perf_counter()
                fn(event)
                cold[name] = round(time.perf_counter() - t0, 3)

                def once(i: int, fn=fn, name=name) -> None:
                    event.title = f"{title} ({name} lần {i})"
                    sizes[name] = len(fn(event))

                figures[name] = _report.measure(once, 3)
            event.title = title
    at_1 = _report.scale() == 1
    targets = {
        "mc_script_pdf_280_delegates": _report.target(figures["mc_script_pdf"], 2.0 if at_1 else None),
        "program_pdf": _report.target(figures["program_pdf"], 1.0),
        "backdrop_png": _report.target(figures["backdrop_png"], 2.0),
        "batches_60_recipients": _report.target(fig_batches, 1.0, note="a rebuild each run, recipients rotated"),
    }
    return {"delegates": 280 * _report.scale(), "batches": len(batches), "recipients": 60, "setup_s": round(setup_s, 2),
            "first_call_s": cold, "seconds": {k: f.as_dict() for k, f in figures.items()}, "bytes": sizes,
            "targets": targets}
