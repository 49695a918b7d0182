"""The restore journal: every device change's undo, as data on disk, so a killed run can be undone.

The in-memory Restorer holds closures, which die with the process. Beside it, each change is
journalled as data before it is made (`expect`), and marked done when undone. Undos are
idempotent (delete a setting, remove a reverse, `rm -f`, uninstall, kill a pid only if it is still
the same process), so replaying one whose change never happened is harmless.

Journals live in the run folder (`restore.journal.jsonl`); a pointer file per live run in
$XDG_STATE_HOME/app-privacy-harness/pending/ lets the next run or `harness doctor --restore`
find the journals of runs whose harness is gone and replay what they left pending.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

JOURNAL = "restore.journal.jsonl"
Undo = dict[str, Any]
"""{"adb": serial, "args": [...]} (an adb command) or {"kill": pid, "start": starttime} (a host process)."""


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "app-privacy-harness" / "pending"


def proc_start(pid: int) -> int | None:
    """Kernel start time of `pid` (field 22 of /proc/PID/stat), to tell a reused pid from ours."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def kill_undo(pid: int) -> Undo:
    return {"kill": pid, "start": proc_start(pid)}


class Journal:
    """Append-only JSONL of expected undos and completed ones for one run, fsync'ed per line."""

    def __init__(self, run_dir: Path) -> None:
        self.path = run_dir / JOURNAL
        self._next = 0
        state_dir().mkdir(parents=True, exist_ok=True)
        self.pointer = state_dir() / f"{os.getpid()}-{time.time_ns()}.json"
        self.pointer.write_text(json.dumps({"journal": str(self.path.resolve()), "pid": os.getpid(),
                                            "start": proc_start(os.getpid())}), encoding="utf-8")

    def _append(self, record: dict[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def expect(self, name: str, undo: Undo) -> int:
        """Record the undo of a change about to be made; returns its id for done()."""
        self._next += 1
        self._append({"op": "expect", "id": self._next, "name": name, "undo": undo})
        return self._next

    def done(self, entry: int) -> None:
        self._append({"op": "done", "id": entry})

    def close(self) -> None:
        """Every undo ran: the journal stays as a record, the pointer goes."""
        self.pointer.unlink(missing_ok=True)


def pending(journal: Path) -> list[tuple[int, str, Undo]]:
    """Undos expected and not done, newest first (the order to run them in)."""
    expected: dict[int, tuple[str, Undo]] = {}
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            rec = json.loads(line)
            if rec["op"] == "expect" and isinstance(rec["undo"], dict):
                expected[int(rec["id"])] = (str(rec["name"]), rec["undo"])
            elif rec["op"] == "done":
                expected.pop(int(rec["id"]), None)
        except (ValueError, KeyError, TypeError):
            continue  # a torn last line: the change it announced may not have happened; others still count
    return [(i, *expected[i]) for i in sorted(expected, reverse=True)]


def undo(spec: Undo, adb_runner: Callable[[str, list[str]], object] | None = None) -> str:
    """Run one journalled undo; returns what was done (raises on failure)."""
    if "kill" in spec:
        pid = int(spec["kill"])
        if spec.get("start") is None or proc_start(pid) != spec["start"]:
            return "already gone"
        os.kill(pid, signal.SIGKILL)
        return f"killed pid {pid}"
    if "adb" in spec:
        args = [str(a) for a in spec["args"]]
        if adb_runner is None:
            from harness.device.adb import Adb

            Adb(str(spec["adb"])).cmd(*args, check=False, timeout=60)
        else:
            adb_runner(str(spec["adb"]), args)
        return "adb " + " ".join(args)
    raise ValueError(f"unknown undo {spec!r}")


def _alive(pointer: dict[str, Any]) -> bool:
    return proc_start(int(pointer.get("pid", -1))) == pointer.get("start") is not None


def recover(adb_runner: Callable[[str, list[str]], object] | None = None) -> list[str]:
    """Replay the pending undos of every run whose harness is gone; one line per undo (for notes/doctor).

    Each outcome is also appended to that run's restore.log, so the killed run's folder shows it.
    """
    lines: list[str] = []
    folder = state_dir()
    for ptr in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            info = json.loads(ptr.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            ptr.unlink(missing_ok=True)
            continue
        if _alive(info):
            continue  # a run in progress in another harness
        journal = Path(str(info.get("journal", "")))
        for entry, name, spec in pending(journal):
            try:
                outcome = f"restore {name}: ok (recovered after the run was killed: {undo(spec, adb_runner)})"
            except Exception as e:  # noqa: BLE001 - one failed undo must not stop the rest
                outcome = f"restore {name}: FAILED after the run was killed ({type(e).__name__}: {e})"
            lines.append(f"{journal.parent.name}: {outcome.splitlines()[0]}")
            with open(journal.parent / "restore.log", "a", encoding="utf-8") as fh:
                fh.write(outcome.splitlines()[0] + "\n")
            with open(journal, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"op": "done", "id": entry}) + "\n")
        ptr.unlink(missing_ok=True)
    return lines

