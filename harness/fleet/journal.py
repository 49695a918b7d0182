"""The device journal: what a worker was doing on its device, on disk, so a crash can be undone.

The conductor restores the device in its `finally`, but SIGKILL runs no `finally`. So before
an audit the worker writes `<state>/<device>.journal.json` with a fresh lease token and puts
the token in the audit's environment (APH_FLEET_LEASE); every process the audit starts (the
probe JVM, mitmdump, frida helpers) inherits it, even in a new session. When the worker
comes back (or after any audit) `restore()` ends every process still carrying the token,
through harness.device.restore.Restorer so each step is logged like an audit's restore.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import time
from pathlib import Path
from typing import Any

from harness.device.restore import RestoreOutcome, Restorer

LEASE_ENV = "APH_FLEET_LEASE"
TERM_GRACE = 3.0


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name) or "device"


class DeviceJournal:
    """One device's journal file and restore log under `state_dir`."""

    def __init__(self, state_dir: Path, device: str) -> None:
        self.device = device
        self.dir = Path(state_dir)
        self.path = self.dir / f"{_safe(device)}.journal.json"
        self.log = self.dir / f"{_safe(device)}.restore.log"

    def begin(self, key: str, **extra: Any) -> str:
        """Record that an audit starts on the device; the returned token marks its processes."""
        self.dir.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        entry = {"device": self.device, "token": token, "key": key, "pid": os.getpid(), "started": time.time(),
                 **extra}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(tmp, self.path)
        return token

    def pending(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("token") else None

    def restore(self, reason: str = "worker came back") -> list[RestoreOutcome]:
        """End what the journalled audit left running; clear the journal. No journal: nothing to do."""
        entry = self.pending()
        if entry is None:
            return []
        restorer = Restorer(log=self.log)
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} restore {self.device} ({reason}): audit of "
                     f"{entry.get('key')} by pid {entry.get('pid')}\n")
        for pid, comm in leftover_processes(entry["token"]):
            restorer.push(f"leftover pid {pid} ({comm}) ended", lambda p=pid: _end(p))
        outcomes = restorer.run()
        # The killed audit's own restore journal (harness.device.journal) undoes its device changes too:
        # proxy setting, adb reverse, CA, frida-server, install on Android.
        from harness.device.journal import recover

        replayed = recover()
        with open(self.log, "a", encoding="utf-8") as fh:
            for line in replayed:
                fh.write(f"restore journal: {line}\n")
        if not outcomes:
            with open(self.log, "a", encoding="utf-8") as fh:
                fh.write("restore nothing left running: ok\n")
        self.path.unlink(missing_ok=True)
        return outcomes


def leftover_processes(token: str) -> list[tuple[int, str]]:
    """(pid, command name) of every process whose environment carries the lease token."""
    needle = f"{LEASE_ENV}={token}".encode()
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            env = (entry / "environ").read_bytes()
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if needle in env.split(b"\0"):
            out.append((int(entry.name), comm))
    return out


def _end(pid: int) -> None:
    """SIGTERM, then SIGKILL after a grace period; a process already gone is fine."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + TERM_GRACE
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
