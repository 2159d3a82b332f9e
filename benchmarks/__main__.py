"""Run every benchmark and print one JSON object: `python -m benchmarks [name ...]` (or `make bench`).

Each module `benchmarks/<name>_bench.py` has `run() -> dict` with its figures and, per target,
`{"target": ..., "value": ..., "ok": bool}` entries under "targets"."""

import importlib
import json
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.endswith("_bench"))
    wanted = [a for a in argv if not a.startswith("-")]
    if wanted:
        names = [n for n in names if n.removesuffix("_bench") in wanted or n in wanted]
    results = {}
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"… {name}", file=sys.stderr)
        results[name.removesuffix("_bench")] = module.run()
        results[name.removesuffix("_bench")]["wall_seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
