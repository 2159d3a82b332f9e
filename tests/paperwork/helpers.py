"""Poppler / zbar helpers for the paperwork tests (installed by the project's set-up; without zbarimg the
QR tests skip)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

MM = 72 / 25.4


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return run(*args, str(path), "-")


def page_texts(path: Path) -> list[str]:
    return pdf_text(path).split("\f")[:-1]


def words(path: Path, page: int) -> tuple[tuple[float, float], list[tuple[float, float, float, float, str]]]:
    """(page width, height) and (xMin, yMin, xMax, yMax, word) in points for one page."""
    html = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-")
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    size = (float(m.group(1)), float(m.group(2)))
    out = []
    for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html):
        out.append((float(w.group(1)), float(w.group(2)), float(w.group(3)), float(w.group(4)), w.group(5)))
    return size, out


def embedded_fonts(path: Path) -> list[tuple[str, str]]:
    """(name without subset tag, emb yes/no) per font in pdffonts."""
    lines = run("pdffonts", str(path)).splitlines()[2:]
    out = []
    for line in lines:
        parts = line.split()
        name = parts[0].split("+", 1)[-1]
        emb = parts[-5]
        out.append((name, emb))
    return out


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5", parts[0]
    w, h, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    assert maxval == 255
    pixels = parts[4]
    return w, h, pixels[: w * h]


def decode_qr(pdf: Path, page: int, tmp: Path) -> list[str]:
    """The QR payloads on one page; the calling test is skipped when zbarimg (zbar-tools) is missing."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed: the QR codes cannot be decoded")
    prefix = tmp / f"qr-{page}"
    run("pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix))
    out = subprocess.run(["zbarimg", "--raw", "-q", f"{prefix}.png"], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]
