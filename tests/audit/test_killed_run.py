"""`kill -9` of the harness mid-audit loses nothing on the device: its helper processes die with it
(PR_SET_PDEATHSIG), and its restore journal lets `harness doctor --restore` (or the next run) undo
what it left pending. The Android half replays recorded adb answers at the process boundary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from support.adb_replay import ReplayRunner

from harness.device.adb import Adb
from harness.device.android import AndroidDevice
from harness.device.journal import JOURNAL, Journal, pending, proc_start, recover, state_dir
from harness.device.restore import Restorer

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "harness" / "policies" / "examples" / "probe.yaml"


def _wait_for(cond, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return False


def _hooked(run: Path) -> bool:
    events = run / "events.jsonl"
    return events.exists() and '"kind":"hook"' in events.read_text(encoding="utf-8", errors="replace")


def test_sigkill_mid_audit_leaves_no_helper_and_next_run_restores(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    run = tmp_path / "run"
    harness = subprocess.Popen([sys.executable, "-m", "harness", "audit", "probe", "--device", "jvm", "--policy",
                                str(POLICY), "--scenario", "accept", "--out", str(run), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)
    try:
        assert _wait_for(lambda: _hooked(run), 120), "the audit never reached the hooked app"
    finally:
        harness.kill()
        harness.wait()
    left = pending(run / JOURNAL)
    names = {name.split(" pid")[0] for _, name, _ in left}
    assert {"probe", "proxy stopped"} <= names, left
    helpers = [spec for _, _, spec in left if "kill" in spec]
    # The kernel ends them (SIGKILL on parent death): none is the same process any more.
    assert _wait_for(lambda: all(proc_start(s["kill"]) != s["start"] for s in helpers), 10), helpers

    out = subprocess.run([sys.executable, "-m", "harness", "doctor", "--restore"], capture_output=True,
                         text=True, timeout=60, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert f"{len(left)} pending restore step(s) of killed runs replayed" in out.stdout
    log = (run / "restore.log").read_text(encoding="utf-8")
    assert "probe pid" in log and "recovered after the run was killed" in log
    assert pending(run / JOURNAL) == [] and not list((tmp_path / "state").rglob("*.json"))


def test_android_changes_are_journalled_before_they_happen_and_replayed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    replay = ReplayRunner()
    on_disk: list[str] = []
    replay.on(r"reverse tcp:8080 tcp:8080", lambda cmd: on_disk.append((tmp_path / JOURNAL).read_text()) or "")
    dev = AndroidDevice("emulator-5554", adb=Adb("emulator-5554", adb="adb", runner=replay))
    journal = Journal(tmp_path)
    dev.restorer = Restorer(log=tmp_path / "restore.log", journal=journal)
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    dev.set_proxy("127.0.0.1", 8080, ca)
    # When adb reverse ran, its undo was already on disk.
    assert '"args": ["reverse", "--remove", "tcp:8080"]' in on_disk[0]
    # The harness "dies" here (no restorer.run()); a pointer whose pid is gone marks the run as killed.
    info = json.loads(journal.pointer.read_text())
    journal.pointer.write_text(json.dumps({**info, "pid": 2 ** 22 + 1}))
    issued: list[tuple[str, list[str]]] = []
    lines = recover(lambda serial, args: issued.append((serial, args)))
    assert issued == [("emulator-5554", ["shell", "settings delete global http_proxy"]),
                      ("emulator-5554", ["reverse", "--remove", "tcp:8080"])]
    assert len(lines) == 2 and not list(state_dir().glob("*.json"))


def test_live_runs_are_left_alone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    journal = Journal(tmp_path)
    journal.expect("probe pid 1 ended", {"kill": os.getpid(), "start": proc_start(os.getpid())})
    assert recover() == [] and journal.pointer.exists()  # this process is alive: its run is not killed
