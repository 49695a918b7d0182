"""A run directory: creates the files, keeps run.json current, and reads it back.

run.json is rewritten atomically (temp file + rename) at start, on each status change
and at the end, so a reader never sees half of it. A run whose run.json still says
"running" was cut short (crash, kill -9) and is read as partial.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
from datetime import UTC, datetime
from enum import StrEnum
from importlib import metadata
from pathlib import Path
from typing import Any

from harness import __version__, safeload
from harness.errors import TraceError
from harness.trace.clock import RunClock
from harness.trace.jsonl import JsonlReader, JsonlWriter
from harness.trace.records import SCHEMA_VERSION


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    PARTIAL = "partial"
    FAILED = "failed"


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def tool_versions() -> dict[str, str | None]:
    """Versions that decide what a trace means: the harness, frida, mitmproxy, androguard, python."""
    return {
        "harness": __version__,
        "frida": _version("frida"),
        "mitmproxy": _version("mitmproxy"),
        "androguard": _version("androguard"),
        "python": platform.python_version(),
    }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")


class RunDir:
    """One run's folder. Use `RunDir.create` to start a run, `RunDir.open` to read one."""

    EVENTS = "events.jsonl"
    FLOWS = "flows.jsonl"
    FLOWS_MITM = "flows.mitm"
    UI = "ui.jsonl"
    STATIC = "static.json"
    DEVICE = "device.json"
    RUN = "run.json"
    SCREENS = "screens"

    def __init__(self, path: Path, info: dict[str, Any], clock: RunClock) -> None:
        self.path = Path(path)
        self.info = info
        self.clock = clock

    # ---- writing -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, *, app: dict[str, Any] | None = None,
               device: dict[str, Any] | None = None, extra: dict[str, Any] | None = None) -> RunDir:
        """Make the folder (it may exist but must not hold a run) and write the first run.json."""
        path = Path(path)
        if (path / cls.RUN).exists():
            raise TraceError(f"{path}: already holds a run (run.json exists); choose another --out")
        (path / cls.SCREENS).mkdir(parents=True, exist_ok=True)
        clock = RunClock()
        info: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "tool": "app-privacy-harness",
            "versions": tool_versions(),
            "app": app or {},
            "device": device or {},
            "clock": clock.as_json(),
            "started_at": _iso(clock.wall_origin),
            "ended_at": None,
            "status": RunStatus.RUNNING.value,
            "notes": [],
            **(extra or {}),
        }
        run = cls(path, info, clock)
        run.save()
        return run

    def writer(self, name: str, **kw: Any) -> JsonlWriter:
        """An appender for one of the JSONL files of this run."""
        return JsonlWriter(self.path / name, **kw)

    def update(self, **fields: Any) -> None:
        """Merge fields into run.json and rewrite it atomically."""
        self.info.update(fields)
        self.save()

    def note(self, text: str) -> None:
        """Add one line to run.json's notes (things the report should say about the run)."""
        self.info.setdefault("notes", []).append(text)
        self.save()

    def finish(self, status: RunStatus) -> None:
        self.update(status=status.value, ended_at=_iso(self.clock.to_wall(self.clock.now())))

    def save(self) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".run.", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.info, fh, ensure_ascii=False, indent=2, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / self.RUN)

    def write_json(self, name: str, data: Any) -> None:
        """Write a whole JSON file of the run (static.json, device.json) atomically."""
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=f".{name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
        os.replace(tmp, self.path / name)

    # ---- reading -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> RunDir:
        """Open an existing run for reading; one-line TraceError when it is not one."""
        path = Path(path)
        if not path.is_dir():
            raise TraceError(f"{path}: no such run directory")
        run_json = path / cls.RUN
        if not run_json.exists():
            raise TraceError(f"{path}: not a run directory (no run.json)")
        try:
            info = safeload.loads(run_json.read_bytes(), str(run_json), error=TraceError)
        except OSError as e:
            raise TraceError(f"{run_json}: unreadable run.json: {e.strerror}") from e
        if not isinstance(info, dict) or "clock" not in info:
            raise TraceError(f"{run_json}: not a harness run.json (no clock)")
        try:
            clock = RunClock.from_json(info["clock"])
            if not all(abs(x) < 1e12 for x in (clock.origin, clock.wall_origin)):
                raise ValueError("time out of range")
        except (KeyError, TypeError, ValueError, OverflowError) as e:
            raise TraceError(f"{run_json}: clock: malformed ({type(e).__name__}: {str(e)[:80]})") from None
        return cls(path, info, clock)

    @property
    def status(self) -> RunStatus:
        """The run's status as a reader should take it: a run still 'running' on disk was cut short."""
        raw = self.info.get("status", RunStatus.PARTIAL.value)
        status = RunStatus(raw) if raw in RunStatus._value2member_map_ else RunStatus.PARTIAL
        return RunStatus.PARTIAL if status is RunStatus.RUNNING else status

    def reader(self, name: str) -> JsonlReader:
        return JsonlReader(self.path / name)

    def read_json(self, name: str, default: Any = None) -> Any:
        p = self.path / name
        if not p.exists():
            return default
        try:
            return safeload.loads(p.read_bytes(), str(p), error=TraceError)
        except OSError as e:
            raise TraceError(f"{p}: unreadable JSON: {e.strerror}") from e
