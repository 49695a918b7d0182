"""The embedded engine: one process, one in-memory queue, a thread per device. No server needed.

Each device thread first restores its device from its journal (a previous coordinator may
have died mid-audit), then takes jobs until the queue is drained. An attempt that was lost
or hit an environment error goes back on the queue for any device, up to `tries`.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

from harness.fleet.apps import Job
from harness.fleet.execute import Outcome, execute
from harness.fleet.journal import DeviceJournal
from harness.fleet.progress import Tally
from harness.fleet.state import BatchDir


def device_names(devices: list[str]) -> list[str]:
    """`--device jvm` twice is two JVM stand-ins: jvm#1, jvm#2 (their journals must differ)."""
    names, seen = [], 0
    jvm_total = sum(1 for d in devices if d == "jvm")
    for d in devices:
        if d == "jvm" and jvm_total > 1:
            seen += 1
            names.append(f"jvm#{seen}")
        else:
            names.append(d)
    return names


def _is_jvm(device: str) -> bool:
    return device == "jvm" or device.startswith("jvm#")


def fits(job: Job, device: str) -> bool:
    """Probe variants run on the JVM stand-in only, APKs on Android devices only."""
    return (job.kind == "probe") == _is_jvm(device)


def check_devices(jobs: list[Job], devices: list[str]) -> None:
    """Every job needs at least one device it can run on: one line naming the app otherwise."""
    from harness.errors import InputError

    for job in jobs:
        if not any(fits(job, d) for d in devices):
            need = "--device jvm" if job.kind == "probe" else "an Android device (--device SERIAL)"
            raise InputError(f"{job.source}: no device can audit it; it needs {need}")


def run_embedded(batch: BatchDir, jobs: list[tuple[Job, int]], devices: list[str], *, tries: int,
                 timeout: float, progress: Tally) -> None:
    """Audit `jobs` ((job, attempts so far)) over `devices` until each has a final record."""
    work: queue.Queue[tuple[Job, int]] = queue.Queue()
    for item in jobs:
        work.put(item)
    pending = [len(jobs)]
    lock = threading.Lock()

    def loop(device: str) -> None:
        journal = DeviceJournal(batch.path / "devices", device)
        journal.restore(reason="batch (re)started")
        while True:
            with lock:
                if pending[0] == 0:
                    return
            try:
                job, done_before = work.get(timeout=0.2)
            except queue.Empty:
                continue
            if not fits(job, device):
                work.put((job, done_before))  # another device takes it
                time.sleep(0.2)
                continue
            attempt = done_before + 1
            batch.started(job.key, device, device, attempt)
            progress.running(job.key, job.name, device)
            try:
                out = execute(job, device, _attempt_dir(batch.path, job.key, attempt), journal, timeout=timeout,
                              worker=device, attempt=attempt)
            except OSError as e:  # the attempt folder or the child could not be made: this device's problem
                out = Outcome(job.key, "error", f"{type(e).__name__}: {e}", device=device, worker=device,
                              attempt=attempt)
            final = not (out.retryable and attempt < tries)
            _record(batch, out, final, progress)
            if final:
                with lock:
                    pending[0] -= 1
            else:
                work.put((job, attempt))

    threads = [threading.Thread(target=loop, args=(d,), name=f"device-{d}", daemon=True) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.5)


def _attempt_dir(batch: Path, key: str, attempt: int) -> Path:
    return batch / "runs" / key / f"attempt-{attempt}"


def _record(batch: BatchDir, out: Outcome, final: bool, progress: Tally) -> None:
    if final and out.retryable:
        out.reason = f"{out.reason} (gave up after {out.attempt} tries)"
    batch.attempt_done(out, final=final)
    progress.finished(out.key, out.worker, out.status if final else "retry", out.seconds)
