"""A hostile device cannot make the harness run commands: what it reports is checked, what reaches a
device shell is quoted, split-APK file names never reach it.

The fake `adb` here hands each `adb shell LINE` to a real /bin/sh (with `su`, `pidof`, `readlink`, `id`
stand-ins printing what a device would), so an unquoted argument would really execute: the injected
command creates PWNED in the sandbox.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.device.adb import Adb, staged_apks
from harness.device.frida_server import RootMode, checked_device_path, detect
from harness.errors import DeviceError

SERIAL = "emulator-5554"


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.fixture()
def device(tmp_path: Path) -> tuple[Adb, Path]:
    """An adb whose device shell is a real sh in `tmp_path/sandbox`; every shell line is logged."""
    sandbox, fakebin = tmp_path / "sandbox", tmp_path / "devbin"
    sandbox.mkdir()
    fakebin.mkdir()
    hostile = f"/data/local/tmp/x; touch {sandbox}/PWNED; #"
    (tmp_path / "exe").write_text(hostile + "\n")
    _script(fakebin / "su", 'if [ "$1" = -c ]; then exec /bin/sh -c "$2"; fi; exit 1\n')
    _script(fakebin / "pidof", '[ "$1" = frida-server ] && echo 4242\n')
    _script(fakebin / "readlink", f'cat {tmp_path}/exe\n')
    _script(fakebin / "id", "echo 0\n")
    _script(tmp_path / "adb", f"""[ "$1" = -s ] && shift 2
echo "$*" >> {tmp_path}/calls.log
if [ "$1" = shell ]; then cd {sandbox} && PATH={fakebin}:/usr/bin:/bin exec /bin/sh -c "$2"; fi
""")
    return Adb(SERIAL, adb=str(tmp_path / "adb")), sandbox


def test_hostile_frida_server_path_is_refused_and_nothing_runs(device: tuple[Adb, Path]) -> None:
    adb, sandbox = device
    with pytest.raises(DeviceError, match="unsafe frida-server path"):
        detect(adb, RootMode(adb_root=False))
    assert not (sandbox / "PWNED").exists()
    calls = (sandbox.parent / "calls.log").read_text().splitlines()
    assert len(calls) == 2 and "readlink" in calls[-1]  # pidof, readlink; the reported path never ran


def test_su_arguments_are_quoted_through_both_shells(device: tuple[Adb, Path]) -> None:
    adb, sandbox = device
    value = f"a; touch {sandbox}/PWNED; echo $(id) `id` 'q' \"d\" \\ end"
    out = adb.shell(*RootMode(adb_root=False).wrap("echo", value))
    assert out == value + "\n"
    assert not (sandbox / "PWNED").exists()


@pytest.mark.parametrize("path", ["/data/local/tmp/frida-server", "/data/local/tmp/re.frida.server/frida-server-17"])
def test_plain_device_paths_pass(path: str) -> None:
    assert checked_device_path(path, "frida-server") == path


@pytest.mark.parametrize("path", ["frida-server", "/data/../x", "/a/$(id)", "/a/b c", "/a/b\n/c", "/a/`id`", "/" * 300])
def test_unsafe_device_paths_are_refused(path: str) -> None:
    with pytest.raises(DeviceError):
        checked_device_path(path, "frida-server")


def test_split_names_with_shell_characters_are_staged_under_plain_names(tmp_path: Path) -> None:
    evil = tmp_path / "base;reboot;.apk"
    plain = tmp_path / "config.en.apk"
    evil.write_bytes(b"PK")
    plain.write_bytes(b"PK")
    with staged_apks([evil, plain]) as paths:
        assert [Path(p).name for p in paths] == ["split-0.apk", "split-1.apk"]
        assert [Path(os.path.realpath(p)) for p in paths] == [evil.resolve(), plain.resolve()]
    assert not Path(paths[0]).exists()
    with staged_apks([plain]) as paths:
        assert paths == [str(plain)]
