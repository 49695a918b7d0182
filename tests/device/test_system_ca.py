"""`--system-ca` at the process boundary: the exact adb commands, the script's per-namespace
decisions from recorded outputs, the APEX folder on API 34+ and /system below, and the undo."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from recordings import recorded
from test_android import SERIAL, emulator_rules, prepared

from harness.device import system_ca
from harness.device.system_ca import APEX_CACERTS, SYSTEM_CACERTS
from harness.errors import DeviceError

ZYGOTES = recorded("real/pidof_zygote64_pixel7pro.txt")          # "1141 1650"
NSENTER_ERROR = recorded("real/nsenter_exec_bin_mount_missing.txt").strip()


def test_parsers_read_real_outputs() -> None:
    assert system_ca.parse_pids(ZYGOTES) == [1141, 1650]
    assert system_ca.parse_pids("") == []
    real_ps = recorded("real/ps_A_rooted_phone_excerpt.txt")
    assert system_ca.children_of(real_ps, {1}) == [774, 793, 812]
    assert len(system_ca.children_of(real_ps, {2})) == 13
    assert system_ca.children_of(recorded("ps_A_zygote_children.txt"), {1141, 1650}) == [1980, 4321, 5120]
    res = system_ca.parse_result(f"aph-mounted shell\naph-failed 5120 {NSENTER_ERROR}\nnoise\naph-mounted 1141\n")
    assert res.done == ["shell", "1141"] and res.failed == {"5120": NSENTER_ERROR}


@pytest.mark.parametrize("api,target", [(34, APEX_CACERTS), (35, APEX_CACERTS), (33, SYSTEM_CACERTS),
                                        (24, SYSTEM_CACERTS)])
def test_store_folder_by_release(api: int, target: str) -> None:
    assert system_ca.store_path(api) == target


@pytest.mark.skipif(shutil.which("sh") is None, reason="no POSIX shell")
def test_scripts_are_valid_shell() -> None:
    for script in (system_ca.install_script(APEX_CACERTS, "/data/local/tmp/aph-ca-c8750f0d.0", "c8750f0d.0",
                                            ["shell", "1141", "4321"]),
                   system_ca.uninstall_script(APEX_CACERTS, "/data/local/tmp/aph-ca-c8750f0d.0", ["shell", "1141"])):
        assert subprocess.run(["sh", "-n", "-c", script], capture_output=True).returncode == 0


def _device_script(fail: dict[str, str]):
    """The device's answer to `sh -c SCRIPT`: one aph-* line per namespace the script names."""
    def answer(command: str) -> str:
        verb = "unmounted" if "umount" in command else "mounted"
        spaces = re.findall(r"aph-(?:mounted|unmounted) (\S+?)'", command)
        return "".join(f"aph-failed {ns} {fail[ns]}\n" if ns in fail else f"aph-{verb} {ns}\n" for ns in spaces)
    return answer


def _rules(replay, api: str, fail: dict[str, str] | None = None) -> None:
    emulator_rules(replay)
    replay.on(r"shell getprop", recorded("getprop_emulator_api33.txt").replace(
        "[ro.build.version.sdk]: [33]", f"[ro.build.version.sdk]: [{api}]"))
    replay.on(r"shell pidof zygote zygote64", ZYGOTES)
    replay.on(r"shell ps -A", recorded("ps_A_zygote_children.txt"))
    replay.on(r"(?s)shell sh -c .*", _device_script(fail or {}))   # the script spans lines
    target = APEX_CACERTS if int(api) >= 34 else SYSTEM_CACERTS
    replay.on(rf"shell ls {target}", "00673b5b.0\nc8750f0d.0\nfd08c599.0\n")


