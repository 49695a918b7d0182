"""Undo what an audit changed, in reverse order, always: on success, on error and on Ctrl-C.

Every change (proxy setting, adb reverse, CA file, frida-server, installed app, planted
canaries, started processes) registers its undo right after it succeeded. `run()` executes
them newest first; one failing undo never stops the others, and each outcome is logged so
the run can prove the restore happened (restore.log and run.json notes).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.device.journal import Journal, Undo


@dataclass(frozen=True, slots=True)
class RestoreOutcome:
    name: str
    ok: bool
    error: str = ""

    def line(self) -> str:
        return f"restore {self.name}: ok" if self.ok else f"restore {self.name}: FAILED ({self.error})"


class Restorer:
    """A stack of named undo actions; `run()` is idempotent and tolerant."""

    def __init__(self, log: Path | None = None, journal: Journal | None = None) -> None:
        self._stack: list[tuple[str, Callable[[], object]]] = []
        self._lock = threading.Lock()
        self.outcomes: list[RestoreOutcome] = []
        self.log = log
        self.journal = journal
        """On-disk twin of the stack (harness.device.journal): what a killed run left is undone later."""
        self._journalled: dict[str, list[int]] = {}

    def expect(self, name: str, undo: Undo) -> None:
        """Journal the undo of a change BEFORE making it (its push(name, ...) follows the change)."""
        if self.journal is not None:
            self._journalled.setdefault(name, []).append(self.journal.expect(name, undo))

    def push(self, name: str, undo: Callable[[], object]) -> None:
        with self._lock:
            self._stack.append((name, undo))

    def discard(self, name: str) -> None:
        """Forget an undo that is no longer needed (e.g. the process already ended)."""
        with self._lock:
            self._stack = [(n, f) for n, f in self._stack if n != name]

    def run_one(self, name: str) -> RestoreOutcome | None:
        """Undo one named change now (e.g. a process ended by the scenario), logged like the rest."""
        with self._lock:
            found = [(n, f) for n, f in self._stack if n == name]
            self._stack = [(n, f) for n, f in self._stack if n != name]
        if not found:
            return None
        return self._execute(*found[-1])

    def _execute(self, name: str, undo: Callable[[], object]) -> RestoreOutcome:
        try:
            undo()
            outcome = RestoreOutcome(name, True)
        except Exception as e:  # noqa: BLE001 - one failed undo must not stop the rest
            outcome = RestoreOutcome(name, False, f"{type(e).__name__}: {e}".splitlines()[0])
        self.outcomes.append(outcome)
        for entry in self._journalled.pop(name, []) if self.journal is not None else []:
            self.journal.done(entry)
        if self.log is not None:
            with open(self.log, "a", encoding="utf-8") as fh:
                fh.write(outcome.line() + "\n")
        return outcome

    @property
    def pending(self) -> list[str]:
        return [n for n, _ in self._stack]

    def run(self) -> list[RestoreOutcome]:
        """Run every pending undo newest first, with Ctrl-C deferred so a second one cannot cut it short."""
        with signals_handled(signal.SIG_IGN):  # a second Ctrl-C must not skip undo steps
            while True:
                with self._lock:
                    if not self._stack:
                        break
                    name, undo = self._stack.pop()
                self._execute(name, undo)
            if self.journal is not None:
                self.journal.close()
        return self.outcomes


@contextmanager
def signals_handled(handler: Callable[[int, Any], object] | signal.Handlers) -> Iterator[None]:
    """`handler` for SIGINT and SIGTERM during the block, then the previous ones (main thread only:
    elsewhere Python cannot set signal handlers, and the block runs unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
