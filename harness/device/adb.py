"""adb as a subprocess with timeouts, plus pure parsers for what adb prints.

Every command goes through one `Runner`, so tests replay recorded real outputs at the
subprocess boundary and assert the exact argv the harness issued. Parsers are plain
functions of text, tested on recorded output of real devices.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from harness.errors import DeviceError


@dataclass(frozen=True, slots=True)
class CmdResult:
    returncode: int
    stdout: bytes
    stderr: bytes = b""

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace").strip()


class Runner(Protocol):
    def __call__(self, argv: Sequence[str], *, timeout: float, input: bytes | None = None) -> CmdResult: ...


def subprocess_runner(argv: Sequence[str], *, timeout: float, input: bytes | None = None) -> CmdResult:
    """Run argv (never through a shell) with a timeout; DeviceError names the command on a hang."""
    try:
        cp = subprocess.run(list(argv), input=input, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as e:
        raise DeviceError(f"'{' '.join(argv[:6])}' did not finish within {timeout:g}s") from e
    except FileNotFoundError as e:
        raise DeviceError(f"{argv[0]}: not found; install it (apt-get install adb) or put it on PATH") from e
    return CmdResult(cp.returncode, cp.stdout, cp.stderr)


# ---- parsers ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AdbDevice:
    serial: str
    state: str
    """"device", "offline", "unauthorized", "recovery", ..."""
    props: dict[str, str] = field(default_factory=dict)
    """model, product, device, transport_id, usb (from `adb devices -l`)."""

    @property
    def is_emulator(self) -> bool:
        return self.serial.startswith("emulator-")

    def describe(self) -> str:
        model = self.props.get("model")
        return f"{self.serial} ({self.state}{', ' + model if model else ''})"


def parse_devices(text: str) -> list[AdbDevice]:
    """`adb devices -l` -> devices, skipping the header and daemon start-up chatter."""
    out: list[AdbDevice] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("List of devices", "*", "adb server", "daemon")):
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        props = dict(p.split(":", 1) for p in parts[2:] if ":" in p)
        out.append(AdbDevice(parts[0], parts[1], props))
    return out


_GETPROP = re.compile(r"^\[(?P<k>[^\]]+)\]: \[(?P<v>.*)\]$")
_GETPROP_OPEN = re.compile(r"^\[(?P<k>[^\]]+)\]: \[(?P<v>[^\]]*)$")
"""First line of a value that goes on over several lines (persist.sys.boot.reason.history)."""


def parse_getprop(text: str) -> dict[str, str]:
    """`getprop` -> {name: value}; multi-line values keep their first line only."""
    props: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        m = _GETPROP.match(line) or _GETPROP_OPEN.match(line)
        if m:
            props[m.group("k")] = m.group("v")
    return props


def parse_pm_list_packages(text: str) -> list[str]:
    """`pm list packages` -> package names."""
    return [line.split(":", 1)[1].strip().split("=")[-1] if "=" in line else line.split(":", 1)[1].strip()
            for line in text.splitlines() if line.startswith("package:")]


_FOCUS = re.compile(r"mCurrentFocus=Window\{\S+ \S+ (?P<name>[^}\s]+)\}")
_FOCUSED_APP = re.compile(r"mFocusedApp=.*?ActivityRecord\{\S+ \S+ (?P<pkg>[\w.]+)/(?P<act>[\w.$]+)")
_RESUMED = re.compile(r"(?:mResumedActivity|topResumedActivity|ResumedActivity)[:=]\s*ActivityRecord\{\S+ \S+ "
                      r"(?P<pkg>[\w.]+)/(?P<act>[\w.$]+)")


def parse_window_focus(text: str) -> tuple[str | None, str | None]:
    """`dumpsys window` -> (package, window name) of the focused window, e.g. a dialog of the app."""
    m = _FOCUS.search(text)
    if m:
        name = m.group("name")
        if "/" in name:
            pkg, act = name.split("/", 1)
            return pkg, act
        if name.startswith("PopupWindow") or " " in name:
            return None, name
        return (name if "." in name else None), name
    m = _FOCUSED_APP.search(text)
    return (m.group("pkg"), m.group("act")) if m else (None, None)


def parse_resumed_activity(text: str) -> tuple[str | None, str | None]:
    """`dumpsys activity activities` -> (package, activity) on top and resumed."""
    m = _RESUMED.search(text)
    if not m:
        return None, None
    pkg, act = m.group("pkg"), m.group("act")
    return pkg, (pkg + act if act.startswith(".") else act)


def parse_pidof(text: str) -> list[int]:
    return [int(t) for t in text.split() if t.isdigit()]


_FRIDA_VERSION = re.compile(r"(\d+\.\d+\.\d+)")


def parse_frida_version(text: str) -> str | None:
    m = _FRIDA_VERSION.search(text)
    return m.group(1) if m else None


def parse_badging(text: str) -> dict[str, object]:
    """`aapt dump badging APK` -> package, version, label, launchable activity, permissions."""
    info: dict[str, object] = {"permissions": []}
    for line in text.splitlines():
        if line.startswith("package:"):
            for key in ("name", "versionCode", "versionName"):
                m = re.search(rf"{key}='([^']*)'", line)
                if m:
                    info["package" if key == "name" else key] = m.group(1)
        elif line.startswith("application-label:"):
            info["label"] = line.split(":", 1)[1].strip().strip("'")
        elif line.startswith("launchable-activity:"):
            m = re.search(r"name='([^']*)'", line)
            if m:
                info["launchable_activity"] = m.group(1)
        elif line.startswith("uses-permission:"):
            m = re.search(r"name='([^']*)'", line)
            if m:
                info["permissions"].append(m.group(1))  # type: ignore[union-attr]
    return info


_PERM_LINE = re.compile(r"^\s*(?P<perm>[\w.]+): granted=(?P<granted>true|false)")


def parse_runtime_permissions(dumpsys_package: str) -> dict[str, bool]:
    """`dumpsys package PKG` -> {runtime permission: granted} from the 'runtime permissions:' block."""
    perms: dict[str, bool] = {}
    in_block = False
    block_indent = 0
    for line in dumpsys_package.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if stripped.startswith("runtime permissions:"):
            in_block, block_indent = True, indent
            continue
        if in_block:
            m = _PERM_LINE.match(line)
            if m and indent > block_indent:
                perms[m.group("perm")] = m.group("granted") == "true"
                continue
            if stripped and indent <= block_indent:
                in_block = False
    return perms


_PARCEL_WORD = re.compile(r"0x[0-9a-f]+: ((?:[0-9a-f]{8} ?){1,4})")


def parse_parcel_string(text: str) -> str | None:
    """`service call iphonesubinfo N` -> the UTF-16 string in the reply Parcel, or None.

    The reply is: status word, string length, then UTF-16LE code units packed two per
    32-bit word (printed big-endian per word, so the low half is the first char).
    """
    words: list[int] = []
    for m in _PARCEL_WORD.finditer(text):
        words.extend(int(w, 16) for w in m.group(1).split())
    if len(words) < 2 or words[0] != 0:
        return None
    length = words[1]
    if length <= 0 or length == 0xFFFFFFFF:
        return None
    chars: list[str] = []
    for w in words[2:]:
        for unit in (w & 0xFFFF, w >> 16):
            if len(chars) < length:
                chars.append(chr(unit))
    value = "".join(chars)
    return value if len(value) == length else None


_CONTENT_ROW = re.compile(r"^Row: \d+ (?P<body>.*)$")


def parse_content_rows(text: str) -> list[dict[str, str]]:
    """`content query` -> rows as dicts ('Row: 0 _id=5, display_name=x')."""
    rows = []
    for line in text.splitlines():
        m = _CONTENT_ROW.match(line.strip())
        if not m:
            continue
        row: dict[str, str] = {}
        for part in re.split(r", (?=\w+=)", m.group("body")):
            if "=" in part:
                k, v = part.split("=", 1)
                row[k.strip()] = v
        rows.append(row)
    return rows


# ---- the adb client -----------------------------------------------------------------------

class Adb:
    """`adb [-s SERIAL] ...` with a timeout per call; `shell` quotes each argument for the device shell."""

    def __init__(self, serial: str | None = None, *, adb: str | None = None, runner: Runner | None = None,
                 timeout: float = 30.0) -> None:
        self.serial = serial
        self.adb = adb or shutil.which("adb") or "adb"
        self.runner: Runner = runner or subprocess_runner
        self.timeout = timeout

    def for_serial(self, serial: str) -> Adb:
        return Adb(serial, adb=self.adb, runner=self.runner, timeout=self.timeout)

    def argv(self, *args: str) -> list[str]:
        return [self.adb, *(("-s", self.serial) if self.serial else ()), *args]

    def run(self, *args: str, timeout: float | None = None, input: bytes | None = None) -> CmdResult:
        return self.runner(self.argv(*args), timeout=timeout or self.timeout, input=input)

    def _checked(self, res: CmdResult, what: str) -> CmdResult:
        """`res`, or a one-line DeviceError naming the command, the device and the first line adb said."""
        if res.returncode != 0:
            msg = (res.err or res.text.strip() or f"exit status {res.returncode}").splitlines()[0]
            where = f" on {self.serial}" if self.serial else ""
            raise DeviceError(f"'adb {what}'{where} failed: {msg}")
        return res

    def cmd(self, *args: str, timeout: float | None = None, check: bool = True) -> str:
        """Run and return stdout as text; DeviceError with adb's message when it fails and `check`."""
        res = self.run(*args, timeout=timeout)
        return (self._checked(res, " ".join(args)[:80]) if check else res).text

    def shell(self, *args: str, timeout: float | None = None, check: bool = True) -> str:
        """`adb shell` with each argument quoted, since adb joins them into one device shell line."""
        line = " ".join(shlex.quote(a) for a in args)
        res = self.run("shell", line, timeout=timeout)
        return (self._checked(res, f"shell {line[:80]}") if check else res).text

    def exec_out(self, *args: str, timeout: float | None = None) -> bytes:
        """Binary-safe output (screencap -p): `adb exec-out` does not mangle line endings."""
        res = self.run("exec-out", " ".join(shlex.quote(a) for a in args), timeout=timeout)
        return self._checked(res, f"exec-out {' '.join(args)}").stdout

    def devices(self) -> list[AdbDevice]:
        return parse_devices(Adb(None, adb=self.adb, runner=self.runner).cmd("devices", "-l", timeout=15))

    def getprop(self) -> dict[str, str]:
        return parse_getprop(self.shell("getprop"))


