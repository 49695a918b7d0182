"""The Android device at the subprocess boundary: the exact adb commands issued, and their undo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from recordings import recorded

from harness.device.adb import Adb, CmdResult
from harness.device.android import AndroidDevice, ca_subject_hash_old
from harness.device.emulator import boot_avd, emulator_argv
from harness.device.frida_server import REMOTE_PATH
from harness.device.interface import AppState, AppTarget
from harness.device.restore import Restorer
from harness.device.uiautomator import parse_dump
from harness.errors import DeviceError

APP = AppTarget("com.example.news", apks=(Path("/tmp/news.apk"),))
SERIAL = "emulator-5554"


@pytest.fixture(autouse=True)
def _host_frida(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recordings come from frida-server 17.25.2: the host's frida claims that version."""
    monkeypatch.setattr("harness.device.frida_server.host_frida_version", lambda: "17.25.2")


def emulator_rules(replay, *, frida_running: str | None = None, host: str = "17.25.2") -> None:
    replay.on(r"devices -l", recorded("adb_devices_l.txt"))
    replay.on(r"shell getprop", recorded("getprop_emulator_api33.txt"))
    replay.on(r"root", "restarting adbd as root\n")
    replay.on(r"shell id -u", "0\n")
    if frida_running:
        replay.on(r"shell pidof frida-server", "4242\n")
        replay.on(r"shell readlink /proc/4242/exe", "/data/local/tmp/frida-server\n")
        replay.on(r"shell /data/local/tmp/frida-server --version", frida_running + "\n")
    else:
        replay.on(r"shell pidof frida-server", "", "", "5151\n")  # absent, absent (after -D), then up
        replay.on(r"shell /data/local/tmp/frida-server --version", recorded("frida_server_version.txt"))


def prepared(replay, tmp_path: Path, **kw) -> tuple[AndroidDevice, Restorer]:
    server = tmp_path / "frida-server-17.25.2-android-x86_64"
    server.write_bytes(b"\x7fELF")
    dev = AndroidDevice(SERIAL, adb=Adb(adb="adb", runner=replay), frida_server=server, **kw)
    restorer = Restorer(log=tmp_path / "restore.log")
    dev.prepare(restorer)
    return dev, restorer


def test_prepare_pushes_and_starts_frida_server_as_root(replay, tmp_path) -> None:
    emulator_rules(replay)
    dev, restorer = prepared(replay, tmp_path)
    cmds = replay.commands(SERIAL)
    assert cmds[:4] == ["shell getprop", "root", "wait-for-device", "shell id -u"]
    assert f"push {tmp_path}/frida-server-17.25.2-android-x86_64 {REMOTE_PATH}" in cmds
    assert cmds[cmds.index(f"push {tmp_path}/frida-server-17.25.2-android-x86_64 {REMOTE_PATH}") + 1:] == [
        f"shell chmod 755 {REMOTE_PATH}", f"shell {REMOTE_PATH} --version", f"shell {REMOTE_PATH} -D",
        "shell pidof frida-server", "shell pidof frida-server"]
    assert dev.server == {"version": "17.25.2", "pid": 5151, "started": True, "adb_root": True}
    assert dev.describe()["sdk"] == "33"
    restorer.run()
    assert replay.commands(SERIAL)[-1] == "shell kill 5151"
    assert (tmp_path / "restore.log").read_text() == "restore frida-server stopped: ok\n"


def test_running_frida_server_of_another_version_is_refused(replay, tmp_path) -> None:
    emulator_rules(replay, frida_running=recorded("frida_server_version_old.txt").strip())
    with pytest.raises(DeviceError) as e:
        prepared(replay, tmp_path)
    msg = str(e.value)
    assert "frida-server 16.1.4 is running on emulator-5554 but Python frida is 17.25.2" in msg
    assert "frida-server-17.25.2-android-x86_64" in msg and "\n" not in msg
    assert not any(c.startswith("push") for c in replay.commands(SERIAL))


def test_matching_running_server_is_reused_and_left_alone(replay, tmp_path) -> None:
    emulator_rules(replay, frida_running="17.25.2")
    dev, restorer = prepared(replay, tmp_path)
    assert dev.server["started"] is False and dev.server["pid"] == 4242
    assert restorer.pending == []


