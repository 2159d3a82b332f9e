"""Conference benchmarks on the demo (280 delegates, × `--scale`): the invitations.

- the bulk job (`events.invitations_pdf`, the handler the background worker runs) in a warm process:
  the compiler loaded, each run with another event title so that nothing is answered from a cache;
  its peak memory, and the process's memory once the job has released what it held;
- the whole `thidua invitations EVENT --pdf F` command, cold (a fresh process each run);
- the `thidua` command's start-up (`thidua events`), beside Django's own start-up as the floor;
- 280 QR codes from fresh payloads; the 280 DOCX letters (zip) and all of them in one DOCX;
- the peer: a mail merge — one DOCX of every letter made by python-docx, converted once by LibreOffice
  (`soffice --headless --convert-to pdf`), measured in the same run when soffice is installed;
- peak memory of the bulk job for 1,500 and 5,000 letters, each in a fresh process (`_report.child`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from benchmarks import _django, _report

SITE = "https://tdkt.honquan.gov.vn"
TARGET_JOB_S = 0.6
TARGET_STARTUP_S = 0.8
TARGET_DOCX_S = 2.0
TARGET_PEAK_MB = {1500: 250, 5000: 400}
TARGET_AFTER_MB = 300


def _clone_event(event, n: int, slug: str):
    """A copy of the demo event with `n` delegates (the demo's, cycled, renamed and renumbered)."""
    from thidua.events.models import Delegate, Event
    from thidua.events.services import create_event

    existing = Event.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    copy = create_event(None, event.authority, {"slug": slug, "title": event.title, "date": event.date,
                                                "venue": event.venue, "start_time": event.start_time})
    cats = {c.code: c for c in copy.categories.all()}
    first = next(iter(cats.values()))
    source = list(Delegate.objects.filter(event=event, revoked=False).select_related("category"))
    rows = []
    for i in range(n):
        d = source[i % len(source)]
        rows.append(Delegate(event=copy, category=cats.get(d.category.code, first), organisation_id=d.organisation_id,
                             full_name=f"{d.full_name} {i}" if d.full_name else "", gender=d.gender,
                             position=d.position, unit_text=d.unit_text, vehicle=d.vehicle, display_order=i,
                             invitation_number=i + 1))
    Delegate.objects.bulk_create(rows, batch_size=1000)
    return copy


def _job(event_pk: int):
    from thidua.events import documents

    return documents.invitations_pdf_job(SimpleNamespace(params={"event": event_pk, "site": SITE}),
                                         lambda *a: None)


def memory_letters(slug: str, jobs: str = "1") -> dict:
    """In a fresh process (see `_report.child`), as the background worker: the compiler warmed by a
    two-letter print, then `jobs` bulk jobs for the event `slug` (another title each); its pages and
    seconds, and the resident memory once the last job has released what it held."""
    _django.setup(migrate=False)
    from django_scopes import scopes_disabled

    from thidua.events import documents
    from thidua.events.models import Event
    from thidua.paperwork import pdf

    with scopes_disabled():
        event = Event.objects.get(slug=slug)
        pdf.render_pdf_many(documents.invitation_documents(event, documents.delegates_for_print(event)[:2], SITE))
        before = _report.rss_mb()
        seconds = []
        for n in range(int(jobs)):
            Event.objects.filter(pk=event.pk).update(title=f"{event.title} (in lần {n})")
            t0 = time.perf_counter()
            result = _job(event.pk)
            seconds.append(time.perf_counter() - t0)
        pdf.settle()
        Event.objects.filter(pk=event.pk).update(title=event.title)
    return {"letters": len(re.findall(rb"/Type/Page[^s]", result.data)), "seconds": [round(x, 3) for x in seconds],
            "bytes": len(result.data), "before_mb": round(before, 1), "after_mb": round(_report.rss_mb(), 1)}


def _mail_merge_docx(docs) -> bytes:
    """The peer's first half: one DOCX with every letter (text and QR picture, a page break between
    letters), made by python-docx as an office would with Word's mail merge."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt

    from thidua.paperwork.layout import prepare
    from thidua.paperwork.qr import qr_png

    out = Document()
    out.styles["Normal"].font.name = "Times New Roman"
    out.styles["Normal"].font.size = Pt(14)
    for n, doc in enumerate(docs):
        d = prepare(doc, with_svg=False, check=False)
        h = d["header"]
        for line in (h["parent"], h["authority"], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     h["number"], h["place_date"], d["kind"], d["summary"]):
            if line:
                out.add_paragraph(line)
        for b in d["body"]:
            if b["t"] == "p":
                out.add_paragraph(b["text"])
            elif b["t"] == "qr":
                out.add_paragraph().add_run().add_picture(io.BytesIO(qr_png(b["data"])), width=Mm(b["size"]))
                out.add_paragraph(b["caption"])
        for s in d["signatures"]:
            for line in (*s["lines"], "", "", s["name"]):
                out.add_paragraph(line)
        if n + 1 < len(docs):
            out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _soffice_convert(soffice: str, docx: bytes, tmp: str) -> int:
    src = Path(tmp) / "thu-moi.docx"
    src.write_bytes(docx)
    env = {**os.environ, "HOME": tmp}
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                    "--outdir", tmp, str(src)], check=True, capture_output=True, env=env, timeout=900)
    from pypdf import PdfReader

    return len(PdfReader(Path(tmp) / "thu-moi.pdf").pages)


def _cli(*args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thidua", *args], check=True, capture_output=True, env=os.environ.copy())
    return time.perf_counter() - t0


def run() -> dict:
    _django.setup()
    from django_scopes import scopes_disabled

    from thidua.events import demo as events_demo
    from thidua.events import documents
    from thidua.events.models import Event
    from thidua.orgs import demo as orgs_demo
    from thidua.paperwork import pdf as paperwork_pdf
    from thidua.paperwork import qr, qrfast

    scale = _report.scale()
    targets: dict = {}
    out: dict = {"scale": scale}
    with scopes_disabled():
        orgs_demo.load(log=lambda *_: None)
        demo_event = events_demo.load(log=lambda *_: None)
        event = demo_event if scale == 1 else _clone_event(demo_event, 280 * scale, f"bench-x{scale}")
        letters = Event.objects.get(pk=event.pk).delegates.filter(revoked=False).count()
        out["letters"] = letters
        title = event.title

        def retitle(i: int) -> None:  # another input each run: Typst cannot answer from its cache
            Event.objects.filter(pk=event.pk).update(title=f"{title} (lần {i})")

        # warm worker: the compiler and the template loaded by a first small print
        paperwork_pdf.render_pdf_many(documents.invitation_documents(
            event, documents.delegates_for_print(event)[:2], SITE))
        timings_runs: list[dict] = []

        def job(i: int, fresh_qr: bool = True) -> None:
            retitle(i)
            if fresh_qr:  # the QR codes made anew too, as for an event this worker never printed
                qrfast.matrix_rows.cache_clear()
                qr.qr_svg.cache_clear()
            t: dict = {}
            documents.invitations_pdf(event, SITE, timings=t)
            timings_runs.append(t)

        fig_job = _report.measure(job, 3)
        targets["invitations_pdf_job_warm"] = _report.target(
            fig_job, TARGET_JOB_S if scale == 1 else None,
            note=f"{letters} letters, bulk job in a warm worker, QR codes made anew each run")
        fig_reprint = _report.measure(lambda i: job(3 + i, fresh_qr=False), 3, kind="cached")
        targets["invitations_pdf_job_reprint"] = _report.target(
            fig_reprint, None, note="another title, QR codes from the per-token cache (a reprint)")
        out["invitations_pdf_breakdown_s"] = {k: round(sorted(t.get(k, 0) for t in timings_runs[:3])[1], 3)
                                              for k in timings_runs[0]}
        # the worker's memory: a fresh process prints the letters three times, then releases
        r = _report.child("benchmarks.events_bench:memory_letters", event.slug, "3")
        out["worker"] = r
        targets["invitations_worker_after_job_mb"] = {
            "target": TARGET_AFTER_MB, "value": r["after_mb"], "ok": r["after_mb"] < TARGET_AFTER_MB, "unit": "MB",
            "kind": "warm", "runs": 3,
            "note": f"fresh worker process, 3 jobs of {r['letters']} letters: peak {r['peak_mb']} MB, "
                    f"{r['before_mb']} MB before the first"}

        # QR: fresh payloads each run (the per-payload cache is what makes a reprint free)
        delegates = documents.delegates_for_print(event)

        def qr_run(i: int) -> None:
            qrfast.matrix_rows.cache_clear()
            qr.qr_svg.cache_clear()
            for d in delegates:
                qr.qr_svg(f"{documents.qr_url(d, SITE)}{i}")

        fig = _report.measure(qr_run, 3)
        targets["qr_svg_per_letter_ms"] = _report.target(None, None, value=1000 * fig.median / len(delegates),
                                                         note=f"{len(delegates)} fresh payloads a run")
        targets["qr_svg_per_letter_ms"]["unit"] = "ms"

        # the DOCX letters (zip), another title each run
        docx_zip: list[bytes] = []

        def docx_run(i: int) -> None:
            retitle(10 + i)
            docx_zip.append(documents.invitations_docx_zip(event, SITE)[0])

        fig_docx = _report.measure(docx_run, 3)
        targets["invitations_docx_zip"] = _report.target(fig_docx, TARGET_DOCX_S if scale == 1 else None,
                                                         note=f"{letters} DOCX files")

        # every letter in one DOCX (a section each), another title each run
        def docx_one_run(i: int) -> None:
            retitle(30 + i)
            documents.invitations_docx_one(event, SITE)

        fig_one = _report.measure(docx_one_run, 3)
        targets["invitations_docx_one_file"] = _report.target(fig_one, TARGET_DOCX_S if scale == 1 else None,
                                                              note=f"{letters} letters in one DOCX, a section each")

        # the peer: a mail merge into one DOCX, converted once by LibreOffice
        docs = documents.invitation_documents(event, delegates, SITE)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        peer = None
        if scale > 4:  # python-docx appends each paragraph by scanning the body: quadratic, 20+ minutes at 16×
            out["mail_merge"] = f"not measured at {scale}× (python-docx's append is quadratic); measured at 1× and 4×"
        elif soffice:
            fig_merge = _report.measure(lambda i: _mail_merge_docx(docs[i:] + docs[:i]), 3)
            merged = _mail_merge_docx(docs)
            pages = []

            def convert(i: int) -> None:
                with tempfile.TemporaryDirectory() as tmp:
                    pages.append(_soffice_convert(soffice, merged if i == 0 else _mail_merge_docx(docs[i:] + docs[:i]),
                                                  tmp))

            fig_lo = _report.measure(convert, 3)
            peer = fig_merge.median + fig_lo.median
            out["mail_merge"] = {"docx_s": fig_merge.as_dict(), "soffice_s": fig_lo.as_dict(), "pages": pages[-1]}
        else:
            fig_merge = _report.measure(lambda i: _mail_merge_docx(docs[i:] + docs[:i]), 3)
            out["mail_merge"] = {"docx_s": fig_merge.as_dict(),
                                 "soffice": "soffice (LibreOffice) không được cài: chưa đo được bước chuyển sang PDF"}

        # the whole command, cold: a fresh process each run
        tmp = tempfile.mkdtemp(prefix="thidua-bench-cli-")

        def cli(i: int) -> None:
            retitle(20 + i)
            _cli("invitations", event.slug, "--pdf", f"{tmp}/giay-moi-{i}.pdf", "--site", SITE)

        fig_cli = _report.measure(cli, 3, kind="cold")
        targets["invitations_command_cold"] = _report.target(
            fig_cli, None, peer=peer, peer_name="mail merge + LibreOffice" if peer else "",
            note="thidua invitations EVENT --pdf F, a fresh process each run")
        if peer:
            targets["invitations_job_vs_mail_merge"] = _report.target(
                fig_job, None, peer=peer, peer_name="mail merge + LibreOffice",
                note="the warm bulk job against the mail merge (DOCX + one LibreOffice conversion)")
        shutil.rmtree(tmp, ignore_errors=True)

        if scale > 1:  # start-up and the fixed 1,500/5,000-letter memory runs do not grow with the demo
            out["targets"] = targets
            return out
        # start-up of the command, beside Django's own start-up
        fig_start = _report.measure(lambda i: _cli("events"), 3, kind="cold")
        floor_code = ("import django; from django.conf import settings; settings.configure(INSTALLED_APPS=["
                      "'django.contrib.admin','django.contrib.auth','django.contrib.contenttypes',"
                      "'django.contrib.sessions','django.contrib.messages','django.contrib.staticfiles']); "
                      "django.setup(); from django.core.management import ManagementUtility")

        def floor(i: int) -> None:
            subprocess.run([sys.executable, "-c", floor_code], check=True, capture_output=True)

        fig_floor = _report.measure(floor, 3, kind="cold")
        targets["thidua_events_startup"] = _report.target(fig_start, TARGET_STARTUP_S, floor=fig_floor.median,
                                                          floor_name="Django alone")

        # peak memory of the bulk job for 1,500 and 5,000 letters, each in a fresh process
        for n in (1500, 5000):
            clone = _clone_event(demo_event, n, f"bench-{n}")
            r = _report.child("benchmarks.events_bench:memory_letters", clone.slug)
            targets[f"invitations_{n}_peak_mb"] = {
                "target": TARGET_PEAK_MB[n], "value": r["peak_mb"], "ok": r["peak_mb"] < TARGET_PEAK_MB[n],
                "unit": "MB", "kind": "cold", "runs": 1,
                "note": f"fresh process, 1 run (peak memory, not a timing); job {r['seconds'][0]} s; "
                        f"RSS after the job {r['after_mb']} MB"}
            out[f"letters_{n}"] = r
    out["targets"] = targets
    return out
