"""What every benchmark shares, so that its figures are honest and read the same way.

- `measure(fn, runs=3, kind="warm")` calls `fn(i)` for i = 0 … runs-1 and gives a `Figure`: median,
  min and max of the wall seconds, CPU seconds (this process and the children it waited for, so a busy
  machine shows as wall ≫ CPU),
  the load average before and after, and `busy` when it was over `BUSY_LOAD_PER_CORE` × cores.
  `fn` must vary its input with `i` (another title, another order): Typst and the database answer a
  repeat of the same input from their caches. Where a repeat is the point, say so: kind="cached".
  kind="cold" is a first call in a fresh process (one run each, so give it a fresh process per run,
  see `child`).
- `peak(fn)` runs `fn()` once while a thread samples this process's resident memory every 5 ms, and
  answers (result, peak MB, MB before, MB after).
- `child(module_func, *args)` runs `module:function(*args)` in a fresh Python process and returns what
  it printed as JSON, with its peak resident memory (VmHWM) added: cold starts and peak memory
  per job that earlier work in this process cannot distort.
- `target(name, figure, limit, peer=…, floor=…)` is one row of the table: the work, the peer or floor
  it is compared with, the target, median (min–max), ratio to the peer, pass/fail, and load.
- `scale()` is the `--scale N` of `python -m benchmarks` (1, 4, 16 …): benchmarks multiply their demo
  data by it so that growth can be read.
- `print_table(results)` writes the human-readable table (stderr); `python -m benchmarks` prints the
  JSON on stdout.

A row is a dict (also what older benchmarks put under "targets": {"target", "value", "ok"}; the table
reads both).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

BUSY_LOAD_PER_CORE = 0.75  # 1.5 on 2 cores
SCALE_ENV = "THIDUA_BENCH_SCALE"


def scale() -> int:
    return max(1, int(os.environ.get(SCALE_ENV, "1") or 1))


def load() -> float:
    return round(os.getloadavg()[0], 2)


def cores() -> int:
    return os.cpu_count() or 1


def is_busy(*loads: float) -> bool:
    return max(loads, default=0.0) > BUSY_LOAD_PER_CORE * cores()


def hwm_mb() -> float:
    """This process's peak resident memory (VmHWM, reset by exec; ru_maxrss is not: on Linux it keeps
    the parent's peak across fork and exec, so a fresh child would report its parent's)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (a cold command, soffice)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Figure:
    median: float
    min: float
    max: float
    runs: list[float]
    cpu_median: float
    kind: str = "warm"  # warm, cold or cached
    unit: str = "s"
    load_before: float = 0.0
    load_after: float = 0.0
    busy: bool = False
    extra: dict = field(default_factory=dict)

    def text(self) -> str:
        if self.unit == "s":
            return f"{self.median:.3f} ({self.min:.3f}–{self.max:.3f}) s"
        return f"{self.median:.1f} ({self.min:.1f}–{self.max:.1f}) {self.unit}"

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("median", "min", "max", "cpu_median"):
            d[k] = round(d[k], 4)
        d["runs"] = [round(x, 4) for x in self.runs]
        return d


def figure(values: list[float], kind: str = "warm", unit: str = "s", cpu: list[float] | None = None,
           loads: tuple[float, float] | None = None) -> Figure:
    before, after = loads or (load(), load())
    return Figure(statistics.median(values), min(values), max(values), list(values),
                  statistics.median(cpu) if cpu else 0.0, kind, unit, before, after, is_busy(before, after))


def measure(fn: Callable[[int], object], runs: int = 3, kind: str = "warm") -> Figure:
    """Median (min–max) of `runs` calls `fn(i)`; `fn` varies its input with i (see the module doc)."""
    if runs < 3 and kind != "cold":
        raise ValueError("every figure is a median of at least 3 runs")
    walls, cpus = [], []
    before = load()
    for i in range(runs):
        c0, t0 = _cpu(), time.perf_counter()
        fn(i)
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)
    return figure(walls, kind, cpu=cpus, loads=(before, load()))


def peak(fn: Callable[[], object], interval: float = 0.005) -> tuple[object, float, float, float]:
    """(result, peak MB, MB before, MB after) of one call, by sampling resident memory."""
    before = rss_mb()
    top = [before]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            top[0] = max(top[0], rss_mb())
            stop.wait(interval)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        result = fn()
    finally:
        stop.set()
        t.join()
    top[0] = max(top[0], rss_mb())
    return result, round(top[0], 1), round(before, 1), round(rss_mb(), 1)


