"""frida-server on the device: find a running one, check its version, push and start one as root.

Frida's host and server must speak the same protocol; a server of another version fails
late and obscurely, so a mismatch is refused up front with the exact file to fetch. The
harness never downloads: the server comes from --frida-server PATH or the local cache
(~/.cache/app-privacy-harness/frida-server/frida-server-<version>-android-<arch>[.xz]).
"""

from __future__ import annotations

import lzma
import os
import re
import shlex
import time
from dataclasses import dataclass
from pathlib import Path

from harness.device.adb import Adb, parse_frida_version, parse_pidof
from harness.device.restore import Restorer
from harness.errors import DeviceError

REMOTE_PATH = "/data/local/tmp/frida-server"
RELEASES = "https://github.com/frida/frida/releases"
ABI_TO_ARCH = {"arm64-v8a": "arm64", "armeabi-v7a": "arm", "armeabi": "arm", "x86_64": "x86_64", "x86": "x86"}


def host_frida_version() -> str:
    import frida

    return frida.__version__


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "app-privacy-harness" / "frida-server"


def server_file_name(version: str, arch: str) -> str:
    return f"frida-server-{version}-android-{arch}"


def versions_compatible(device_version: str, host_version: str) -> bool:
    """Same major.minor.patch: Frida only promises compatibility between identical releases."""
    return device_version.strip() == host_version.strip()


@dataclass(frozen=True, slots=True)
class RootMode:
    """How commands reach root: `adb root` (emulators, userdebug builds) or `su -c`."""

    adb_root: bool

    def wrap(self, *args: str) -> tuple[str, ...]:
        """argv that runs `args` as root; `su -c` takes one shell line, so each argument is quoted
        (Adb.shell quotes once more for the outer device shell)."""
        return args if self.adb_root else ("su", "-c", " ".join(shlex.quote(a) for a in args))


SAFE_DEVICE_PATH = re.compile(r"/(?:[A-Za-z0-9._+-]+/)*[A-Za-z0-9._+-]+")
"""What a frida-server path read back from the device may look like before the harness runs it as root."""


def checked_device_path(path: str, what: str) -> str:
    """`path` if it is a plain absolute path (no shell syntax, no `..`); DeviceError otherwise.

    The device is not trusted: a path it reports is run as root, so anything that is not an
    ordinary file name is refused rather than quoted and hoped for.
    """
    if len(path) > 256 or not SAFE_DEVICE_PATH.fullmatch(path) or "/../" in path + "/":
        raise DeviceError(f"device reported an unsafe {what} path {path[:80]!r}: refusing to run it")
    return path


def acquire_root(adb: Adb, props: dict[str, str]) -> RootMode:
    """`adb root` when the build allows it (emulator / userdebug), else check that `su` works."""
    if props.get("ro.build.type") in ("userdebug", "eng") or props.get("ro.kernel.qemu") == "1" \
            or (adb.serial or "").startswith("emulator-"):
        out = adb.cmd("root", check=False, timeout=20)
        if "cannot run as root" not in out:
            adb.cmd("wait-for-device", timeout=60)
            if adb.shell("id", "-u", check=False).strip() == "0":
                return RootMode(adb_root=True)
    if adb.shell("su", "-c", "id -u", check=False).strip() == "0":
        return RootMode(adb_root=False)
    raise DeviceError(f"{adb.serial}: no root (adb root refused and su is missing); frida-server needs a "
                      "rooted device or an emulator image without Google Play")


@dataclass(frozen=True, slots=True)
class ServerStatus:
    pid: int | None
    version: str | None
    path: str | None


