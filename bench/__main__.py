"""Run all benchmarks (or those named on the command line: `python -m bench agent traffic`)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    wanted = [f"bench_{a}" for a in argv] or names
    failed = 0
    for name in wanted:
        if name not in names:
            print(f"bench: no benchmark {name!r}; have {', '.join(names)}", file=sys.stderr)
            return 2
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        try:
            ok = importlib.import_module(f"bench.{name}").main()
        except Exception as e:  # noqa: BLE001 - one failing benchmark must not hide the others
            print(f"  FAILED: {type(e).__name__}: {e}")
            ok = False
        failed += ok is False
        print(f"  ({time.perf_counter() - started:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
