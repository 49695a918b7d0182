"""The real agent on a real HotSpot JVM (the mini app's stand-in classes carry Android names)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from agent_helpers import APP, MiniApp, python_child, read_records

from harness.agent.catalogue import load_catalogue
from harness.agent.loader import attach_local
from harness.trace.clock import RunClock

COMMANDS = ["ids", "sdk", "resume", "throw", "read /sys/class/net/lo/address", "read /proc/cpuinfo", "pause"]


@pytest.fixture(scope="module")
def traced(mini_build, bundle, catalogue, tmp_path_factory) -> dict:
    """One mini-app run under the agent (COMMANDS + a late-loaded class), and one run without it."""
    out = tmp_path_factory.mktemp("agent") / "events.jsonl"
    app = MiniApp(mini_build["classes"])
    clock = RunClock()
    try:
        session = attach_local(app.pid, out, clock, catalogue=catalogue, app_packages=(APP,), bundle=bundle)
        session.scenario = "accept"
        for c in COMMANDS:
            assert app.cmd(c) == "ok"
        session.scenario = "late"
        assert app.cmd(f"late {mini_build['late']} 6 300") == "ok"
        session.flush()
        written = session.events_written
        app.send("exit")
        app.proc.wait(10)
        deadline = time.monotonic() + 5
        while session.detached_reason is None and time.monotonic() < deadline:
            time.sleep(0.05)
        session.close()
    finally:
        app.close()
    plain = MiniApp(mini_build["classes"])
    try:
        for c in COMMANDS:
            assert plain.cmd(c) == "ok"
    finally:
        plain.close()
    return {"records": read_records(out), "values": app.values, "plain_values": plain.values,
            "written": written, "session": session}


def _hooks(records: list[dict], hook_id: str) -> list[dict]:
    return [r for r in records if r["kind"] == "hook" and r["hook_id"] == hook_id]


def test_values_types_and_attribution(traced) -> None:
    recs = traced["records"]
    dev = _hooks(recs, "telephony.get_device_id")
    assert [r["values"]["return"] for r in dev] == ["867530901234565", "867530901234571", "867530901234565"]
    assert dev[1]["values"]["args"] == {"0": "1"}
    assert dev[0]["actor"]["kind"] == "first_party" and dev[0]["actor"]["package"] == APP
    assert dev[2]["actor"] == {**dev[2]["actor"], "kind": "sdk", "sdk_id": "umeng", "package": "com.umeng.analytics"}
    assert all(r["data_type"] == "imei" and r["api"] == "android.telephony.TelephonyManager.getDeviceId" for r in dev)
    aid = _hooks(recs, "settings.secure_android_id")
    assert [(r["values"]["return"], r["actor"]["kind"]) for r in aid] == [("a3f1c9e27b5d4086", "first_party"),
                                                                        ("a3f1c9e27b5d4086", "sdk")]
    assert aid[0]["stack"][0].startswith("android.provider.Settings$Secure.getString")
    assert any(f.startswith("com.example.mini.Main.main(Main.java:") for f in aid[0]["stack"])
    assert [r["data_type"] for r in _hooks(recs, "telephony.get_subscriber_id")] == ["imsi"]
    loc = _hooks(recs, "location_manager.get_last_known_location")[0]
    assert loc["values"]["location"] == "39.9087243,116.3974752" and loc["values"]["args"] == {"0": "gps"}
    apps = _hooks(recs, "package_manager.get_installed_packages")[0]
    assert apps["values"]["return_count"] == 3 and "PackageInfo{com.tencent.mm}" in apps["values"]["return"]
    perm = _hooks(recs, "permissions.activity_request")[0]
    assert perm["event"] == "permission_request" and perm["data_type"] is None
    assert perm["values"]["args"]["0"] == "[android.permission.READ_PHONE_STATE, android.permission.ACCESS_FINE_LOCATION]"
    assert all(r["scenario"] == "accept" and r["pid"] for r in dev)
    seqs = [r["seq"] for r in recs if r["kind"] == "hook"]
    assert seqs == list(range(1, len(seqs) + 1))


def test_record_filters_only_decide_recording(traced) -> None:
    recs = traced["records"]
    # Settings$Secure.getString("bluetooth_name") and getPackageInfo(own package) ran but are not recorded...
    assert [r["values"]["args"]["1"] for r in _hooks(recs, "settings.secure_android_id")] == ["android_id"] * 2
    assert [r["values"]["args"]["0"] for r in _hooks(recs, "package_manager.get_package_info_other")] == ["com.tencent.mm"]
    # ...and the app still got their real results.
    assert "V\tdevice_name\tMini Phone" in traced["values"]
    assert "V\town\tPackageInfo{com.example.mini}" in traced["values"]


def test_hooks_do_not_change_behaviour(traced) -> None:
    assert traced["values"][: len(traced["plain_values"])] == traced["plain_values"]
    # The original's exception reaches the app unchanged, and the attempt is recorded.
    assert "V\tmeid_thrown\tjava.lang.SecurityException: getMeid: caller lacks READ_PRIVILEGED_PHONE_STATE" \
        in traced["values"]
    meid = _hooks(traced["records"], "telephony.get_meid")[0]
    assert "SecurityException" in meid["values"]["thrown"] and "return" not in meid["values"]


def test_foreground_tracking(traced) -> None:
    recs = [r for r in traced["records"] if r["kind"] == "hook"]
    by_id = {r["hook_id"]: r for r in recs}
    assert _hooks(recs, "telephony.get_device_id")[0]["foreground"] is None  # before any onResume
    assert by_id["lifecycle.activity_on_resume"]["foreground"] is True
    assert by_id["telephony.get_meid"]["foreground"] is True
    assert by_id["lifecycle.activity_on_pause"]["foreground"] is False


def test_missing_class_and_overload_are_skipped_with_reason(traced) -> None:
    diags = {r["hook_id"]: r for r in traced["records"] if r["kind"] == "agent" and r["hook_id"]}
    assert diags["test.missing_class"]["status"] == "hook_skipped"
    assert diags["test.missing_class"]["reason"] == \
        "class com.nowhere.NoSuchClass not found (hooked later if it loads)"
    assert diags["test.missing_overload"]["reason"] == \
        "no overload (int,int) of android.telephony.TelephonyManager.getSubscriberId; have ()"
    assert diags["native.system_property_serial"]["reason"].startswith("symbol __system_property_get is not")
    assert "test.missing_class" in traced["session"].skipped
    assert "telephony.get_device_id" in traced["session"].installed  # the others went on


def test_class_loaded_later_gets_hooked(traced) -> None:
    late = _hooks(traced["records"], "test.late_secret")
    # Six calls 300 ms apart; the class appears with the first call and is hooked within a retry tick.
    assert 1 <= len(late) <= 5
    assert all(r["values"]["return"] == "late-secret-42" and r["scenario"] == "late" for r in late)
    assert late[0]["actor"]["kind"] == "first_party"
    assert traced["values"].count("V\tlate\tlate-secret-42") == 6


def test_native_hooks_on_the_jvm_attribute_through_the_java_stack(traced) -> None:
    mac = _hooks(traced["records"], "native.open_mac_path")
    assert [r["values"]["args"]["0"] for r in mac] == ["/sys/class/net/lo/address"]
    assert mac[0]["event"] == "native" and mac[0]["native_stack"] and mac[0]["actor"]["kind"] == "first_party"
    assert [r["data_type"] for r in _hooks(traced["records"], "native.open_cpuinfo")] == ["device_info"]


def test_detach_and_clock(traced) -> None:
    recs = traced["records"]
    exits = [r for r in recs if r["kind"] == "agent" and r["status"] == "process_exit"]
    assert len(exits) == 1 and exits[0]["reason"] == "process-terminated"
    hook_times = [r["t"] for r in recs if r["kind"] == "hook"]
    assert hook_times == sorted(hook_times) and 0 < hook_times[0] < 30 and hook_times[-1] <= exits[0]["t"]


def test_burst_exact_count_including_in_flight_at_exit(mini, bundle, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    cat = load_catalogue().select(ids=["telephony.get_device_id"])
    session = attach_local(mini.pid, out, RunClock(), catalogue=cat, app_packages=(APP,), bundle=bundle,
                           batch_size=1000, flush_ms=50)
    mini.send("burst_exit 100000")   # 100,000 calls, then System.exit(0) at once: no flush from us
    assert mini.proc.wait(120) == 0
    deadline = time.monotonic() + 20
    while session.detached_reason is None and time.monotonic() < deadline:
        time.sleep(0.05)
    session.close()
    recs = read_records(out)
    hooks = [r for r in recs if r["kind"] == "hook"]
    missing = sorted(set(range(1, 100_001)) - {r["seq"] for r in hooks})
    diags = [(r["status"], r["reason"]) for r in recs if r["kind"] == "agent" and r["status"] != "hook_installed"]
    assert not missing, f"{len(missing)} missing, {missing[:1]}..{missing[-1:]}; {diags}"
    assert [r["seq"] for r in hooks] == list(range(1, 100_001))
    assert not [r for r in recs if r["kind"] == "agent" and r["status"] == "error"]


def test_native_hooks_fire_on_a_host_process(bundle, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    child = python_child("import fcntl, socket, struct\n"
                         "open('/sys/class/net/lo/address').read()\nopen('/proc/cpuinfo').read()\n"
                         "open('/etc/hostname').read()\n"
                         "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                         "fcntl.ioctl(s.fileno(), 0x8927, struct.pack('256s', b'lo'))\n"
                         "import ctypes\nlibc = ctypes.CDLL(None)\nlibc.fopen.restype = ctypes.c_void_p\n"
                         "libc.fclose(ctypes.c_void_p(libc.fopen(b'/proc/cpuinfo', b'r')))\n"
                         "print('done', flush=True)\n")
    try:
        cat = load_catalogue().select(kinds={"native"})
        session = attach_local(child.pid, out, RunClock(), catalogue=cat, bundle=bundle)
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "done"
        session.close()
    finally:
        child.kill()
        child.wait()
    recs = read_records(out)
    hooks = [r for r in recs if r["kind"] == "hook"]
    assert [(r["hook_id"], r["values"]["args"]) for r in hooks] == [
        ("native.open_mac_path", {"0": "/sys/class/net/lo/address"}),
        ("native.open_cpuinfo", {"0": "/proc/cpuinfo"}),
        ("native.ioctl_siocgifhwaddr", {"2": "lo 00:00:00:00:00:00"}),
        ("native.fopen_cpuinfo", {"0": "/proc/cpuinfo"}),   # glibc fopen -> open: one event (hook group file_open)
    ]
    assert all(r["native_stack"] and r["stack"] == [] for r in hooks)
    assert all(int(r["values"]["return"]) >= 0 for r in hooks if "return" in r["values"])
    loaded = [r for r in recs if r["kind"] == "agent" and r["status"] == "loaded"][0]
    assert loaded["detail"]["java"] is False


def test_spawn_hooks_before_the_first_instruction(bundle, tmp_path: Path) -> None:
    """spawn -> attach -> init -> resume: a read in the program's very first line is seen."""
    import sys

    import frida

    from harness.agent.loader import spawn_android

    out = tmp_path / "events.jsonl"
    cat = load_catalogue().select(ids=["native.open_cpuinfo", "native.openat_cpuinfo", "native.fopen_cpuinfo"])
    pid, session = spawn_android(frida.get_local_device(), "python-child", out, RunClock(), catalogue=cat,
                                 bundle=bundle, argv=[sys.executable, "-c", "open('/proc/cpuinfo').read()"])
    deadline = time.monotonic() + 20
    while session.detached_reason is None and time.monotonic() < deadline:
        time.sleep(0.05)
    session.close()
    hooks = [r for r in read_records(out) if r["kind"] == "hook"]
    assert [r["hook_id"] for r in hooks] == ["native.open_cpuinfo"]
    assert hooks[0]["pid"] == pid


def test_broken_bundle_is_a_one_line_agent_error(mini, tmp_path: Path) -> None:
    from harness.errors import AgentError

    bad = tmp_path / "agent.js"
    bad.write_text("rpc.exports = { init( { ;", encoding="utf-8")
    with pytest.raises(AgentError) as err:
        attach_local(mini.pid, tmp_path / "events.jsonl", RunClock(), bundle=bad)
    assert str(err.value).startswith(f"{bad}: the agent bundle does not load: ")
    assert "\n" not in str(err.value)
    assert mini.cmd("ids") == "ok"  # the app is untouched


def test_attach_to_a_missing_process_is_a_device_error(tmp_path: Path) -> None:
    from harness.errors import DeviceError

    with pytest.raises(DeviceError, match=r"^cannot attach to process 999999999: "):
        attach_local(999_999_999, tmp_path / "events.jsonl", RunClock())