def detect(adb: Adb, root: RootMode) -> ServerStatus:
    """A running frida-server (pid, path of its binary, `--version`), or all None."""
    pids = parse_pidof(adb.shell(*root.wrap("pidof", "frida-server"), check=False))
    if not pids:
        return ServerStatus(None, None, None)
    path = adb.shell(*root.wrap("readlink", f"/proc/{pids[0]}/exe"), check=False).strip() or REMOTE_PATH
    path = checked_device_path(path.removesuffix(" (deleted)"), "frida-server")
    version = parse_frida_version(adb.shell(*root.wrap(path, "--version"), check=False))
    return ServerStatus(pids[0], version, path)


def local_server(version: str, arch: str, user_path: Path | None) -> Path:
    """The frida-server binary to push: --frida-server PATH, else the cache; .xz is unpacked into the cache."""
    if user_path is not None:
        if not user_path.is_file():
            raise DeviceError(f"{user_path}: no such frida-server file")
        path = user_path
    else:
        name = server_file_name(version, arch)
        candidates = [cache_dir() / name, cache_dir() / (name + ".xz")]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise DeviceError(f"no frida-server on the device and none in {cache_dir()}: download {name}.xz "
                              f"from {RELEASES}/tag/{version} into that folder or pass --frida-server PATH")
        path = found
    if path.suffix == ".xz":
        out = cache_dir() / path.name[:-3]
        if not out.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(lzma.decompress(path.read_bytes()))
        path = out
    return path


def ensure_server(adb: Adb, props: dict[str, str], restorer: Restorer, *, user_path: Path | None = None,
                  host_version: str | None = None) -> dict[str, object]:
    """A frida-server of the host's version running as root; registers its stop if we started it.

    Returns facts for run.json: version, pid, started (bool), root mode.
    """
    host_version = host_version or host_frida_version()
    root = acquire_root(adb, props)
    status = detect(adb, root)
    if status.pid is not None:
        if status.version and not versions_compatible(status.version, host_version):
            raise DeviceError(f"frida-server {status.version} is running on {adb.serial} but Python frida is "
                              f"{host_version}; stop it (adb shell su -c 'kill {status.pid}') and push "
                              f"{server_file_name(host_version, _arch(props))} (--frida-server PATH)")
        return {"version": status.version, "pid": status.pid, "started": False, "adb_root": root.adb_root}
    arch = _arch(props)
    binary = local_server(host_version, arch, user_path)
    adb.cmd("push", str(binary), REMOTE_PATH, timeout=120)
    adb.shell(*root.wrap("chmod", "755", REMOTE_PATH))
    version = parse_frida_version(adb.shell(*root.wrap(REMOTE_PATH, "--version"), check=False))
    if version is None or not versions_compatible(version, host_version):
        raise DeviceError(f"{binary}: frida-server version {version or 'unknown'} does not match Python frida "
                          f"{host_version}; use {server_file_name(host_version, arch)} from {RELEASES}")
    adb.shell(*root.wrap(REMOTE_PATH, "-D"), timeout=20)
    pid = _wait_pid(adb, root)
    restorer.expect("frida-server stopped", {"adb": adb.serial, "args": ["shell", shlex.join(root.wrap("kill", str(pid)))]})
    restorer.push("frida-server stopped", lambda: adb.shell(*root.wrap("kill", str(pid)), check=False))
    return {"version": version, "pid": pid, "started": True, "adb_root": root.adb_root}


def _arch(props: dict[str, str]) -> str:
    abi = props.get("ro.product.cpu.abi", "")
    if abi not in ABI_TO_ARCH:
        raise DeviceError(f"unknown device ABI {abi!r}: cannot pick a frida-server build")
    return ABI_TO_ARCH[abi]


POLL_SECONDS = 0.5


def _wait_pid(adb: Adb, root: RootMode, timeout: float = 10.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        pids = parse_pidof(adb.shell(*root.wrap("pidof", "frida-server"), check=False))
        if pids:
            return pids[0]
        if time.monotonic() > deadline:
            raise DeviceError(f"frida-server did not start on {adb.serial} within {timeout:g}s")
        time.sleep(POLL_SECONDS)