def test_real_device_uses_su(adb, replay, tmp_path) -> None:
    replay.on(r"devices -l", recorded("adb_devices_l_two.txt"))
    replay.on(r"shell getprop", recorded("getprop_device_user.txt"))
    replay.on(r"shell su -c 'id -u'", "0\n")
    replay.on(r"shell su -c 'pidof frida-server'", "", "", "777\n")
    replay.on(r"shell su -c '/data/local/tmp/frida-server --version'", "17.25.2\n")
    server = tmp_path / "fs"
    server.write_bytes(b"x")
    dev = AndroidDevice("0A081FDD4002QN", adb=adb, frida_server=server)
    restorer = Restorer()
    dev.prepare(restorer)
    cmds = replay.commands("0A081FDD4002QN")
    assert "root" not in cmds  # a user build: no adb root attempt
    assert "shell su -c '/data/local/tmp/frida-server -D'" in cmds
    restorer.run()
    assert replay.commands("0A081FDD4002QN")[-1] == "shell su -c 'kill 777'"


def test_no_server_anywhere_names_the_file_to_get(adb, replay, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    emulator_rules(replay)
    dev = AndroidDevice(SERIAL, adb=adb)
    with pytest.raises(DeviceError, match=r"download frida-server-17\.25\.2-android-x86_64\.xz from "
                                          r"https://github.com/frida/frida/releases/tag/17\.25\.2"):
        dev.prepare(Restorer())


def test_proxy_install_and_everything_is_restored_in_reverse(replay, tmp_path) -> None:
    emulator_rules(replay)
    replay.on(r"install -r /tmp/news.apk", "Performing Streamed Install\nSuccess\n")
    dev, restorer = prepared(replay, tmp_path)
    start = len(replay.commands(SERIAL))
    dev.set_proxy("127.0.0.1", 8899, tmp_path / "ca.pem")
    dev.install(APP)
    assert replay.commands(SERIAL)[start:] == [
        "reverse tcp:8899 tcp:8899", "shell settings put global http_proxy 127.0.0.1:8899", "install -r /tmp/news.apk"]
    start = len(replay.commands(SERIAL))
    outcomes = restorer.run()
    assert [o.name for o in outcomes] == ["app com.example.news uninstalled", "proxy setting cleared",
                                          "adb reverse removed", "frida-server stopped"]
    assert replay.commands(SERIAL)[start:] == [
        "uninstall com.example.news", "shell settings put global http_proxy :0",
        "shell settings delete global http_proxy", "reverse --remove tcp:8899", "shell kill 5151"]
    assert restorer.run() == outcomes  # idempotent: nothing left to undo


def test_keep_and_split_install(replay, tmp_path) -> None:
    emulator_rules(replay)
    dev, restorer = prepared(replay, tmp_path, keep=True)
    splits = AppTarget("com.example.news", apks=(Path("base.apk"), Path("split_config.x86_64.apk")))
    dev.install(splits)
    assert replay.commands(SERIAL)[-1] == "install-multiple -r base.apk split_config.x86_64.apk"
    assert "app com.example.news uninstalled" not in restorer.pending


def test_failed_undo_does_not_stop_the_others(tmp_path) -> None:
    done: list[str] = []
    r = Restorer(log=tmp_path / "log")
    r.push("a", lambda: done.append("a"))
    r.push("b", lambda: (_ for _ in ()).throw(DeviceError("device gone")))
    r.push("c", lambda: done.append("c"))
    out = r.run()
    assert done == ["c", "a"]
    assert [(o.name, o.ok) for o in out] == [("c", True), ("b", False), ("a", True)]
    assert "restore b: FAILED (DeviceError: device gone)" in (tmp_path / "log").read_text()


def test_state_from_pidof_and_dumpsys(adb, replay) -> None:
    dev = AndroidDevice(SERIAL, adb=adb)
    assert dev.state(APP) is AppState.NOT_RUNNING
    replay.on(r"shell pidof com.example.news", "9876\n")
    replay.on(r"shell dumpsys window", recorded("dumpsys_window_dialog.txt"))
    assert dev.state(APP) is AppState.FOREGROUND
    replay.on(r"shell dumpsys window", recorded("dumpsys_window_launcher.txt"))
    assert dev.state(APP) is AppState.BACKGROUND
    replay.on(r"shell dumpsys window", recorded("dumpsys_window_shade.txt"))
    replay.on(r"shell dumpsys activity activities", recorded("dumpsys_activity_activities.txt"))
    assert dev.state(APP) is AppState.FOREGROUND  # shade focused: fall back to the resumed activity


def test_screen_commands(adb, replay, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("harness.device.android.UI_DUMP_RETRY_SECONDS", 0.0)
    replay.on(r"shell uiautomator dump /sdcard/aph_window_dump.xml",
              "ERROR: could not get idle state.\n", "UI hierchary dumped to: /sdcard/aph_window_dump.xml\n")
    replay.on(r"exec-out cat /sdcard/aph_window_dump.xml", recorded("uiautomator_consent_zh.xml"))
    replay.on(r"exec-out screencap -p", b"\x89PNG\r\n\x1a\nfake")
    dev = AndroidDevice(SERIAL, adb=adb)
    dump = dev.ui_dump()
    agree = next(n for n in dump.nodes if n.text == "同意")
    dev.tap(agree)
    dev.home()
    dev.resume(APP)
    shot = dev.screenshot(tmp_path / "accept-01-tap_agree")
    assert shot == tmp_path / "accept-01-tap_agree.png" and shot.read_bytes().startswith(b"\x89PNG")
    assert replay.commands(SERIAL) == [
        "shell uiautomator dump /sdcard/aph_window_dump.xml",  # failed once (animation), retried
        "shell uiautomator dump /sdcard/aph_window_dump.xml", "exec-out cat /sdcard/aph_window_dump.xml",
        "shell input tap 740 1650", "shell input keyevent KEYCODE_HOME",
        "shell monkey -p com.example.news -c android.intent.category.LAUNCHER 1", "exec-out screencap -p"]
    assert dev.monkey(APP, 50, 7) == "ok"
    assert replay.commands(SERIAL)[-1] == ("shell monkey -p com.example.news -s 7 --throttle 200 --pct-syskeys 0 "
                                          "--pct-appswitch 0 50")


def test_permissions_and_clear(adb, replay) -> None:
    dev = AndroidDevice(SERIAL, adb=adb)
    replay.on(r"shell pm clear com.example.news", "Success\n")
    replay.on(r"shell pm revoke com.example.news android.permission.BOGUS",
              "Exception occurred while executing 'revoke':\njava.lang.IllegalArgumentException: Unknown permission")
    replay.on(r"shell dumpsys package com.example.news", recorded("dumpsys_package_runtime_permissions.txt"))
    dev.clear_data(APP)
    assert dev.grant(APP, "android.permission.CAMERA") is True
    assert dev.revoke(APP, "android.permission.BOGUS") is False
    assert dev.runtime_permissions(APP)["android.permission.READ_PHONE_STATE"] is True
    assert replay.commands(SERIAL)[:3] == ["shell pm clear com.example.news",
                                           "shell pm grant com.example.news android.permission.CAMERA",
                                           "shell pm revoke com.example.news android.permission.BOGUS"]
    replay.on(r"shell pm clear com.example.news", "Error: java.lang.SecurityException: denied\n")
    with pytest.raises(DeviceError, match="pm clear com.example.news on emulator-5554: Error"):
        dev.clear_data(APP)


def test_profile_and_canaries(replay, tmp_path) -> None:
    emulator_rules(replay)
    replay.on(r"shell settings get secure android_id", "5d2b3f7a9c1e4b60\n")
    replay.on(r"shell cat /sys/class/net/wlan0/address", "02:15:b2:00:00:00\n")
    replay.on(r"shell service call iphonesubinfo 1 s16 com.android.shell", recorded("service_call_iphonesubinfo_imei.txt"))
    replay.on(r"shell service call iphonesubinfo (15|12|13) s16 com.android.shell",
              recorded("service_call_iphonesubinfo_denied.txt"))
    replay.on(r"shell content query .*raw_contacts.*", recorded("content_query_raw_contacts.txt"))
    replay.on(r"shell settings get global device_name", "sdk_gphone64_x86_64\n")
    dev, restorer = prepared(replay, tmp_path)
    prof = dev.profile()
    values = {(k.data_type, k.value) for k in prof.known_values}
    assert ("android_id", "5d2b3f7a9c1e4b60") in values and ("imei", "358240051111110") in values
    assert ("mac_address", "02:15:b2:00:00:00") in values and ("serial_number", "EMULATOR33X1X10X0") in values
    assert prof.notes and "phone_number" in prof.notes[0]
    assert prof.to_json()["build"]["ro.build.version.sdk"] == "33"
    start = len(replay.commands(SERIAL))
    planted = dev.plant_canaries("20261128x")
    kinds = [(k.data_type, k.detail) for k in planted]
    assert kinds == [("contacts", "contact name"), ("contacts", "contact number"), ("location", "geo fix"),
                     ("device_name", "device name")]
    cmds = replay.commands(SERIAL)[start:]
    assert any(c.startswith("shell content insert --uri content://com.android.contacts/data --bind "
                            "raw_contact_id:i:7") for c in cmds)
    lat, lng = next(k.value for k in planted if k.data_type == "location").split(",")
    assert f"emu geo fix {lng} {lat}" in cmds  # the console takes longitude first
    assert "shell settings put global device_name aph-20261128x" in cmds
    start = len(replay.commands(SERIAL))
    restorer.run()
    undo = replay.commands(SERIAL)[start:]
    assert undo[:2] == ["shell settings put global device_name sdk_gphone64_x86_64",
                        "shell content delete --uri content://com.android.contacts/raw_contacts --where _id=7"]


def test_canary_contact_is_journalled_before_its_values_go_in(replay, tmp_path, monkeypatch) -> None:
    from harness.device.journal import JOURNAL, Journal

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    emulator_rules(replay)
    replay.on(r"shell content query .*raw_contacts.*", recorded("content_query_raw_contacts.txt"))
    replay.on(r"shell settings get global device_name", "sdk_gphone64_x86_64\n")
    on_disk: list[str] = []
    replay.on(r"shell content insert --uri content://com.android.contacts/data .*",
              lambda cmd: on_disk.append((tmp_path / JOURNAL).read_text()) or "")
    dev, restorer = prepared(replay, tmp_path)
    restorer.journal = Journal(tmp_path)
    dev.plant_canaries("20261203x")
    delete = "content delete --uri content://com.android.contacts/raw_contacts --where _id=7"
    assert len(on_disk) == 2 and all(delete in text for text in on_disk)  # on disk before the name and number


def test_ca_subject_hash_old_matches_openssl(tmp_path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mitmproxy"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mitmproxy")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM)
    (tmp_path / "ca.pem").write_bytes(pem)
    out = subprocess.run(["openssl", "x509", "-subject_hash_old", "-noout", "-in", str(tmp_path / "ca.pem")],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert ca_subject_hash_old(pem) == out


def test_boot_avd_headless_and_waits_for_boot(adb, replay, tmp_path, monkeypatch) -> None:
    started: list[list[str]] = []

    class FakeProc:
        returncode = None

        def poll(self):
            return None

        def wait(self, timeout=None):
            return 0

    def popen(argv, **kw):
        started.append(argv)
        assert kw["start_new_session"] is True
        return FakeProc()

    monkeypatch.setattr("harness.device.emulator.free_emulator_port", lambda: 5580)
    monkeypatch.setattr("harness.device.emulator.wait_booted.__defaults__", (300.0, 0.0, None))
    replay.on(r"shell getprop sys.boot_completed", "\n", "0\n", "1\n")
    restorer = Restorer()
    serial = boot_avd("Pixel_API_33", adb, restorer, emulator="/sdk/emulator/emulator",
                      popen=popen)
    assert serial == "emulator-5580"
    assert started == [emulator_argv("/sdk/emulator/emulator", "Pixel_API_33", 5580)]
    assert started[0][1:7] == ["-avd", "Pixel_API_33", "-no-window", "-no-audio", "-no-boot-anim", "-port"]
    assert replay.commands("emulator-5580") == ["wait-for-device"] + ["shell getprop sys.boot_completed"] * 3
    restorer.run()
    assert replay.commands("emulator-5580")[-1] == "emu kill"


def test_subprocess_runner_timeout_and_missing_tool(tmp_path) -> None:
    from harness.device.adb import subprocess_runner

    with pytest.raises(DeviceError, match="did not finish within 0.2s"):
        subprocess_runner(["sleep", "5"], timeout=0.2)
    with pytest.raises(DeviceError, match="not found"):
        subprocess_runner([str(tmp_path / "no-adb")], timeout=1)
    res = subprocess_runner(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=5)
    assert res == CmdResult(3, b"out\n", b"err\n")


def test_real_adb_binary_argv(tmp_path) -> None:
    """The real subprocess path: a stand-in `adb` script logs its argv and answers like adb."""
    log = tmp_path / "argv.log"
    fake = tmp_path / "adb"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\ncat {Path(__file__).parent / 'data' / 'adb_devices_l.txt'}\n")
    fake.chmod(0o755)
    adb = Adb(adb=str(fake))
    assert [d.serial for d in adb.devices()] == ["emulator-5554", "R58M12ABCDE"]
    adb.for_serial("emulator-5554").shell("settings", "put", "global", "http_proxy", "127.0.0.1:8080")
    assert log.read_text().splitlines() == ["devices -l",
                                            "-s emulator-5554 shell settings put global http_proxy 127.0.0.1:8080"]


def test_uiautomator_parse_errors() -> None:
    with pytest.raises(DeviceError, match="not a window hierarchy: ERROR: could not get idle state"):
        parse_dump("ERROR: could not get idle state.\n")
    dump = parse_dump(recorded("uiautomator_launcher.xml") + "UI hierchary dumped to: /dev/tty\n")
    assert dump.packages == {"com.google.android.apps.nexuslauncher"}


def test_second_signal_during_restore_does_not_skip_undo_steps(tmp_path) -> None:
    import os
    import signal

    done: list[str] = []
    r = Restorer()
    r.push("first", lambda: done.append("first"))
    r.push("second", lambda: (os.kill(os.getpid(), signal.SIGINT), os.kill(os.getpid(), signal.SIGTERM),
                              done.append("second")))
    r.run()
    assert done == ["second", "first"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers are back


def test_launch_spawns_suspended_attaches_then_resumes(adb, replay) -> None:
    calls: list[tuple] = []

    class FakeFridaDevice:
        def spawn(self, argv):
            calls.append(("spawn", tuple(argv)))
            return 3131

        def attach(self, pid):
            calls.append(("attach", pid))
            return "session"

        def resume(self, pid):
            calls.append(("resume", pid))

    dev = AndroidDevice(SERIAL, adb=adb, frida_device=FakeFridaDevice())
    pid = dev.launch(APP, lambda session, pid: calls.append(("agent loaded", session, pid)))
    assert pid == 3131
    assert calls == [("spawn", ("com.example.news",)), ("attach", 3131), ("agent loaded", "session", 3131),
                     ("resume", 3131)]


def test_explorer_verbs_issue_input_commands_and_read_the_focus(replay, tmp_path) -> None:
    """back / scroll / input_text / current_activity, as the explorer uses them on a real device."""
    emulator_rules(replay, frida_running="17.25.2")
    # a real phone's focus lines (tests/device/data/README.md, "Real recordings")
    replay.on(r"shell dumpsys window", recorded("real/dumpsys_window_focus_google_photos.txt"))
    dev, _ = prepared(replay, tmp_path)
    node = parse_dump(recorded("uiautomator_main_settings.xml")).nodes[0]
    assert node.cls
    before = len(replay.commands(SERIAL))
    dev.back()
    dev.scroll(node.__class__(index=0, scrollable=True, bounds=(0, 200, 1080, 1200)))
    dev.input_text(node.__class__(index=1, bounds=(40, 220, 860, 320)), "aph canary")
    assert replay.commands(SERIAL)[before:] == [
        "shell input keyevent KEYCODE_BACK", "shell input swipe 540 1000 540 400 300",
        "shell input tap 450 270", "shell input text aph%scanary"]
    assert dev.current_activity() == ("com.google.android.apps.photos",
                                      "com.google.android.apps.photos.home.HomeActivity")


@pytest.mark.parametrize("failure", ["agent", "process died"])
def test_launch_kills_the_suspended_app_when_the_agent_fails(adb, failure: str) -> None:
    """One spawn path (harness.agent.loader.spawn_attached): nothing half-started is left on the device."""
    import frida

    from harness.errors import AgentError

    calls: list[tuple] = []

    class FakeFridaDevice:
        def spawn(self, argv):
            return 4141

        def attach(self, pid):
            return "session"

        def resume(self, pid):
            calls.append(("resume", pid))

        def kill(self, pid):
            calls.append(("kill", pid))

    def attach(session, pid):
        if failure == "agent":
            raise AgentError("agent script failed to load: boom")
        raise frida.InvalidOperationError("script is destroyed")

    dev = AndroidDevice(SERIAL, adb=adb, frida_device=FakeFridaDevice())
    with pytest.raises((AgentError, DeviceError)) as e:
        dev.launch(APP, attach)
    assert calls == [("kill", 4141)]
    assert "\n" not in str(e.value)
    if failure == "process died":
        assert isinstance(e.value, DeviceError) and "com.example.news" in str(e.value) and "4141" in str(e.value)
