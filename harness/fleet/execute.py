"""Run one job on one device in a child process, with a timeout and a journalled restore.

Both engines (the embedded queue and the Celery task) call `execute`, so the per-app timeout,
the crash isolation and the device restore are one code path. The child is
`python -m harness.fleet.child`; it dies with its parent (PR_SET_PDEATHSIG), so a SIGKILLed
worker leaves no audit running, and what the audit had started is ended by the journal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.fleet.apps import Job
from harness.fleet.journal import LEASE_ENV, DeviceJournal

RETRYABLE = ("lost", "error")
"""Outcome statuses worth another try on another device; a timeout or a finished audit is not."""


@dataclass(slots=True)
class Outcome:
    """What one attempt produced: status, why, the report (report.json content) and where the run is."""

    key: str
    status: str  # complete | partial | failed | timeout | lost | error
    reason: str = ""
    device: str = ""
    worker: str = ""
    attempt: int = 1
    seconds: float = 0.0
    run_dir: str | None = None
    verdict: str | None = None
    findings: int = 0
    report: dict[str, Any] | None = None
    restored: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(**{k: v for k, v in data.items() if k in cls.__slots__})  # type: ignore[attr-defined]

    @property
    def retryable(self) -> bool:
        return self.status in RETRYABLE


def device_spec(device: str) -> str:
    """The conductor's --device for a fleet device name: every `jvm…` slot is the JVM stand-in."""
    return "jvm" if device == "jvm" or device.startswith("jvm#") else device


def execute(job: Job, device: str, attempt_dir: Path, journal: DeviceJournal, *, timeout: float,
            worker: str = "", attempt: int = 1) -> Outcome:
    """Audit `job` on `device` into `attempt_dir`; never raises for the audit's own failures."""
    attempt_dir.mkdir(parents=True, exist_ok=True)
    job_file, result_file = attempt_dir / "job.json", attempt_dir / "result.json"
    job_file.write_text(json.dumps(job.to_json(), ensure_ascii=False), encoding="utf-8")
    token = journal.begin(job.key, attempt=attempt, worker=worker)
    env = {**os.environ, LEASE_ENV: token, "APH_FLEET_PARENT": str(os.getpid())}
    started = time.monotonic()
    with open(attempt_dir / "child.log", "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "harness.fleet.child", str(job_file), device_spec(device),
                                 str(result_file)], stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                                start_new_session=True)
        status, reason = _wait(proc, timeout)
    seconds = round(time.monotonic() - started, 3)
    restored = [o.line() for o in journal.restore(reason="after the audit")]
    out = Outcome(job.key, status, reason, device=device, worker=worker, attempt=attempt, seconds=seconds,
                  restored=restored)
    if status == "done":
        _read_result(out, result_file, attempt_dir)
    return out


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[str, str]:
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        return "timeout", f"timed out after {timeout:g}s (audit stopped, device restored)"
    except BaseException:  # Ctrl-C or the worker's own end: take the audit down with us
        _kill_group(proc)
        raise
    if code < 0:
        return "lost", f"audit process ended by {signal.Signals(-code).name}"
    return "done", ""


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets the conductor restore; SIGKILL after a grace period if it does not end."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _read_result(out: Outcome, result_file: Path, attempt_dir: Path) -> None:
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = _tail(attempt_dir / "child.log")
        out.status, out.reason = "error", f"audit process wrote no result: {tail}"
        return
    if result.get("error"):
        out.status = "error" if result.get("exit_code") == 3 else "failed"
        out.reason = result["error"]
        return
    out.status = result["status"] if result["status"] in ("complete", "partial") else "failed"
    out.reason = "; ".join(result.get("notes", [])[:1]) if out.status != "complete" else ""
    out.run_dir, out.verdict, out.findings = result["run_dir"], result.get("verdict"), result.get("findings", 0)
    report = Path(result["run_dir"]) / "report.json"
    try:
        out.report = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        out.status, out.reason = "failed", f"{report}: no readable report"


def _tail(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "no output"
    return lines[-1][:300] if lines else "no output"
