"""Batch progress: apps done / failed / running per worker, and an ETA, with rich on a terminal.

Engines report events; they never print. `RichFleetProgress` redraws one table (a row per
worker, a total row with the ETA); `NullFleetProgress` is for tests, --quiet and pipes.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol


class FleetProgress(Protocol):
    def begin(self, total: int, already: int) -> None: ...

    def running(self, key: str, name: str, worker: str) -> None: ...

    def finished(self, key: str, worker: str, status: str, seconds: float) -> None: ...

    def close(self) -> None: ...


@dataclass(slots=True)
class WorkerRow:
    done: int = 0
    failed: int = 0
    running: str = ""


class Tally:
    """The counts behind the display (also what tests and the bench read)."""

    def __init__(self) -> None:
        self.total = self.already = 0
        self.workers: dict[str, WorkerRow] = {}
        self.seconds: list[float] = []
        self.started = time.monotonic()
        self._lock = threading.Lock()

    def begin(self, total: int, already: int) -> None:
        self.total, self.already = total, already

    def running(self, key: str, name: str, worker: str) -> None:
        with self._lock:
            self.workers.setdefault(worker, WorkerRow()).running = name

    def finished(self, key: str, worker: str, status: str, seconds: float) -> None:
        with self._lock:
            row = self.workers.setdefault(worker, WorkerRow())
            row.running = ""
            if status in ("complete", "partial"):
                row.done += 1
            elif status != "retry":
                row.failed += 1
            if seconds > 0:
                self.seconds.append(seconds)

    def close(self) -> None:
        pass

    @property
    def finished_count(self) -> int:
        return self.already + sum(r.done + r.failed for r in self.workers.values())

    def eta(self) -> float | None:
        """Seconds left: apps left x mean audit time / workers busy (None before the first result)."""
        if not self.seconds:
            return None
        left = max(0, self.total - self.finished_count)
        workers = max(1, len(self.workers))
        return left * (sum(self.seconds) / len(self.seconds)) / workers


class NullFleetProgress(Tally):
    pass


class RichFleetProgress(Tally):
    """A live table on stderr, refreshed a few times a second."""

    def __init__(self, console: Any = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.live import Live

        self.live = Live(self.table(), console=console or Console(stderr=True), refresh_per_second=4,
                         get_renderable=self.table)
        self.live.start()

    def table(self) -> Any:
        from rich.table import Table

        table = Table(title="harness batch", expand=False)
        for col in ("worker", "done", "failed", "running"):
            table.add_column(col)
        for name, row in sorted(self.workers.items()):
            table.add_row(name, str(row.done), f"[red]{row.failed}[/]" if row.failed else "0", row.running or "-")
        eta = self.eta()
        table.add_row("[bold]all[/]", f"{self.finished_count}/{self.total}",
                      str(sum(r.failed for r in self.workers.values())),
                      f"{sum(1 for r in self.workers.values() if r.running)} running, ETA "
                      + ("?" if eta is None else f"{eta:.0f}s"))
        return table

    def close(self) -> None:
        self.live.stop()


def make_fleet_progress(quiet: bool) -> Tally:
    if quiet or not sys.stderr.isatty():
        return NullFleetProgress()
    return RichFleetProgress()