def child(module_func: str, *args: str, timeout: float = 1800, show_progress: bool = False) -> dict:
    """Run `module:function(*args)` in a fresh interpreter; it returns a JSON-able dict, which comes back
    here with "peak_mb" (the child's VmHWM) and "wall_s" (its whole life, start-up included).
    `show_progress`: the child's stderr (its progress lines) goes to this process's stderr as it comes."""
    module, func = module_func.split(":")
    code = ("import json, sys; import importlib; from benchmarks import _report; "
            f"r = getattr(importlib.import_module({module!r}), {func!r})(*sys.argv[1:]); "
            "r['peak_mb'] = round(_report.hwm_mb(), 1); "
            "print('\\n@@' + json.dumps(r, ensure_ascii=False))")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                         stderr=None if show_progress else subprocess.PIPE, text=True, timeout=timeout,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if out.returncode != 0:
        raise RuntimeError(f"{module_func} failed:\n{(out.stderr or '(stderr above)')[-3000:]}")
    line = [x for x in out.stdout.splitlines() if x.startswith("@@")][-1]
    result = json.loads(line[2:])
    result["wall_s"] = round(time.perf_counter() - t0, 3)
    return result


def target(fig: Figure | None, limit: float | None, *, value: float | None = None, peer: float | None = None,
           peer_name: str = "", floor: float | None = None, floor_name: str = "", lower_is_better: bool = True,
           note: str = "") -> dict:
    """One row of the table. `value` overrides the figure's median (e.g. a per-letter figure)."""
    v = fig.median if value is None and fig is not None else value
    ok = None if limit is None or v is None else (v <= limit if lower_is_better else v >= limit)
    row: dict = {"target": limit, "value": None if v is None else round(v, 4), "ok": ok}
    if fig is not None:
        row.update(min=round(fig.min, 4), max=round(fig.max, 4), runs=len(fig.runs), kind=fig.kind, unit=fig.unit,
                   cpu_median=round(fig.cpu_median, 4), load=[fig.load_before, fig.load_after], busy=fig.busy)
    if peer is not None:
        row["peer"] = round(peer, 4)
        row["peer_name"] = peer_name
        if v:
            row["ratio"] = round(peer / v, 2) if lower_is_better else round(v / peer, 2)
    if floor is not None:
        row["floor"] = round(floor, 4)
        row["floor_name"] = floor_name
    if note:
        row["note"] = note
    return row


def _cell(row: dict) -> tuple[str, str, str, str, str, str, str]:
    unit = row.get("unit", "")
    v = row.get("value")
    if v is None:
        value = "—"
    elif "min" in row:
        fmt = "{:.3f}" if unit in ("s", "") else "{:.1f}"
        value = f"{fmt.format(v)} ({fmt.format(row['min'])}–{fmt.format(row['max'])})"
    else:
        value = f"{v}"
    value += f" {unit}" if unit else ""
    if "peer" in row:
        peer = f"{row.get('peer_name', 'peer')}: {row['peer']}"
    elif "floor" in row:
        peer = f"{row.get('floor_name', 'floor')}: {row['floor']}"
    else:
        peer = ""
    tgt = "" if row.get("target") is None else str(row["target"])
    ratio = f"{row['ratio']}×" if "ratio" in row else ""
    ok = {True: "pass", False: "FAIL", None: "info"}[row.get("ok")]
    if row.get("busy"):
        ok += " (busy)"
    kind = row.get("kind", "")
    cpu = f"{row['cpu_median']:.3f}" if row.get("cpu_median") else ""
    load_text = "–".join(str(x) for x in row["load"]) if row.get("load") else ""
    return kind, peer, tgt, value, cpu, ratio, ok + (f" [load {load_text}]" if load_text else "")


def print_table(results: dict, file=sys.stderr) -> None:
    rows = [("work", "kind", "peer or floor", "target", "median (min–max)", "cpu s", "ratio", "result")]
    for bench, res in results.items():
        for name, row in (res.get("targets") or {}).items():
            if isinstance(row, dict):
                rows.append((f"{bench}: {name}", *_cell(row)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), file=file)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=file)
