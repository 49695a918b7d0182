"""The conductor's input checks, run folder choice and failure handling (no device needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from harness.audit import AuditOptions, Conductor, resolve_out_dir
from harness.audit.conductor import resolve_app
from harness.device.interface import DeviceProfile
from harness.errors import DeviceError, InputError
from harness.trace import RunDir

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "harness" / "policies" / "examples" / "probe.yaml"
NOW = datetime(2026, 11, 28, 21, 5, 9)


def test_out_dir_new_empty_and_existing_run(tmp_path: Path) -> None:
    assert resolve_out_dir(tmp_path / "new", "p", NOW) == (tmp_path / "new", None)
    (tmp_path / "empty").mkdir()
    assert resolve_out_dir(tmp_path / "empty", "p", NOW) == (tmp_path / "empty", None)
    RunDir.create(tmp_path / "demo")
    fresh, note = resolve_out_dir(tmp_path / "demo", "p", NOW)
    assert fresh == tmp_path / "demo-20261128-210509"
    assert note == f"{tmp_path / 'demo'} already holds a run; this run goes to {fresh}"
    fresh.mkdir()
    assert resolve_out_dir(tmp_path / "demo", "p", NOW)[0] == tmp_path / "demo-20261128-210509-1"
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("x")
    with pytest.raises(InputError, match="directory is not empty and holds no run"):
        resolve_out_dir(tmp_path / "junk", "p", NOW)
    assert resolve_out_dir(None, "com.x", NOW)[0] == Path("runs/20261128-210509-com.x")


def test_app_and_device_combinations(tmp_path: Path) -> None:
    assert resolve_app("probe", "jvm")[0].package == "com.example.probe"
    with pytest.raises(InputError, match="runs on the JVM stand-in only"):
        resolve_app("probe", "emulator-5554")
    with pytest.raises(InputError, match="nope.apk: no such APK"):
        resolve_app(str(tmp_path / "nope.apk"), None)
    apk = tmp_path / "a.apk"
    apk.write_bytes(b"PK")
    with pytest.raises(InputError, match="an APK needs an Android device"):
        resolve_app(str(apk), "jvm")
    (tmp_path / "splits").mkdir()
    with pytest.raises(InputError, match="folder holds no .apk files"):
        resolve_app(str(tmp_path / "splits"), None)


@pytest.mark.parametrize(("argv", "message"), [
    (["probe", "--policy", "missing.yaml"], "missing.yaml: no such policy file"),
    (["probe", "--policy", str(POLICY), "--scenario", "acept"], "unknown scenario 'acept'"),
    (["probe", "--policy", str(POLICY), "--device", "emulator-5554"], "runs on the JVM stand-in only"),
    (["probe", "--policy", str(POLICY), "--wait-scale", "-1"], "--wait-scale -1: must be between 0 and 10"),
    (["probe", "--policy", str(POLICY), "--sdk-db", "nope.yaml"], "nope.yaml: no such SDK knowledge-base file"),
])
def test_cli_bad_input_is_one_line_exit_2(argv: list[str], message: str, tmp_path: Path) -> None:
    cp = subprocess.run([sys.executable, "-m", "harness", "audit", *argv, "--out", str(tmp_path / "r")],
                        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert cp.returncode == 2
    assert message in cp.stderr and len(cp.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()  # nothing created before the inputs were checked


class BrokenDevice:
    """A device whose proxy step fails after two changes were made: both must be undone."""

    kind, name = "jvm", "broken"

    def __init__(self) -> None:
        self.undone: list[str] = []

    def prepare(self, restorer) -> None:
        restorer.push("thing one undone", lambda: self.undone.append("one"))
        restorer.push("thing two undone", lambda: self.undone.append("two"))

    def describe(self) -> dict:
        return {"kind": "jvm", "serial": "broken"}

    def profile(self) -> DeviceProfile:
        raise DeviceError("broken device: cannot read its profile")


def test_setup_failure_marks_failed_restores_and_raises(tmp_path: Path) -> None:
    dev = BrokenDevice()
    conductor = Conductor("probe", POLICY, device="jvm", scenarios="accept", out_dir=tmp_path / "r",
                          options=AuditOptions(), device_factory=lambda *a: dev)
    with pytest.raises(DeviceError, match="cannot read its profile"):
        conductor.run()
    assert dev.undone == ["two", "one"]
    info = json.loads((tmp_path / "r" / "run.json").read_text())
    assert info["status"] == "failed" and info["ended_at"]
    assert "audit failed: broken device: cannot read its profile" in info["notes"]
    assert "restore thing two undone: ok" in info["notes"]
    assert (tmp_path / "r" / "restore.log").read_text().splitlines() == ["restore thing two undone: ok",
                                                                      "restore thing one undone: ok"]


def test_apk_static_analysis_before_the_device(tmp_path: Path) -> None:
    from support.apks import build_apk

    class NoDevice(BrokenDevice):
        kind, name = "android", "none"

        def prepare(self, restorer) -> None:
            raise DeviceError("no Android device attached (adb devices: none)")

    conductor = Conductor(str(build_apk("app")), POLICY, device="emulator-5554", scenarios="accept",
                          out_dir=tmp_path / "r", device_factory=lambda *a: NoDevice())
    with pytest.raises(DeviceError, match="no Android device attached"):
        conductor.run()
    run = RunDir.open(tmp_path / "r")
    static = run.read_json(RunDir.STATIC)
    assert static["app"]["package"] == "com.example.privacyapp"
    assert run.info["app"]["package"] == "com.example.privacyapp"
    assert run.info["stages"]["static analysis"]["status"] == "ok"
    assert any("is for com.example.probe, the app is com.example.privacyapp" in n for n in run.info["notes"])
    assert run.info["status"] == "failed"


def test_sdk_db_reaches_static_analysis_and_a_bad_one_stops_before_the_device(tmp_path: Path) -> None:
    from support.apks import build_apk

    class NoDevice(BrokenDevice):
        kind, name = "android", "none"

        def prepare(self, restorer) -> None:
            raise DeviceError("no Android device attached (adb devices: none)")

    mine = tmp_path / "mine.yaml"
    mine.write_text("sdks:\n  - {id: umeng, name: Umeng (house name), vendor: Umeng Inc, packages: [com.umeng]}\n",
                    encoding="utf-8")
    conductor = Conductor(str(build_apk("app")), POLICY, device="emulator-5554", scenarios="accept",
                          out_dir=tmp_path / "r", options=AuditOptions(sdk_db=mine), device_factory=lambda *a: NoDevice())
    with pytest.raises(DeviceError):
        conductor.run()
    sdks = {s["id"]: s for s in RunDir.open(tmp_path / "r").read_json(RunDir.STATIC)["sdks"]}
    assert sdks["umeng"]["name"] == "Umeng (house name)"

    mine.write_text("sdks:\n  - {id: umeng}\n", encoding="utf-8")
    cp = subprocess.run([sys.executable, "-m", "harness", "audit", "probe", "--policy", str(POLICY), "--sdk-db",
                         str(mine), "--out", str(tmp_path / "r2")], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert cp.returncode == 2 and "mine.yaml" in cp.stderr and len(cp.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "r2").exists()
