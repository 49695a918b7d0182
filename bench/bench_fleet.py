"""Fleet throughput on the probe: apps per hour per worker, and the speed-up from one worker to two.

The same four probe variants (probes/: quick scenarios) are audited twice in this one invocation,
side by side: by the embedded engine over one JVM stand-in, then over two. Each device runs every
app through the path a Celery worker uses (harness.fleet.execute: child process, journal, restore),
so apps/hour/worker is the worker's rate. On a 2-core machine two workers share the CPUs with
their probe JVMs and mitmdumps, so the speed-up is below 2 by the CPU the audits contend for.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

APPS = ["news-1", "news-2", "bare", "paste"]
REPO = Path(__file__).resolve().parents[1]


def _apps(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for f in (REPO / "probes").iterdir():
        stem = f.name[: -len(".probe.yaml")] if f.name.endswith(".probe.yaml") else None
        if f.suffix in (".yaml", ".txt") and (stem is None or stem in APPS):
            (dest / f.name).write_text(f.read_text(encoding="utf-8").replace("../harness/policies/", f"{REPO}/harness/policies/"),
                                       encoding="utf-8")
    return dest


def _run(apps: Path, out: Path, workers: int) -> tuple[float, dict[str, int]]:
    from harness.fleet import run_batch

    started = time.perf_counter()
    result = run_batch([str(apps)], out, devices=["jvm"] * workers, timeout=300)
    return time.perf_counter() - started, result.statuses


def main() -> bool:
    with tempfile.TemporaryDirectory(prefix="aph-bench-fleet-") as tmp:
        apps = _apps(Path(tmp) / "apps")
        rows = []
        for workers in (1, 2):
            seconds, statuses = _run(apps, Path(tmp) / f"batch-{workers}", workers)
            if statuses.get("complete", 0) != len(APPS):
                print(f"  {workers} worker(s): not every app completed: {statuses}")
                return False
            rows.append((workers, seconds, len(APPS) * 3600 / seconds / workers))
    print(f"  {'workers':>7}  {'apps':>4}  {'wall s':>7}  {'apps/h/worker':>13}  {'apps/h':>7}")
    for workers, seconds, per_worker in rows:
        print(f"  {workers:>7}  {len(APPS):>4}  {seconds:>7.1f}  {per_worker:>13.0f}  {per_worker * workers:>7.0f}")
    speedup = rows[0][1] / rows[1][1]
    print(f"  speed-up 1 -> 2 workers: {speedup:.2f}x (ideal 2.00x; CPU-bound on this machine's cores)")
    return True
