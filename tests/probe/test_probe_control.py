"""The probe app end to end over its control channel: every command, real JVM, no proxy."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness.errors import DeviceError
from harness.probe import ProbeCommandError, ProbeProcess, build_probe, wait_exit
from harness.taxonomy import taxonomy

FEATURES = ("nearby", "contacts", "scan", "voice", "shake", "login", "sms_code")


@pytest.fixture(scope="module")
def classpath() -> Path:
    return build_probe()


@pytest.fixture
def probe(classpath: Path):
    with ProbeProcess.launch(classpath, poll_interval_ms=50) as p:
        yield p


def clickable(dump: str) -> dict[str, ET.Element]:
    root = ET.fromstring(dump)
    assert root.tag == "hierarchy"
    return {n.get("text") or n.get("content-desc"): n for n in root.iter("node") if n.get("clickable") == "true"}


def test_ready_fast_and_pid_is_the_java_process(classpath: Path) -> None:
    started = time.monotonic()
    with ProbeProcess.launch(classpath) as p:
        assert time.monotonic() - started < 10
        assert p.pid == p.popen.pid
        assert Path(f"/proc/{p.pid}/exe").resolve().name == "java"
        assert p.command("ping") == "pong"
        assert p.command("state").split()[0] == "not_started"


def test_nothing_runs_before_start(probe: ProbeProcess) -> None:
    for cmd in ("agree", "decline", "paste", "feature nearby", "home"):
        with pytest.raises(ProbeCommandError):
            probe.command(cmd)
    assert probe.values_text() == ""  # no app code ran yet: the agent can attach now
    assert clickable(probe.command("ui")).keys() == {"Probe"}  # the launcher


def test_start_shows_consent_dialog_after_pre_consent_umeng(probe: ProbeProcess) -> None:
    assert probe.command("start") == "consent_dialog"
    assert probe.command("state") == "consent_dialog consent=pending foreground=true youth=off polls=0"
    buttons = clickable(probe.command("ui"))
    assert {"同意", "不同意", "《隐私政策》"} <= buttons.keys()
    agree = buttons["同意"]
    assert agree.get("resource-id") == "com.example.probe:id/btn_agree"
    assert agree.get("class") == "android.widget.Button" and agree.get("package") == "com.example.probe"
    assert agree.get("bounds") == "[150,1560][930,1660]"
    values = probe.values_text()
    assert "V\tumeng\tTelephonyManager.getDeviceId()\t867530901234565\n" in values
    assert "\tumeng\tWifiInfo.getMacAddress()\t" in values
    assert "\tapp\t" not in values  # the app itself reads nothing before consent
    with pytest.raises(ProbeCommandError, match="already started"):
        probe.command("start")


def test_english_dialog(classpath: Path) -> None:
    with ProbeProcess.launch(classpath, lang="en") as p:
        p.command("start")
        assert {"Agree", "Disagree"} <= clickable(p.command("ui")).keys()
        assert p.command("tap Agree") == "tapped Agree: main"
        assert "Nearby" in clickable(p.command("ui"))


def test_agree_then_every_feature_paste_poll_and_background(probe: ProbeProcess) -> None:
    probe.command("start")
    assert probe.command("tap 同意") == "tapped 同意: main"
    values = probe.values_text()
    for line in ("V\tapp\tApplicationPackageManager.getInstalledPackages(0)\t",
                 "V\tapp\tClipboardManager.getPrimaryClip()\t",
                 "V\tbugly\tSettings$Secure.getString(android_id)\t",
                 "V\tgoogle_ads\tAdvertisingIdClient$Info.getId()\tc2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25"):
        assert line in values
    for name in FEATURES:
        assert probe.command(f"feature {name}") == f"feature {name}"
    assert probe.command("tap 扫一扫") == "tapped 扫一扫: feature scan"
    with pytest.raises(ProbeCommandError, match="unknown feature"):
        probe.command("feature teleport")
    assert probe.command("paste") == "pasted"
    assert probe.command("poll_location 0 3") == "polled 3"
    assert probe.command("state").endswith("polls=3")
    assert probe.command("home") == "background"
    assert clickable(probe.command("ui")).keys() == {"Probe"}
    deadline = time.monotonic() + 10
    while int(probe.command("state").rsplit("=", 1)[1]) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    state = probe.command("state")
    assert state.startswith("background consent=agreed foreground=false")
    assert int(state.rsplit("=", 1)[1]) >= 5  # background polling every 50 ms
    assert probe.command("resume") == "main"
    polls = probe.command("state").rsplit("=", 1)[1]
    time.sleep(0.3)
    assert probe.command("state").rsplit("=", 1)[1] == polls  # polling stopped in the foreground
    # no proxy: every request failed, was logged, and the app went on
    assert "NET umeng POST https://alog.umeng.com/app_logs" in probe.stderr_tail(200)
    assert "NET app GET http://log.probe.example.com/track?lat=39.9087243&lng=116.3974752" in probe.stderr_tail(200)
    assert "failed" in probe.stderr_tail(200)
    assert probe.alive


def test_decline_collects_then_exits_zero(probe: ProbeProcess) -> None:
    probe.command("start")
    before = probe.values_text()
    assert probe.command("tap 不同意") == "tapped 不同意: exiting code=0"
    assert wait_exit(probe, 10) == 0
    after = probe.values_text()[len(before):]
    assert "V\tumeng\tIdSupplier.getOAID()\t7d3f9a2e-1b4c-4e8d-a6f0-93c5b2d1e847\n" in after
    with pytest.raises(DeviceError):
        probe.command("state")


def test_exit_ends_the_process(probe: ProbeProcess) -> None:
    probe.command("start")
    assert probe.command("exit") == "bye"
    assert probe.wait(10) == 0
    assert not probe.alive


def test_exercise_from_app_and_sdk_packages(probe: ProbeProcess) -> None:
    n_app = int(probe.command("exercise").split()[1])
    assert n_app >= 60
    for sdk in ("umeng", "bugly", "google_ads"):
        assert probe.command(f"exercise_sdk {sdk}") == f"exercised {n_app} sdk={sdk}"
    assert probe.command("exercise_sdk") == f"exercised {n_app} sdk=umeng"
    with pytest.raises(ProbeCommandError, match="unknown sdk"):
        probe.command("exercise_sdk nope")
    # The values log is drained from the probe's stdout by a thread: under load its last lines may still be
    # on their way when the reply arrives, so read until every actor's lines are in (bounded).
    deadline = time.monotonic() + 10
    while True:
        lines = probe.values_text().splitlines()
        by_actor = {a: [ln.split("\t", 2)[2] for ln in lines if ln.split("\t")[1] == a]
                    for a in ("app", "umeng", "bugly", "google_ads")}
        if len(by_actor["umeng"]) >= 2 * len(by_actor["app"]) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert by_actor["app"] == by_actor["bugly"] == by_actor["google_ads"]
    assert by_actor["umeng"] == by_actor["app"] * 2
    app = "\n".join(by_actor["app"])
    for expected in ("ContentResolver.query(content://call_log/calls)\tMatrixCursor{count=1",
                     "ClipboardManager.getPrimaryClip()\tClipData { text/plain \"share\" {T:",
                     "Location.getLatitude()\t39.9087243", "AppSetIdInfo.getId()\t0b7e4c1a-",
                     "AccountManager.getAccounts()\t[Account {name=probe.user@example.com, type=com.google}]"):
        assert expected in app


def test_burst_replies_elapsed_ns(probe: ProbeProcess) -> None:
    elapsed = int(probe.command("burst 1000"))
    assert elapsed > 0
    assert probe.values_text().endswith("V\tapp\tburst(1000) TelephonyManager.getDeviceId()\t867530901234565\n")
    with pytest.raises(ProbeCommandError):
        probe.command("burst many")


def test_profile_and_plant(probe: ProbeProcess) -> None:
    profile = json.loads(probe.command("profile"))
    assert profile["device"]["imei"] == "867530901234565"
    assert profile["build"]["MODEL"] == "Pixel 6" and profile["build"]["SDK_INT"] == 33
    tax = taxonomy()
    for kv in profile["known_values"]:
        assert tax.get(kv["data_type"]) is not None, kv
        assert kv["source"] == "device_profile"
    assert probe.command("plant clipboard 口令 CANARY-CLIP 42") == "planted clipboard"
    assert probe.command("plant contact Canary Wang|+8613700009999") == "planted contact"
    assert probe.command("plant location 31.2304,121.4737") == "planted location"
    assert probe.command("plant device_name Canary Phone") == "planted device_name"
    assert probe.command("plant imei 356938035643809") == "planted imei"
    for bad in ("plant contact nobar", "plant location north", "plant colour red", "plant clipboard"):
        with pytest.raises(ProbeCommandError):
            probe.command(bad)
    profile = json.loads(probe.command("profile"))
    canaries = {(kv["data_type"], kv["value"]) for kv in profile["known_values"] if kv["source"] == "canary"}
    assert canaries == {("clipboard", "口令 CANARY-CLIP 42"), ("contacts", "Canary Wang"),
                        ("contacts", "+8613700009999"), ("location", "31.2304,121.4737"),
                        ("device_name", "Canary Phone"), ("imei", "356938035643809")}
    probe.command("exercise")
    values = probe.values_text()
    assert "TelephonyManager.getDeviceId()\t356938035643809" in values
    assert "{T:口令 CANARY-CLIP 42}" in values
    assert "Location.getLongitude()\t121.4737" in values
    assert "[Canary Wang, +8613700009999]" in values


def test_protocol_errors(probe: ProbeProcess) -> None:
    assert probe.command_raw("frobnicate") == "err unknown command frobnicate"
    with pytest.raises(ProbeCommandError, match="frobnicate"):
        probe.command("frobnicate")
    with pytest.raises(ProbeCommandError, match="usage"):
        probe.command("poll_location 10")
    with pytest.raises(DeviceError):
        probe.command("two\nlines")
    assert probe.command("ping") == "pong"  # still serving


SEQUENCE = ("start", "agree", "feature contacts", "paste", "poll_location 0 2", "exercise", "exercise_sdk bugly",
            "plant location 22.5431,114.0579", "feature nearby", "burst 50", "exit")


def run_sequence(classpath: Path, values: Path) -> bytes:
    with ProbeProcess.launch(classpath, values_log=values) as p:
        for cmd in SEQUENCE:
            p.command(cmd)
        assert p.wait(10) == 0
    return values.read_bytes()


def test_values_log_is_deterministic(classpath: Path, tmp_path: Path) -> None:
    first = run_sequence(classpath, tmp_path / "a.log")
    second = run_sequence(classpath, tmp_path / "b.log")
    assert first == second
    assert first.count(b"\n") > 150


def test_parent_death_ends_the_probe(classpath: Path) -> None:
    p = ProbeProcess.launch(classpath)
    p.popen.stdin.close()  # what the OS does when the harness dies
    assert wait_exit(p, 10) == 0
    p.terminate()


def test_ready_timeout_is_one_line_device_error(classpath: Path) -> None:
    with pytest.raises(DeviceError) as info:
        ProbeProcess.launch(classpath, extra_args=["--bogus"], ready_timeout=10)
    assert "PROBE_READY" in str(info.value) and "\n" not in str(info.value)


def test_tap_by_content_desc_and_resource_id(probe: ProbeProcess) -> None:
    assert probe.command("tap Probe") == "tapped Probe: consent_dialog"  # the launcher icon starts the app
    assert probe.command("tap com.example.probe:id/btn_agree") == "tapped com.example.probe:id/btn_agree: main"
    assert probe.command("tap btn_paste") == "tapped btn_paste: pasted"
    assert probe.command("home") == "background"
    assert probe.command("tap Probe") == "tapped Probe: main"  # back to the foreground
    with pytest.raises(ProbeCommandError, match="no clickable node"):
        probe.command("tap 同意")


def test_timeout_drops_the_channel_and_terminate_still_works(probe: ProbeProcess) -> None:
    probe.command("start")
    probe.command("agree")
    with pytest.raises(DeviceError, match="no reply"):
        probe.command("poll_location 300 10", timeout=0.5)  # takes ~3 s
    with pytest.raises(DeviceError, match="closed"):
        probe.command("ping")  # a late reply must never answer a later command
    probe.reconnect()
    assert probe.command("state").startswith("main")  # the app is still serving (the poll runs on)
    started = time.monotonic()
    probe.terminate(timeout=1)
    assert not probe.alive and time.monotonic() - started < 15
