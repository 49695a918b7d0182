"""Fast fleet parts: jobs and their keys, bad input, the device journal on real processes, and the
ledger on a real Redis (redelivered messages answered without an audit, tries exhausted)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.errors import InputError
from harness.fleet.apps import load_jobs, probe_job
from harness.fleet.celery_app import WorkerConfig, run_task
from harness.fleet.journal import LEASE_ENV, DeviceJournal, leftover_processes
from harness.fleet.ledger import Ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleetkit import copy_probes  # noqa: E402


def test_jobs_keys_and_policies(tmp_path: Path) -> None:
    apps = copy_probes(tmp_path / "apps")
    jobs = {(j.package, j.version_code): j for j in load_jobs([str(apps)])}
    assert len(jobs) == 10
    assert jobs[("com.example.shop", 7)].policy_origin.startswith("drafted:")
    assert "category: online_shopping" in jobs[("com.example.shop", 7)].policy_text
    assert jobs[("com.example.bare", 1)].policy_text is None
    assert "category: food_delivery" in jobs[("com.example.food", 5)].policy_text
    assert jobs[("com.example.tracker", 2)].probe["poll_interval_ms"] == 300
    # a copy under another name is the same app; a changed policy is another one
    (apps / "dup.probe.yaml").write_text((apps / "paste.probe.yaml").read_text())
    assert len(load_jobs([str(apps)])) == 10
    key = probe_job(apps / "paste.probe.yaml").key
    (apps / "paste.probe.yaml").write_text((apps / "paste.probe.yaml").read_text() + "category: news\n")
    assert probe_job(apps / "paste.probe.yaml").key != key


@pytest.mark.parametrize("text, message", [
    ("package: a\nversion_code: 1\ncolour: red\n", "unknown key(s) colour"),
    ("package: a\nversion_code: one\n", "'version_code' must be a non-negative integer"),
    ("package: a\nversion_code: 1\npolicy: nope.yaml\n", "policy 'nope.yaml' not found"),
    ("package: a\nversion_code: 1\nscenario: nope\n", "scenario 'nope' is neither built-in"),
    ("package: a\nversion_code: 1\nlang: fr\n", "'lang' must be zh or en"),
    ("[1, 2\n", "not valid YAML"),
])
def test_bad_descriptor_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                           message: str) -> None:
    bad = tmp_path / "x.probe.yaml"
    bad.write_text(text)
    with pytest.raises(InputError, match="x.probe.yaml"):
        probe_job(bad)
    assert main(["batch", str(bad), "--device", "jvm", "--out", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and str(bad) in err[0]


def test_bad_broker_and_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path), "--broker", "http://x", "--out", str(tmp_path / "b")]) == 2
    assert "expected redis://HOST:PORT/N" in capsys.readouterr().err
    assert main(["batch", str(tmp_path), "--device", "jvm", "--out", str(tmp_path / "b")]) == 2
    assert "holds no .apk or .probe.yaml files" in capsys.readouterr().err
    assert main(["fleet-report", str(tmp_path)]) == 2
    assert "not a batch folder" in capsys.readouterr().err


def test_journal_restores_marked_processes(tmp_path: Path) -> None:
    journal = DeviceJournal(tmp_path, "jvm#1")
    assert journal.restore() == []  # nothing journalled: nothing to do
    token = journal.begin("k1")
    env = {**os.environ, LEASE_ENV: token}
    orphan = subprocess.Popen(["sleep", "60"], env=env, start_new_session=True)
    bystander = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        assert [p for p, _ in leftover_processes(token)] == [orphan.pid]
        outcomes = DeviceJournal(tmp_path, "jvm#1").restore(reason="worker came back")  # a fresh process's view
        assert [o.ok for o in outcomes] == [True]
        assert orphan.wait(5) is not None and bystander.poll() is None
        assert journal.pending() is None
        log = journal.log.read_text()
        assert "(worker came back): audit of k1" in log and f"leftover pid {orphan.pid} (sleep) ended: ok" in log
    finally:
        for p in (orphan, bystander):
            p.kill()
            p.wait()


def test_redelivered_message_is_answered_from_the_ledger(redis_url: str, tmp_path: Path) -> None:
    job = load_jobs([str(copy_probes(tmp_path / "apps", ["bare"]))])[0]
    ledger = Ledger.from_url(redis_url)
    ledger.forget(job.key)
    cfg = WorkerConfig(redis_url, "jvm#9", tmp_path / "w")
    assert ledger.acquire(job.key, {"worker": "other", "device": "jvm#1"})
    assert run_task(job, {"tries": 2}, cfg, "me")["status"] == "duplicate"  # a live holder: leave it
    ledger.release(job.key)
    ledger.set_done(job.key, {"key": job.key, "status": "complete"})
    assert run_task(job, {"tries": 2}, cfg, "me") == {"key": job.key, "worker": "me", "device": "jvm#9",
                                                      "status": "cached", "result": "complete"}
    assert not (tmp_path / "w").exists()  # no audit ran
    ledger.forget(job.key)
    ledger.set_last(job.key, {"worker": "w1", "device": "jvm#1", "attempt": 2, "reason": "worker w1 lost"})
    ledger.r.set(f"aph:fleet:tries:{job.key}", 2)
    res = run_task(job, {"tries": 2}, cfg, "me")
    assert res["status"] == "failed"
    done = ledger.done(job.key)
    assert done["status"] == "failed" and "gave up after 2 tries" in done["reason"] and "w1 lost" in done["reason"]
    assert ledger.lease(job.key) is None
    ledger.forget(job.key)


def test_progress_counts_and_eta() -> None:
    import io

    from rich.console import Console

    from harness.fleet.progress import RichFleetProgress

    buf = io.StringIO()
    progress = RichFleetProgress(Console(file=buf, width=120, force_terminal=False))
    progress.begin(total=5, already=1)
    assert progress.eta() is None
    progress.running("k1", "News v1", "jvm#1")
    progress.running("k2", "Shop", "jvm#2")
    progress.finished("k1", "jvm#1", "complete", 10.0)
    progress.finished("k2", "jvm#2", "retry", 4.0)
    progress.finished("k3", "jvm#2", "failed", 6.0)
    assert progress.finished_count == 3
    assert progress.eta() == pytest.approx(2 * (20 / 3) / 2)
    progress.close()
    out = buf.getvalue()
    assert "jvm#1" in out and "jvm#2" in out and "3/5" in out and "ETA" in out


def test_apk_job_from_manifest_with_drafted_policy(tmp_path: Path) -> None:
    from support.apks import build_apk

    from harness.fleet.apps import apk_job

    apk = tmp_path / "store" / "app.apk"
    apk.parent.mkdir()
    apk.write_bytes(build_apk("app").read_bytes())
    (apk.parent / "app.txt").write_text("为了保障账号安全，我们会收集您的设备信息（包括Android ID）。\n", encoding="utf-8")
    job = apk_job(apk, "accept")
    assert job.kind == "apk" and job.package and job.apk == str(apk.resolve())
    assert job.policy_origin.startswith("drafted:") and f"package: {job.package}" in job.policy_text
    assert job.scenarios == [{"builtin": "accept"}]
    import hashlib

    assert job.app_hash == hashlib.sha256(apk.read_bytes()).hexdigest()
    assert main(["batch", str(apk), "--device", "jvm", "--out", str(tmp_path / "b")]) == 2  # an APK is not for jvm