def _ca(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr("harness.device.android.ca_subject_hash_old", lambda pem: "c8750f0d")
    ca = tmp_path / "mitmproxy-ca-cert.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    return ca


def test_api34_mounts_over_the_apex_store_in_every_namespace_and_undoes_it(replay, tmp_path, monkeypatch) -> None:
    _rules(replay, "34", fail={"5120": NSENTER_ERROR})   # one app refuses: noted, not fatal
    ca = _ca(tmp_path, monkeypatch)
    dev, restorer = prepared(replay, tmp_path, system_ca=True)
    start = len(replay.commands(SERIAL))
    dev.set_proxy("127.0.0.1", 8899, ca)
    remote = "/data/local/tmp/aph-ca-c8750f0d.0"
    spaces = ["shell", "1141", "1650", "1980", "4321", "5120"]
    script = system_ca.install_script(APEX_CACERTS, remote, "c8750f0d.0", spaces)
    cmds = replay.commands(SERIAL)[start:]
    assert cmds[2:] == ["shell pidof zygote zygote64", "shell ps -A", f"push {ca} {remote}",
                        "shell sh -c " + _quoted(script), f"shell ls {APEX_CACERTS}"]
    assert f"mount -t tmpfs tmpfs {APEX_CACERTS}" in script and "cp /apex/com.android.conscrypt/cacerts/* " in script
    assert "nsenter --mount=/proc/1141/ns/mnt -- /system/bin/sh -c" in script
    assert "nsenter --mount=/proc/1650/ns/mnt" in script and "/bin/mount " not in script.replace("/system/bin/", "")
    assert dev.notes == ["--system-ca: 1 running app(s) kept the old store (they ended or refused nsenter); "
                         "apps started from now on see the CA"]
    n = len(replay.commands(SERIAL))
    outcomes = restorer.run()
    undo = replay.commands(SERIAL)[n]
    assert undo == "shell sh -c " + _quoted(system_ca.uninstall_script(APEX_CACERTS, remote, spaces[:-1]))
    assert f"nsenter --mount=/proc/4321/ns/mnt -- /system/bin/umount {APEX_CACERTS}" in undo
    assert [o.line() for o in outcomes][:3] == [f"restore system CA unmounted from {APEX_CACERTS}: ok",
                                              "restore proxy setting cleared: ok", "restore adb reverse removed: ok"]


def test_api33_uses_the_system_folder(replay, tmp_path, monkeypatch) -> None:
    _rules(replay, "33")
    ca = _ca(tmp_path, monkeypatch)
    dev, _ = prepared(replay, tmp_path, system_ca=True)
    dev.set_proxy("127.0.0.1", 8899, ca)
    script = [c for c in replay.commands(SERIAL) if c.startswith("shell sh -c")][0]
    assert f"mount -t tmpfs tmpfs {SYSTEM_CACERTS}" in script and APEX_CACERTS not in script
    assert "remount" not in replay.commands(SERIAL)   # no -writable-system needed any more
    assert dev.notes == []


def test_zygote_not_reached_is_a_one_line_error_and_still_undone(replay, tmp_path, monkeypatch) -> None:
    _rules(replay, "34", fail={"1141": "nsenter: setns: Operation not permitted"})
    ca = _ca(tmp_path, monkeypatch)
    dev, restorer = prepared(replay, tmp_path, system_ca=True)
    with pytest.raises(DeviceError) as e:
        dev.set_proxy("127.0.0.1", 8899, ca)
    assert "1141: nsenter: setns: Operation not permitted" in str(e.value) and "\n" not in str(e.value)
    assert restorer.pending[-1] == f"system CA unmounted from {APEX_CACERTS}"


def test_no_zygote_is_refused_before_anything_changes(replay, tmp_path, monkeypatch) -> None:
    _rules(replay, "34")
    replay.on(r"shell pidof zygote zygote64", "", rc=1)
    ca = _ca(tmp_path, monkeypatch)
    dev, _ = prepared(replay, tmp_path, system_ca=True)
    with pytest.raises(DeviceError, match="no zygote process found"):
        dev.set_proxy("127.0.0.1", 8899, ca)
    assert not [c for c in replay.commands(SERIAL) if c.startswith("shell sh -c") or "aph-ca" in c]


def _quoted(script: str) -> str:
    import shlex

    return shlex.quote(script)
