"""Awards benchmark: a decision with 2,000 recipients (DOCX and PDF < 5 s each) and 500 certificates
in one PDF (< 3 s), built from real rows in a temporary database."""

from __future__ import annotations

import datetime as dt
import time


def run() -> dict:
    from benchmarks import _django

    _django.setup()
    from django_scopes import scopes_disabled

    from thidua.awards import documents, queries, services
    from thidua.awards.models import Award, CertificateBlank, Decision
    from thidua.orgs.models import Authority, Organisation, Person, Signer
    from thidua.paperwork.docx import render_docx
    from thidua.paperwork.pdf import render_pdf, render_pdf_many

    with scopes_disabled():
        services.seed_catalogue(None)
        authority, _ = Authority.objects.get_or_create(code="bench-awards", defaults={
            "name": "Ủy ban nhân dân tỉnh Đồng Nai", "short_name": "UBND tỉnh Đồng Nai", "level": "tinh",
            "header_name": "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI", "place_name": "Đồng Nai", "province_name": "Đồng Nai"})
        signer, _ = Signer.objects.get_or_create(authority=authority, name="Võ Tấn Đức",
                                                 defaults={"prefix": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH"})
        t0 = time.perf_counter()
        units = [Organisation(authority=authority, code=f"dv{i}", name=f"Ủy ban nhân dân phường Trấn Biên {i}")
                 for i in range(100)]
        for u in units:
            u.save()
        people = []
        for i in range(1_900):
            p = Person(authority=authority, organisation=units[i % 100], family_name="Nguyễn", middle_name="Thị Ngọc",
                       given_name=f"Ánh {i}", position="Chuyên viên Phòng Văn hóa - Xã hội")
            p.save()
            people.append(p)
        specs = [{"kind": "collective", "organisation": u} for u in units] + [
            {"kind": "individual", "person": p} for p in people]
        setup_data = time.perf_counter() - t0
        t0 = time.perf_counter()
        d = services.create_decision(None, authority, {
            "award": Award.objects.get(code="bk-tinh"), "date": dt.date(2025, 12, 15), "year": 2025, "number": 2772,
            "signer": signer, "reason": "đã có thành tích xuất sắc trong phong trào thi đua năm 2025"}, specs)
        create_seconds = time.perf_counter() - t0
        d = Decision.objects.select_related("award", "rule_set", "authority").get(pk=d.pk)
        t0 = time.perf_counter()
        lines = queries.decision_lines(d)
        doc = documents.decision_document(d, lines)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        pdf = render_pdf(doc)
        pdf_seconds = time.perf_counter() - t0 + build
        t0 = time.perf_counter()
        docx = render_docx(doc)
        docx_seconds = time.perf_counter() - t0 + build
        blank = services.save_blank(None, authority, {"name": "Phôi Bằng khen", "width_mm": 400, "height_mm": 300})
        blank = CertificateBlank.objects.get(pk=blank.pk)
        t0 = time.perf_counter()
        certs = render_pdf_many(documents.certificate_pages(d, lines[:500], blank))
        cert_seconds = time.perf_counter() - t0
    return {
        "recipients": len(lines), "setup_seconds": round(setup_data, 3),
        "create_decision_seconds": round(create_seconds, 3), "decision_pdf_seconds": round(pdf_seconds, 3),
        "decision_pdf_bytes": len(pdf), "decision_docx_seconds": round(docx_seconds, 3), "decision_docx_bytes": len(docx),
        "certificates_500_pdf_seconds": round(cert_seconds, 3), "certificates_pdf_bytes": len(certs),
        "targets": {
            "decision_2000_pdf": {"target": 5.0, "value": round(pdf_seconds, 3), "ok": pdf_seconds < 5.0},
            "decision_2000_docx": {"target": 5.0, "value": round(docx_seconds, 3), "ok": docx_seconds < 5.0},
            "certificates_500_pdf": {"target": 3.0, "value": round(cert_seconds, 3), "ok": cert_seconds < 3.0},
        },
    }
