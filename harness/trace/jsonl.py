"""Append-only JSON Lines: the writer flushes per batch, the reader survives a torn last line.

A crash or `kill -9` can cut the last line in half; the reader skips it and says so
through `JsonlReader.truncated` instead of failing, so everything flushed before is kept.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Self

from harness.errors import TraceError
from harness.safeload import too_deep
from harness.trace.records import shape_problem

MAX_LINE = 32 << 20
"""Longest JSONL line read (a flow's body is capped at 4 MB); longer ones count as corrupt."""


class JsonlWriter:
    """Thread-safe appender. `write_batch` writes and flushes; `write` flushes every `batch` records."""

    def __init__(self, path: Path, *, batch: int = 64, fsync: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._lock = threading.Lock()
        self._pending = 0
        self._batch = batch
        self._fsync = fsync
        self.count = 0

    def write(self, record: Mapping[str, Any]) -> None:
        """Append one record; flushes once `batch` records are pending."""
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
        with self._lock:
            self._fh.write(line + "\n")
            self._pending += 1
            self.count += 1
            if self._pending >= self._batch:
                self._flush_locked()

    def write_batch(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Append records and flush at once: what the caller got is on disk when this returns."""
        lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":"), default=str) for r in records]
        if not lines:
            return
        with self._lock:
            self._fh.write("\n".join(lines) + "\n")
            self.count += len(lines)
            self._flush_locked()

    def flush(self) -> None:
        with self._lock:
            self._flush_locked()

    def _flush_locked(self) -> None:
        if self._fh.closed:
            return
        self._fh.flush()
        if self._fsync:
            os.fsync(self._fh.fileno())
        self._pending = 0

    def close(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._flush_locked()
                self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class JsonlReader:
    """Iterates records of one JSONL file, streaming; a torn or garbled last line is skipped and noted."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.truncated = False
        self.bad_lines: list[int] = []
        self.misshapen: list[tuple[int, str]] = []
        """(line, problem) of JSON lines that are not well-shaped trace records."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        try:
            fh = open(self.path, "rb")  # noqa: SIM115
        except OSError as e:
            raise TraceError(f"{self.path}: cannot read: {e.strerror}") from e
        with fh:
            lineno = 0
            pending: bytes | None = None
            while raw := fh.readline(MAX_LINE + 1):
                if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                    while (rest := fh.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                        pass  # skip the rest of an over-long line without holding it
                    raw = b"\x00too long\n"
                if pending is not None:
                    yield self._decode(pending, lineno, last=False)
                lineno += 1
                pending = raw
            if pending is not None:
                record = self._decode(pending, lineno, last=True)
                if record is not None:
                    yield record

    def _shaped(self, rec: Any, lineno: int, raw: bytes) -> Any:
        """`rec` when it is a well-shaped record (harness.trace.records), else a counted corrupt line."""
        problem = "nested too deep" if too_deep(rec, raw) else shape_problem(rec)
        if problem is None:
            return rec
        self.misshapen.append((lineno, problem))
        return {"kind": "corrupt", "line": lineno}

    def _decode(self, raw: bytes, lineno: int, *, last: bool) -> Any:
        if last and not raw.endswith(b"\n"):
            try:
                return self._shaped(json.loads(raw), lineno, raw)
            except (ValueError, RecursionError):
                self.truncated = True
                return None
        try:
            return self._shaped(json.loads(raw), lineno, raw)
        except RecursionError:
            self.misshapen.append((lineno, "nested too deep"))
            return {"kind": "corrupt", "line": lineno}
        except ValueError:
            if last:
                self.truncated = True
                return None
            self.bad_lines.append(lineno)
            return {"kind": "corrupt", "line": lineno}

    @property
    def note(self) -> str | None:
        """One line for the report when something could not be read, else None."""
        parts = []
        if self.truncated:
            parts.append("last line was cut off (writer stopped mid-write) and was skipped")
        if self.bad_lines:
            parts.append(f"{len(self.bad_lines)} unreadable line(s) skipped, first at line {self.bad_lines[0]}")
        if self.misshapen:
            line, problem = self.misshapen[0]
            parts.append(f"{len(self.misshapen)} record(s) of the wrong shape skipped, first at line {line}: "
                         f"{problem}")
        return f"{self.path.name}: " + "; ".join(parts) if parts else None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a whole (small) JSONL file, skipping a torn last line and corrupt lines."""
    return [r for r in JsonlReader(path) if r.get("kind") != "corrupt"]
