"""Run the benchmarks: `python -m benchmarks [name ...] [--scale N]` (or `make bench`).

Each module `benchmarks/<name>_bench.py` has `run() -> dict` with its figures and, per target, a row
under "targets" (see `benchmarks/_report.py`: median (min–max) of at least 3 runs, cold/warm/cached,
the peer or floor, the ratio, the load average, pass/fail). The table goes to stderr, one JSON object
to stdout. Each benchmark runs in a fresh process (its peak memory as "peak_mb"). `--scale N` multiplies the demo data (1, 4, 16 …) where a benchmark supports it; the
load average is printed before and after each benchmark, and a figure taken while the machine was
busy (load average over 0.75 a core) is marked so.
"""

import json
import os
import pkgutil
import sys
import time

import benchmarks
from benchmarks import _report


def _args(argv: list[str]) -> tuple[list[str], int]:
    wanted, scale, i = [], 1, 0
    while i < len(argv):
        a = argv[i]
        if a == "--scale":
            scale = int(argv[i + 1])
            i += 2
            continue
        if a.startswith("--scale="):
            scale = int(a.split("=", 1)[1])
        elif not a.startswith("-"):
            wanted.append(a)
        i += 1
    return wanted, scale


def main(argv: list[str]) -> int:
    wanted, scale = _args(argv)
    os.environ[_report.SCALE_ENV] = str(scale)
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.endswith("_bench"))
    if wanted:
        names = [n for n in names if n.removesuffix("_bench") in wanted or n in wanted]
    results: dict = {}
    machine = {"cores": _report.cores(), "scale": scale, "busy_above_load": _report.BUSY_LOAD_PER_CORE * _report.cores(),
               "load_start": _report.load()}
    for name in names:
        started = time.perf_counter()
        before = _report.load()
        print(f"… {name} (load average {before})", file=sys.stderr, flush=True)
        key = name.removesuffix("_bench")
        # each benchmark in a fresh process: what one leaves in memory (the 16× decision's 4 GB heap) must not
        # slow the next one's garbage collection (the 16× invitations took 21 s after it, 7–9 s alone)
        results[key] = _report.child(f"benchmarks.{name}:run", show_progress=True, timeout=7200)
        after = _report.load()
        results[key]["wall_seconds"] = round(time.perf_counter() - started, 3)
        results[key]["load_average"] = {"before": before, "after": after, "busy": _report.is_busy(before, after)}
        print(f"  {name} done in {results[key]['wall_seconds']} s (load average {before} → {after}"
              f"{', busy machine' if _report.is_busy(before, after) else ''})", file=sys.stderr, flush=True)
    machine["load_end"] = _report.load()
    machine["busy"] = _report.is_busy(machine["load_start"], machine["load_end"]) or any(
        r.get("load_average", {}).get("busy") for r in results.values())
    print(file=sys.stderr)
    _report.print_table(results)
    print(f"\nload average {machine['load_start']} → {machine['load_end']} on {machine['cores']} cores"
          f"{' (busy: figures are slower than on a quiet machine)' if machine['busy'] else ''}; scale {scale}×",
          file=sys.stderr)
    print(json.dumps({"machine": machine, **results}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
