"""The embedded engine (no server): a batch over two JVM stand-ins, a resubmission that audits nothing,
a per-app timeout, a coordinator SIGKILLed mid-audit and resumed, and the fleet report (JSON, HTML in
Chromium, xlsx in openpyxl)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harness.cli.main import main
from harness.fleet.journal import DeviceJournal, leftover_processes
from harness.fleet.state import BatchDir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleetkit import REPO, carrying, copy_probes  # noqa: E402

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium")


def test_batch_complete_with_records(embedded_batch: Path) -> None:
    batch = BatchDir.open(embedded_batch)
    assert len(batch.keys()) == 3
    devices = set()
    for key in batch.keys():
        rec = batch.record(key)
        assert rec["status"] == "complete" and rec["verdict"] in ("fail", "warn"), rec
        assert batch.report(key)["schema"] == "aph-report/1"
        devices.add(rec["device"])
    assert devices <= {"jvm#1", "jvm#2"}
    bare = next(batch.record(k) for k in batch.keys() if batch.record(k)["package"] == "com.example.bare")
    assert bare["policy_origin"] == "none"
    report = batch.report(bare["key"])
    assert report["policy"] is None
    assert {r["id"]: r["status"] for r in report["rules"]}["over_collection"] == "skipped"
    events = (embedded_batch / "events.jsonl").read_text().splitlines()
    assert sum(json.loads(e)["event"] == "finished" for e in events) == 3


def test_resubmitted_apps_are_not_audited_again(embedded_batch: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    apps = copy_probes(tmp_path / "again", ["news-1", "news-2", "bare"])
    (apps / "news-1-copy.probe.yaml").write_text((apps / "news-1.probe.yaml").read_text())  # same app, new name
    before = (embedded_batch / "events.jsonl").read_text()
    assert main(["batch", str(apps), "--device", "jvm", "--out", str(embedded_batch), "--quiet"]) == 0
    assert "0 audited now, 3 already had a result" in capsys.readouterr().err
    after = (embedded_batch / "events.jsonl").read_text()
    assert after == before  # nothing queued, nothing started


def test_fleet_report(embedded_batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert main(["fleet-report", str(embedded_batch), "--out", str(out)]) == 0
    data = json.loads((out / "fleet.json").read_text())
    assert data["schema"] == "aph-fleet-report/1" and len(data["apps"]) == 3
    rules = {r["rule"]: {a["package"] for a in r["apps"]} for r in data["rules"]}
    assert rules["pre_consent_collection"] == {"com.example.news", "com.example.bare"}
    assert "undeclared_third_party" in rules and "com.example.bare" not in rules["undeclared_third_party"]
    assert data["sdks"][0]["sdk_id"] == "umeng" and len(data["sdks"][0]["pre_consent"]) == 3
    types = {t["data_type"]: t["apps"] for t in data["data_types"]}
    assert types["imei"] == 3 and types["advertising_id"] == 2
    (version,) = data["versions"]
    assert (version["package"], version["previous_version_code"], version["version_code"]) == ("com.example.news", 1, 2)
    assert "advertising_id" in version["new_collection"] and "google_ads" in version["new_sdks"]
    assert not version["policy_changed"]
    assert [c["status"] for c in version["checks"]] == ["flag", "not assessable"]

    wb = load_workbook(out / "fleet.xlsx")
    assert wb.sheetnames == ["Apps", "Findings", "Rules", "SDKs", "Data types", "Versions"]
    assert wb["Apps"].max_row == 4 and wb["Versions"]["G2"].value == "flag"
    assert wb["SDKs"]["B2"].value == "umeng"

    if CHROMIUM is None:
        pytest.skip("chromium not installed (make system-deps)")
    png = tmp_path / "fleet.png"
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
                           f"--screenshot={png}", "--window-size=1280,1600", (out / "fleet.html").as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_per_app_timeout_fails_and_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps = copy_probes(tmp_path / "apps", ["news-2"])
    out = tmp_path / "batch"
    assert main(["batch", str(apps), "--device", "jvm", "--out", str(out), "--quiet", "--timeout", "4"]) == 3
    batch = BatchDir.open(out)
    (key,) = batch.keys()
    rec = batch.record(key)
    assert rec["status"] == "failed" and "timed out after 4s" in rec["reason"], rec
    assert len(rec["attempts"]) == 1  # a timeout is not retried
    journal = DeviceJournal(out / "devices", "jvm")
    assert journal.pending() is None and "restore" in journal.log.read_text()
    assert main(["batch", str(apps), "--device", "jvm", "--out", str(out), "--quiet"]) == 3  # final: kept
    assert len(batch.record(key)["attempts"]) == 1
    assert main(["batch", str(apps), "--device", "jvm", "--out", str(out), "--quiet", "--timeout", "4",
                 "--force"]) == 3
    assert len(batch.record(key)["attempts"]) == 2  # --force audits it again


def test_coordinator_killed_mid_audit_resumes(tmp_path: Path) -> None:
    apps = copy_probes(tmp_path / "apps", ["bare"])
    out = tmp_path / "batch"
    proc = subprocess.Popen([sys.executable, "-m", "harness", "batch", str(apps), "--device", "jvm", "--out", str(out),
                             "--quiet"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    journal = DeviceJournal(out / "devices", "jvm")
    deadline = time.monotonic() + 120
    while not ((e := journal.pending()) and carrying(e["token"], b"mitmdump")):
        assert time.monotonic() < deadline and proc.poll() is None, "no audit in progress"
        time.sleep(0.1)
    entry = journal.pending()
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    time.sleep(1.0)
    # mitmdump and the probe are tied to the killed harness (PR_SET_PDEATHSIG): they die with it; whatever a
    # platform without that hook leaves running, the resumed batch's journal replay ends.
    left = leftover_processes(entry["token"])
    assert main(["batch", "--device", "jvm", "--out", str(out), "--quiet"]) == 0  # resume: no apps named
    assert not leftover_processes(entry["token"])
    rec = BatchDir.open(out).record(entry["key"])
    assert [a["status"] for a in rec["attempts"]] == ["lost", "complete"] and rec["status"] == "complete", rec
    log = journal.log.read_text()
    assert "(batch (re)started)" in log and all(f"leftover pid {pid} " in log for pid, _ in left)
    assert left or "restore nothing left running: ok" in log
