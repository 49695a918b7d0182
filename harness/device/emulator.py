"""Boot an AVD headless and wait until Android says it finished booting.

`emulator -avd NAME -no-window -no-audio -no-boot-anim -port P` runs in the background;
the device is ready when `getprop sys.boot_completed` prints 1. The restore kills it with
`adb emu kill` (and the process itself if that fails).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from harness.device.adb import Adb
from harness.device.restore import Restorer
from harness.errors import DeviceError
from harness.lifetime import die_with_parent

Popen = Callable[..., subprocess.Popen]


def emulator_argv(emulator: str, name: str, port: int) -> list[str]:
    return [emulator, "-avd", name, "-no-window", "-no-audio", "-no-boot-anim", "-port", str(port)]


def free_emulator_port(start: int = 5554, end: int = 5682) -> int:
    """An even console port whose pair is free (the emulator uses P and P+1)."""
    for port in range(start, end, 2):
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise DeviceError("no free emulator console port between 5554 and 5682")


def wait_booted(adb: Adb, timeout: float = 300.0, poll: float = 2.0,
                sleep: Callable[[float], None] | None = None) -> None:
    """Wait for the device to appear and `sys.boot_completed` to be 1; DeviceError on timeout."""
    deadline = time.monotonic() + timeout
    adb.cmd("wait-for-device", timeout=timeout)
    while adb.shell("getprop", "sys.boot_completed", check=False).strip() != "1":
        if time.monotonic() > deadline:
            raise DeviceError(f"{adb.serial} did not finish booting within {timeout:g}s")
        (sleep or time.sleep)(poll)


def boot_avd(name: str, adb: Adb, restorer: Restorer, *, emulator: str | None = None,
             timeout: float = 300.0, popen: Popen = subprocess.Popen, log: Path | None = None) -> str:
    """Start AVD `name` headless, wait for boot, register its shutdown; returns the serial."""
    exe = emulator or shutil.which("emulator")
    if not exe:
        raise DeviceError("emulator: not found; install the Android SDK emulator and put "
                          "$ANDROID_HOME/emulator on PATH (see docs/real-device.md)")
    port = free_emulator_port()
    serial = f"emulator-{port}"
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
    try:
        proc = popen(emulator_argv(exe, name, port), stdout=out, stderr=subprocess.STDOUT,
                     stdin=subprocess.DEVNULL, start_new_session=True,
                     preexec_fn=die_with_parent())
    except OSError as e:
        raise DeviceError(f"cannot start emulator for AVD {name}: {e}") from e
    dev = adb.for_serial(serial)

    def shutdown() -> None:
        dev.cmd("emu", "kill", check=False, timeout=20)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()

    restorer.push(f"emulator {serial} shut down", shutdown)
    if proc.poll() is not None:
        raise DeviceError(f"emulator for AVD {name} exited at once (status {proc.returncode}); "
                          f"check 'emulator -list-avds'")
    wait_booted(dev, timeout=timeout)
    return serial
