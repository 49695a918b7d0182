"""The distributed engine's Celery side: the app, its one task, and the worker that owns one device.

Celery with Redis as broker and result backend. Every setting that makes a lost worker
harmless is here: acks_late (a message is acknowledged only after its audit), reject on
worker lost (a pool process that dies puts its message back at once), prefetch 1 and
concurrency 1 (a worker holds one app at a time, its device is never shared). Duplicates
that redelivery can cause are stopped by the ledger (harness.fleet.ledger).
"""

from __future__ import annotations

import os
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import Celery
from celery.signals import worker_process_init

from harness.errors import InputError
from harness.fleet.apps import Job
from harness.fleet.execute import Outcome, execute
from harness.fleet.journal import DeviceJournal
from harness.fleet.ledger import Ledger

QUEUE = "aph-fleet"
TASK = "harness.fleet.audit"
DEFAULT_VISIBILITY_TIMEOUT = 3600


def check_broker(url: str) -> str:
    """Only redis:// (or rediss://) URLs: one line naming the problem otherwise."""
    if not re.match(r"^rediss?://[^/\s]+(/\d+)?$", url or ""):
        raise InputError(f"--broker {url!r}: expected redis://HOST:PORT/N")
    return url


def make_app(broker: str, *, visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT) -> Celery:
    app = Celery("harness", broker=check_broker(broker), backend=broker)
    app.conf.update(
        task_acks_late=True, task_reject_on_worker_lost=True, worker_prefetch_multiplier=1,
        task_serializer="json", result_serializer="json", accept_content=["json"], task_track_started=True,
        task_default_queue=QUEUE, broker_connection_retry_on_startup=True, worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": visibility_timeout},
        result_backend_transport_options={"visibility_timeout": visibility_timeout},
        result_expires=7 * 24 * 3600, worker_send_task_events=False,
    )
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(_audit_task)
    return app


@dataclass(slots=True)
class WorkerConfig:
    broker: str
    device: str
    work_dir: Path

    @property
    def journal(self) -> DeviceJournal:
        return DeviceJournal(self.work_dir, self.device)


_WORKER: WorkerConfig | None = None
"""Set by start_worker before Celery forks its pool process, which inherits it."""


def _audit_task(task: Any, job_json: dict[str, Any], opts: dict[str, Any]) -> dict[str, Any]:
    if _WORKER is None:
        raise RuntimeError("harness.fleet task run outside `harness worker`")
    return run_task(Job.from_json(job_json), opts, _WORKER, task.request.hostname or socket.gethostname(), task)


def run_task(job: Job, opts: dict[str, Any], cfg: WorkerConfig, worker: str, task: Any = None) -> dict[str, Any]:
    """One delivery of an app's message: answer from the ledger, or audit it under the lease."""
    ledger = Ledger.from_url(cfg.broker)
    summary = {"key": job.key, "worker": worker, "device": cfg.device}
    if (done := ledger.done(job.key)) is not None:
        return {**summary, "status": "cached", "result": done.get("status")}
    holder = {"worker": worker, "device": cfg.device, "pid": os.getpid(), "t": time.time()}
    if not ledger.acquire(job.key, holder):
        return {**summary, "status": "duplicate", "holder": ledger.lease(job.key)}
    retry = False
    try:
        if (done := ledger.done(job.key)) is not None:
            return {**summary, "status": "cached", "result": done.get("status")}
        n, tries = ledger.next_try(job.key), int(opts.get("tries", 2))
        if n > tries:
            out = _given_up(job.key, ledger.last(job.key) or {}, n - 1, worker, cfg.device)
            ledger.set_done(job.key, out.to_json())
        else:
            ledger.set_last(job.key, {**holder, "attempt": n, "reason": f"worker {worker} ({cfg.device}) lost "
                                      "mid-audit: its lease lapsed without a result"})
            with ledger.held(job.key):
                out = execute(job, cfg.device, cfg.work_dir / job.key / f"attempt-{n}", cfg.journal,
                              timeout=float(opts.get("timeout", 900)), worker=worker, attempt=n)
            retry = out.retryable and n < tries
            if retry:
                ledger.set_last(job.key, {**holder, "attempt": n, "reason": out.reason, "status": out.status})
            else:
                ledger.set_done(job.key, out.to_json())
    finally:
        ledger.release(job.key)
    if retry and task is not None:
        raise task.retry(countdown=1, max_retries=None)
    return {**summary, "status": out.status, "attempt": out.attempt, "seconds": out.seconds}


def _given_up(key: str, last: dict[str, Any], tries: int, worker: str, device: str) -> Outcome:
    reason = (f"gave up after {tries} tries; last on {last.get('worker', '?')} "
              f"({last.get('device', '?')}): {last.get('reason', 'no result')}")
    return Outcome(key, "failed", reason, device=device, worker=worker, attempt=tries)


@worker_process_init.connect
def _pool_process_started(**_: Any) -> None:
    """A fresh pool process (first start, or after its predecessor died): restore the device first."""
    if _WORKER is None:
        return
    from harness.fleet.child import die_with_parent

    os.environ.pop("APH_FLEET_PARENT", None)
    die_with_parent()
    _WORKER.journal.restore(reason="pool process (re)started")


def start_worker(broker: str, device: str, work_dir: Path, *, visibility_timeout: int = DEFAULT_VISIBILITY_TIMEOUT,
                 loglevel: str = "WARNING") -> None:
    """Restore the device from its journal, then consume apps one at a time until stopped."""
    global _WORKER
    _WORKER = WorkerConfig(broker, device, Path(work_dir))
    work_dir.mkdir(parents=True, exist_ok=True)
    _WORKER.journal.restore(reason="worker started")
    app = make_app(broker, visibility_timeout=visibility_timeout)
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", device)
    app.worker_main(["worker", "--pool=prefork", "--concurrency=1", "--prefetch-multiplier=1",
                     f"--hostname=aph-{name}@{socket.gethostname()}", f"--queues={QUEUE}",
                     f"--loglevel={loglevel}", "--without-gossip", "--without-mingle"])
