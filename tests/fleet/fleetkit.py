"""Helpers of the fleet tests: free ports, probe variants copied with absolute policy paths, and
`harness worker` processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBES = REPO / "probes"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_probes(dest: Path, names: list[str] | None = None) -> Path:
    """Probe descriptors (all, or `names`) with their scenarios and policy texts, policy paths absolute."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in PROBES.iterdir():
        is_desc = f.name.endswith(".probe.yaml")
        if is_desc and names is not None and f.name[: -len(".probe.yaml")] not in names:
            continue
        if f.suffix in (".yaml", ".txt"):
            text = f.read_text(encoding="utf-8").replace("../harness/policies/", f"{REPO}/harness/policies/")
            (dest / f.name).write_text(text, encoding="utf-8")
    return dest


class Workers:
    """`harness worker` processes, each owning one JVM stand-in; stopped (and restored) at the end."""

    def __init__(self, broker: str, root: Path) -> None:
        self.broker, self.root = broker, root
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def work_dir(self, device: str) -> Path:
        return self.root / device.replace("#", "_")

    def start(self, device: str) -> subprocess.Popen[bytes]:
        log = open(self.root / f"{device.replace('#', '_')}.log", "ab")  # noqa: SIM115 - kept by the process
        proc = subprocess.Popen([sys.executable, "-m", "harness", "worker", "--device", device, "--broker",
                                 self.broker, "--work-dir", str(self.work_dir(device))],
                                stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True, cwd=REPO)
        self.procs[device] = proc
        return proc

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for device, proc in self.procs.items():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            from harness.fleet.journal import DeviceJournal

            DeviceJournal(self.work_dir(device), device).restore(reason="test teardown")


def carrying(token: str, needle: bytes) -> list[int]:
    """Processes carrying a fleet lease token whose command line holds `needle`."""
    from harness.fleet.journal import leftover_processes

    out = []
    for pid, _ in leftover_processes(token):
        try:
            if needle in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(pid)
        except OSError:
            pass
    return out
