"""benchmarks._report: medians of at least 3 runs, the busy mark, table rows old and new."""

import io

import pytest

from benchmarks import _report


def test_measure_is_a_median_of_at_least_three_runs_each_with_its_own_input():
    seen = []
    fig = _report.measure(seen.append, 3)
    assert seen == [0, 1, 2]
    assert fig.min <= fig.median <= fig.max and len(fig.runs) == 3 and fig.kind == "warm"
    with pytest.raises(ValueError):
        _report.measure(seen.append, 2)


def test_busy_above_the_load_per_core(monkeypatch):
    monkeypatch.setattr(_report, "cores", lambda: 2)
    assert not _report.is_busy(1.4, 1.5) and _report.is_busy(0.2, 1.6)


def test_rows_ratio_and_table_reads_old_rows_too():
    fig = _report.figure([2.0, 1.0, 3.0])
    row = _report.target(fig, 2.5, peer=10.0, peer_name="LibreOffice")
    assert row["value"] == 2.0 and row["min"] == 1.0 and row["max"] == 3.0 and row["ratio"] == 5.0 and row["ok"]
    out = io.StringIO()
    _report.print_table({"x": {"targets": {"new": row, "old": {"target": 1, "value": 2, "ok": False}}}}, file=out)
    text = out.getvalue()
    assert "2.000 (1.000–3.000) s" in text and "LibreOffice: 10.0" in text and "5.0×" in text and "FAIL" in text


def test_peak_samples_memory():
    result, top, before, after = _report.peak(lambda: bytearray(50 * 2**20))
    assert len(result) == 50 * 2**20 and top >= before
