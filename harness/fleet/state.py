"""A batch on disk (BATCH_DIR): what was asked, what happened to each app, written as it happens.

    batch.json            the batch: when, engine, devices, tries, timeout, and its apps' keys
    jobs/<key>.json       each job as sent to the workers (self-contained)
    apps/<key>.json       each app's record: status and every attempt (worker, device, why)
    apps/<key>.report.json  the report of the app's finished audit (aph-report/1)
    events.jsonl          one line per queued / started / finished / retried / failed event

Records are replaced atomically, so a coordinator killed at any moment leaves a batch that a
second `harness batch` on the same BATCH_DIR resumes: apps with a final status are kept (the
idempotency the issue asks for: a resubmitted app is not audited again unless --force).
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from harness.errors import InputError
from harness.fleet.apps import Job
from harness.fleet.execute import Outcome

SCHEMA = "aph-batch/1"
FINAL = ("complete", "partial", "failed")


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: unreadable batch record: {e}") from e


class BatchDir:
    """The on-disk state of one batch; thread-safe (the embedded engine records from device threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def open_or_create(cls, path: Path, settings: dict[str, Any]) -> BatchDir:
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise InputError(f"{path}: exists and is not a directory")
        batch = cls(path)
        info = batch.info()
        if info is None:
            if path.is_dir() and any(path.iterdir()):
                raise InputError(f"{path}: directory is not empty and holds no batch; choose another --out")
            info = {"schema": SCHEMA, "created": time.time(), "apps": [], "runs": []}
        info.update(settings)
        info["runs"] = [*info.get("runs", []), {"started": time.time(), **settings}]
        _write_json(path / "batch.json", info)
        return batch

    @classmethod
    def open(cls, path: Path) -> BatchDir:
        batch = cls(Path(path))
        if not Path(path).is_dir() or batch.info() is None:
            raise InputError(f"{path}: not a batch folder (no batch.json)")
        return batch

    def info(self) -> dict[str, Any] | None:
        data = _read_json(self.path / "batch.json")
        if data is not None and data.get("schema") != SCHEMA:
            raise InputError(f"{self.path / 'batch.json'}: not an {SCHEMA} batch")
        return data

    # ---- jobs and records -----------------------------------------------------------------------
    def add_jobs(self, jobs: list[Job]) -> None:
        with self._lock:
            info = self.info() or {}
            keys = list(info.get("apps", []))
            for job in jobs:
                _write_json(self.path / "jobs" / f"{job.key}.json", job.to_json())
                if job.key not in keys:
                    keys.append(job.key)
            info["apps"] = keys
            _write_json(self.path / "batch.json", info)

    def keys(self) -> list[str]:
        return list((self.info() or {}).get("apps", []))

    def job(self, key: str) -> Job:
        return Job.from_json(_read_json(self.path / "jobs" / f"{key}.json"))

    def record(self, key: str) -> dict[str, Any]:
        return _read_json(self.path / "apps" / f"{key}.json") or {"key": key, "status": "new", "attempts": []}

    def report(self, key: str) -> dict[str, Any] | None:
        return _read_json(self.path / "apps" / f"{key}.report.json")

    def is_final(self, key: str) -> bool:
        return self.record(key).get("status") in FINAL

    def _save(self, key: str, rec: dict[str, Any]) -> None:
        _write_json(self.path / "apps" / f"{key}.json", rec)

    def event(self, key: str, event: str, **fields: Any) -> None:
        line = json.dumps({"t": round(time.time(), 3), "key": key, "event": event, **fields}, ensure_ascii=False)
        with self._lock, open(self.path / "events.jsonl", "a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    def queued(self, job: Job) -> None:
        with self._lock:
            rec = self.record(job.key)
            rec.update(key=job.key, package=job.package, version_code=job.version_code, app_hash=job.app_hash,
                       name=job.name, source=job.source, policy_origin=job.policy_origin, status="queued")
            self._save(job.key, rec)
        self.event(job.key, "queued")

    def started(self, key: str, worker: str, device: str, attempt: int) -> None:
        with self._lock:
            rec = self.record(key)
            rec["status"] = "running"
            rec["running"] = {"worker": worker, "device": device, "attempt": attempt, "started": time.time()}
            self._save(key, rec)
        self.event(key, "started", worker=worker, device=device, attempt=attempt)

    def attempt_done(self, out: Outcome, *, final: bool) -> None:
        """Record an attempt; `final` sets the app's status (else it waits for its retry)."""
        with self._lock:
            rec = self.record(out.key)
            attempt = {k: v for k, v in out.to_json().items() if k != "report"}
            rec["attempts"] = [*rec.get("attempts", []), attempt]
            rec.pop("running", None)
            if final:
                rec["status"] = out.status if out.status in FINAL else "failed"
                rec["reason"] = out.reason
                rec.update(verdict=out.verdict, findings=out.findings, worker=out.worker, device=out.device)
                if out.report is not None:
                    _write_json(self.path / "apps" / f"{out.key}.report.json", out.report)
            else:
                rec["status"] = "queued"
            self._save(out.key, rec)
        self.event(out.key, "finished" if final else "retry", status=out.status, reason=out.reason,
                   worker=out.worker, device=out.device, attempt=out.attempt)

    def forget(self, key: str) -> None:
        """--force: the app's earlier result no longer counts."""
        with self._lock:
            (self.path / "apps" / f"{key}.report.json").unlink(missing_ok=True)
            rec = self.record(key)
            rec.update(status="new", reason="")
            self._save(key, rec)
        self.event(key, "forced")

    def recover(self, key: str, *, audits_died: bool = True) -> int:
        """After a coordinator restart: an attempt still marked running was lost when the audits ran in
        the coordinator (embedded); Celery workers outlive it, so there it is only forgotten here (the
        ledger tells). Returns the attempts so far."""
        with self._lock:
            rec = self.record(key)
            running = rec.pop("running", None)
            if running is not None and not audits_died:
                rec["status"] = "queued"
                self._save(key, rec)
            elif running is not None:
                lost = {"key": key, "status": "lost", "reason": "the coordinator stopped during the audit",
                        **{k: running.get(k) for k in ("worker", "device", "attempt")}}
                rec["attempts"] = [*rec.get("attempts", []), lost]
                rec["status"] = "queued"
                self._save(key, rec)
            return len(rec.get("attempts", []))
