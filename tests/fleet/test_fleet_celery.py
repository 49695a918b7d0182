"""Celery + Redis for real: two `harness worker` processes, each owning a JVM stand-in, audit ten probe
variants; one worker is SIGKILLed mid-audit. Every app must still end with exactly one complete run,
none audited twice, and the killed worker's device (the probe JVM / mitmdump it left) restored when it
comes back. The findings per app must equal the embedded engine's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.fleet.journal import DeviceJournal, leftover_processes
from harness.fleet.state import BatchDir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleetkit import REPO, Workers, carrying, copy_probes  # noqa: E402

pytestmark = pytest.mark.slow
VICTIM, OTHER = "jvm#1", "jvm#2"


def _wait(cond: Callable[[], Any], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def killed(workers: Workers, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("celery")
    apps = copy_probes(tmp / "apps")
    for device in (VICTIM, OTHER):
        workers.start(device)
    out = tmp / "batch"
    coordinator = subprocess.Popen([sys.executable, "-m", "harness", "batch", str(apps), "--broker", workers.broker,
                                    "--out", str(out), "--quiet", "--timeout", "150", "--tries", "3"],
                                   cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        journal = DeviceJournal(workers.work_dir(VICTIM), VICTIM)
        # mid-audit: the victim's journal names an audit whose proxy (mitmdump) is up
        _wait(lambda: (e := journal.pending()) is not None and carrying(e["token"], b"mitmdump"),
              120, "an audit in progress on the victim")
        entry = journal.pending()
        assert entry is not None
        time.sleep(1.0)
        os.kill(workers.procs[VICTIM].pid, signal.SIGKILL)  # the worker itself: pool and audit die with it
        workers.procs[VICTIM].wait(10)
        _wait(lambda: not carrying(entry["token"], b"harness.fleet.child"), 10,
              "the audit process to die with its worker")
        time.sleep(1.0)  # the probe JVM ends by itself when its control pipe closes; mitmdump stays
        left = leftover_processes(entry["token"])
        workers.start(VICTIM)  # the worker comes back and restores its device first
        _wait(lambda: not leftover_processes(entry["token"]), 30, "the device restore")
        _, stderr = coordinator.communicate(timeout=400)
    finally:
        if coordinator.poll() is None:
            coordinator.kill()
    return {"batch": out, "entry": entry, "left": left, "journal": journal, "code": coordinator.returncode,
            "stderr": stderr.decode(errors="replace")}


def test_every_app_has_one_complete_run(killed: dict[str, Any], workers: Workers) -> None:
    assert killed["code"] == 0, killed["stderr"][-2000:]
    batch = BatchDir.open(killed["batch"])
    keys = batch.keys()
    assert len(keys) >= 10
    for key in keys:
        rec = batch.record(key)
        assert rec["status"] == "complete", rec
        assert len([a for a in rec["attempts"] if a["status"] == "complete"]) == 1, rec
    lost = batch.record(killed["entry"]["key"])
    assert [a["status"] for a in lost["attempts"]] == ["lost", "complete"], lost
    assert lost["attempts"][0]["device"] == VICTIM and "lost" in lost["attempts"][0]["reason"]
    # none twice: across both workers' folders, exactly one finished report per app
    reports: dict[str, int] = {}
    for device in (VICTIM, OTHER):
        for rep in workers.work_dir(device).glob("*/attempt-*/run/report.json"):
            reports[rep.parents[2].name] = reports.get(rep.parents[2].name, 0) + 1
    assert reports == dict.fromkeys(keys, 1)


def test_killed_workers_device_restored(killed: dict[str, Any]) -> None:
    # killed["left"] may be empty: the audit's helpers die with their worker (PR_SET_PDEATHSIG)
    assert not leftover_processes(killed["entry"]["token"])
    log = killed["journal"].log.read_text(encoding="utf-8")
    assert f"(worker started): audit of {killed['entry']['key']}" in log
    # The helpers die with their worker (PR_SET_PDEATHSIG); any still alive when it comes back are ended
    # by the journal. Either way none is left, and the restore says which happened.
    for pid, _ in killed["left"]:
        assert f"restore leftover pid {pid} " in log or "restore nothing left running: ok" in log
    assert killed["left"] or "restore nothing left running: ok" in log
    assert "FAILED" not in log


def _findings(batch: Path) -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    b = BatchDir.open(batch)
    out = {}
    for key in b.keys():
        rec, rep = b.record(key), b.report(key)
        assert rep is not None, rec
        out[(rec["package"], rec["version_code"])] = sorted(
            (f["rule"], f["data_type"] or "", (f["actor"] or {}).get("sdk_id") or "") for f in rep["findings"])
    return out


def test_same_findings_as_embedded(killed: dict[str, Any], embedded_batch: Path) -> None:
    mine, theirs = _findings(killed["batch"]), _findings(embedded_batch)
    assert len(theirs) == 3 and set(theirs) <= set(mine)
    assert {k: mine[k] for k in theirs} == theirs
