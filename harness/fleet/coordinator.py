"""The distributed engine's coordinator: send the apps, watch the ledger, record results on disk.

The ledger is the truth: a result there is final (whoever produced it, in this batch or an
earlier one). A started app whose lease lapsed without a result lost its worker: the
coordinator records the lost attempt and sends the app again, so recovery takes one lease
period, not the broker's visibility timeout (which still brings the old message back later,
where the ledger answers it without a second audit).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from harness.errors import EnvironmentProblem
from harness.fleet.apps import Job
from harness.fleet.celery_app import QUEUE, TASK, make_app
from harness.fleet.execute import Outcome
from harness.fleet.ledger import Ledger
from harness.fleet.progress import Tally
from harness.fleet.state import BatchDir

POLL_S = 0.5
TIME_LIMIT_MARGIN = 120


@dataclass(slots=True)
class _Watch:
    job: Job
    task_ids: list[str] = field(default_factory=list)
    handled_attempt: int = 0
    shown_attempt: int = 0


def run_distributed(batch: BatchDir, jobs: list[Job], broker: str, *, tries: int, timeout: float, force: bool,
                    progress: Tally) -> None:
    app = make_app(broker)
    ledger = Ledger.from_url(broker)
    try:
        ledger.r.ping()
    except Exception as e:  # noqa: BLE001 - any connection failure is one environment line
        raise EnvironmentProblem(f"--broker {broker}: cannot reach Redis: {e}") from e
    opts = {"tries": tries, "timeout": timeout}
    watching: dict[str, _Watch] = {}
    for job in jobs:
        if force:
            ledger.forget(job.key)
        # an attempt still leased (a worker outlived the previous coordinator) is watched, not re-sent;
        # an earlier attempt without a lease is over: this coordinator's message is the next one
        live = ledger.lease(job.key) is not None
        watching[job.key] = _Watch(job, handled_attempt=max(0, ledger.tries(job.key) - live))
        if ledger.done(job.key) is None and not live:
            _send(app, watching[job.key], opts, timeout)
    while watching:
        for key in list(watching):
            if _check(batch, ledger, app, watching[key], opts, timeout, progress):
                del watching[key]
        time.sleep(POLL_S)


def _send(app: Any, watch: _Watch, opts: dict[str, Any], timeout: float) -> None:
    task_id = f"{watch.job.key}-{uuid.uuid4().hex[:8]}"
    app.send_task(TASK, args=[watch.job.to_json(), opts], task_id=task_id, queue=QUEUE,
                  time_limit=timeout + TIME_LIMIT_MARGIN)
    watch.task_ids.append(task_id)


def _check(batch: BatchDir, ledger: Ledger, app: Any, watch: _Watch, opts: dict[str, Any], timeout: float,
           progress: Tally) -> bool:
    """One look at one app; True when it has its final result (recorded)."""
    key = watch.job.key
    done = ledger.done(key)
    if done is not None:
        out = Outcome.from_json(done)
        batch.attempt_done(out, final=True)
        progress.finished(key, out.device or out.worker, out.status, out.seconds)
        return True
    lease = ledger.lease(key)
    last = ledger.last(key) or {}
    attempt = int(last.get("attempt", 0))
    if lease is not None:
        if attempt > watch.shown_attempt:
            watch.shown_attempt = attempt
            batch.started(key, lease.get("worker", ""), lease.get("device", ""), attempt)
            progress.running(key, watch.job.name, lease.get("device", ""))
        return False
    if attempt > watch.handled_attempt:
        # started, no live lease, no result: the worker died (or is retrying): record it, send again
        watch.handled_attempt = attempt
        lost = Outcome(key, last.get("status", "lost"), last.get("reason", "worker lost mid-audit"),
                       device=last.get("device", ""), worker=last.get("worker", ""), attempt=attempt)
        batch.attempt_done(lost, final=False)
        progress.finished(key, lost.device, "retry", 0.0)
        _send(app, watch, opts, timeout)
        return False
    failure = _task_failure(app, watch)
    if failure:
        out = Outcome(key, "failed", failure, attempt=attempt)
        ledger.set_done(key, out.to_json())
    return False


def _task_failure(app: Any, watch: _Watch) -> str:
    """A task that raised (not an audit failure: a bug or a time limit) as one line, else ''."""
    if not watch.task_ids:
        return ""
    res = app.AsyncResult(watch.task_ids[-1])
    if res.state != "FAILURE":
        return ""
    return f"task failed: {type(res.result).__name__}: {res.result}".splitlines()[0]
