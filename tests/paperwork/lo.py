"""DOCX → PDF through LibreOffice, for tests that compare a document's DOCX with its PDF.

`docx_pdf_pages(docx_bytes)` gives the page texts of one DOCX as LibreOffice lays it out; `docx_pdfs`
converts many DOCX in one soffice start (~1–2 s for the start, well under a second a letter), which is
what a test over many documents should use. `pdf_pages` reads any PDF (bytes) the same way, so that
the two can be compared line by line. `pytest.skip` only when soffice is missing: `make test` installs
it (libreoffice-writer-nogui).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest


def soffice() -> str:
    """The soffice program; the calling test is skipped when LibreOffice is not installed."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: the DOCX cannot be laid out")
    return exe


def docx_pdfs(docx_files: Sequence[bytes], timeout: float = 300) -> list[bytes]:
    """PDF bytes of every DOCX, laid out by LibreOffice in one run with a throw-away profile (so that
    two test processes never share one, and the user's settings never count)."""
    exe = soffice()
    with tempfile.TemporaryDirectory(prefix="lo-") as tmp:
        root = Path(tmp)
        src, out = root / "in", root / "out"
        src.mkdir()
        names = []
        for i, data in enumerate(docx_files):
            name = f"d{i:03d}"
            (src / f"{name}.docx").write_bytes(data)
            names.append(name)
        subprocess.run([exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(out), *(str(src / f"{n}.docx") for n in names)],
                       check=True, capture_output=True, timeout=timeout)
        missing = [n for n in names if not (out / f"{n}.pdf").exists()]
        assert not missing, f"LibreOffice did not convert {missing}"
        return [(out / f"{n}.pdf").read_bytes() for n in names]


def pdf_pages(pdf: bytes, layout: bool = True) -> list[str]:
    """The text of each page (pdftotext, `-layout` keeps a line's columns on one line)."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(args, input=pdf, check=True, capture_output=True).stdout.decode("utf-8")
    return text.split("\f")[:-1]


def docx_pdf_pages(docx: bytes) -> list[str]:
    """The page texts of one DOCX as LibreOffice lays it out."""
    return pdf_pages(docx_pdfs([docx])[0])


def segments(page: str) -> list[str]:
    """The pieces of a page's lines that `-layout` set apart by two or more spaces (the header's two
    columns, a table's cells, the Nơi nhận beside the signature), spaces squeezed."""
    out = []
    for line in page.splitlines():
        out += [" ".join(s.split()) for s in re.split(r"\s{2,}", line) if s.strip()]
    return out


def page_of(pages: list[str], piece: str) -> list[int]:
    """1-based numbers of the pages where `piece` is a whole segment."""
    return [i for i, p in enumerate(pages, start=1) if piece in segments(p)]


def page_number(page: str) -> str:
    """The page number printed at the top of a page ("" when there is none)."""
    first = next((line.strip() for line in page.splitlines() if line.strip()), "")
    return first if first.isdigit() else ""
