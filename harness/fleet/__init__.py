"""Fleet audits: many apps over many devices, embedded or on Celery + Redis, into one batch folder.

`run_batch` is the library form of `harness batch`: load the jobs, open (or resume) the batch
folder, skip apps that already have a final result (unless force), and hand the rest to the
embedded engine or to the Celery coordinator. The store-wide report is harness.fleet.report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError
from harness.fleet.apps import Job, load_jobs
from harness.fleet.progress import NullFleetProgress, Tally
from harness.fleet.state import BatchDir

DEFAULT_TIMEOUT = 900.0
DEFAULT_TRIES = 2


@dataclass(slots=True)
class BatchResult:
    path: Path
    apps: int
    audited: int
    cached: int
    statuses: dict[str, int]


def attached_devices() -> list[str]:
    """Every ready adb device (the embedded default when no --device is given)."""
    from harness.device.adb import Adb

    return [d.serial for d in Adb().devices() if d.state == "device"]


def run_batch(inputs: list[str], out: Path, *, devices: list[str] | None = None, broker: str | None = None,
              force: bool = False, timeout: float = DEFAULT_TIMEOUT, tries: int = DEFAULT_TRIES,
              progress: Tally | None = None) -> BatchResult:
    if timeout <= 0 or tries < 1:
        raise InputError("--timeout must be > 0 and --tries >= 1")
    progress = progress or NullFleetProgress()
    jobs = load_jobs(inputs) if inputs else []
    settings = {"engine": "celery" if broker else "embedded", "broker": broker, "tries": tries,
                "timeout": timeout, "force": force}
    batch = BatchDir.open_or_create(out, settings)
    batch.add_jobs(jobs)
    if not inputs:  # resume: the jobs the batch already holds
        jobs = [batch.job(k) for k in batch.keys()]
        if not jobs:
            raise InputError(f"{out}: no apps given and the batch holds none")
    todo: list[tuple[Job, int]] = []
    for job in jobs:
        if force:
            batch.forget(job.key)
        if batch.is_final(job.key):
            continue
        attempts = batch.recover(job.key, audits_died=not broker)
        batch.queued(job)
        todo.append((job, attempts))
    progress.begin(len(jobs), len(jobs) - len(todo))
    if todo:
        if broker:
            from harness.fleet.coordinator import run_distributed

            run_distributed(batch, [j for j, _ in todo], broker, tries=tries, timeout=timeout, force=force,
                            progress=progress)
        else:
            from harness.fleet.embedded import check_devices, device_names, run_embedded

            names = device_names(devices or attached_devices())
            if not names:
                raise InputError("no device: give --device SERIAL|jvm (repeatable) or attach one")
            check_devices([j for j, _ in todo], names)
            run_embedded(batch, todo, names, tries=tries, timeout=timeout, progress=progress)
    statuses: dict[str, int] = {}
    for job in jobs:
        status = batch.record(job.key).get("status", "new")
        statuses[status] = statuses.get(status, 0) + 1
    return BatchResult(batch.path, len(jobs), len(todo), len(jobs) - len(todo), statuses)
