"""A long bulk run is compiled in chunks and joined: the same pages, in order, with working QR codes,
page numbers restarting per document, and one font family."""

from benchmarks.paperwork_bench import letter
from thidua.paperwork import pdf, pdfjoin
from thidua.paperwork.specimen import specimen_document

from .helpers import decode_qr, embedded_fonts, flat, page_texts, run


def test_chunked_run_joins_pages_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "SINGLE_MAX", 3)
    monkeypatch.setattr(pdf, "CHUNK", 4)
    docs = [letter(i) for i in range(5)] + [specimen_document()] + [letter(i) for i in range(5, 10)]
    calls = []
    path = tmp_path / "joined.pdf"
    path.write_bytes(pdf.render_pdf_many(docs, progress=lambda d, t: calls.append((d, t))))
    pdf.settle()
    single = tmp_path / "single.pdf"
    monkeypatch.setattr(pdf, "SINGLE_MAX", 100)
    single.write_bytes(pdf.render_pdf_many(docs))
    joined_texts, single_texts = page_texts(path), page_texts(single)
    assert [flat(t) for t in joined_texts] == [flat(t) for t in single_texts]  # page numbers included
    assert docs[-1].recipients[0] in flat(joined_texts[-1])
    assert "Pages:" in run("pdfinfo", str(path))
    assert {f for f, _ in embedded_fonts(path)} == {f for f, _ in embedded_fonts(single)}
    assert decode_qr(path, len(joined_texts), tmp_path) == [docs[-1].body[-1].data]
    assert calls[0] == (0, len(docs)) and calls[-1] == (len(docs), len(docs))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_join_of_one_is_the_same_bytes():
    one = pdf.render_pdf_many([letter(0)])
    assert pdfjoin.join([one]) == one