def select_device(adb: Adb, serial: str | None) -> AdbDevice:
    """The device to use: the named one, or the only one attached; one-line DeviceError otherwise."""
    devices = adb.devices()
    listing = ", ".join(d.describe() for d in devices) or "none"
    if serial:
        for d in devices:
            if d.serial == serial:
                if d.state != "device":
                    hint = " (accept the USB debugging prompt on the device)" if d.state == "unauthorized" else ""
                    raise DeviceError(f"device {serial} is {d.state}{hint}")
                return d
        raise DeviceError(f"device {serial} is not attached (attached: {listing})")
    ready = [d for d in devices if d.state == "device"]
    if not ready:
        raise DeviceError(f"no Android device attached (adb devices: {listing}); start an emulator "
                          "or use --device avd:NAME / --device jvm")
    if len(ready) > 1:
        raise DeviceError(f"several devices attached, name one with --device SERIAL: {listing}")
    return ready[0]


SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}")
"""File names adb may pass on to the device shell unchanged (install-multiple sends each split's name)."""


@contextmanager
def staged_apks(apks: Sequence[Path]) -> Iterator[list[str]]:
    """Paths to hand to `adb install[-multiple]`: as given when every file name is plain, else
    symlinks named split-N.apk in a private folder, so no user-controlled name reaches a device shell."""
    if all(SAFE_FILE_NAME.fullmatch(Path(p).name) for p in apks):
        yield [str(p) for p in apks]
        return
    with tempfile.TemporaryDirectory(prefix="harness-apks-") as tmp:
        links = []
        for i, p in enumerate(apks):
            link = Path(tmp) / f"split-{i}.apk"
            link.symlink_to(Path(p).resolve())
            links.append(str(link))
        yield links
