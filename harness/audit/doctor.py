"""`harness doctor`: what is installed and working, and the command that fixes each missing piece.

Checks never change the machine or a device, except building a stale agent bundle (the
same thing `make agent` does). Required pieces (python deps, frida, agent, mitmproxy, JDK)
decide the exit code; Android tooling and the APK tool chain are reported as optional.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from harness.device.adb import Adb, parse_frida_version, parse_pidof, subprocess_runner
from harness.errors import DeviceError

PY_DEPS = (("frida", "frida"), ("mitmproxy", "mitmproxy"), ("androguard", "androguard"), ("pyyaml", "yaml"),
           ("rich", "rich"), ("jinja2", "jinja2"), ("pyahocorasick", "ahocorasick"),
           ("ahocorasick-rs", "ahocorasick_rs"), ("msgspec", "msgspec"))
FRAMEWORK_RES = Path("/usr/share/android-framework-res/framework-res.apk")


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True

    @property
    def status(self) -> str:
        return "ok" if self.ok else ("MISSING" if self.required else "warn")


def _run(argv: list[str], timeout: float = 15.0) -> tuple[int, str]:
    """(exit status, stdout + stderr) of a version probe; 127 and the one-line reason when it cannot run."""
    try:
        res = subprocess_runner(argv, timeout=timeout)
    except (DeviceError, OSError) as e:
        return 127, str(e)
    return res.returncode, (res.stdout + res.stderr).decode("utf-8", "replace").strip()


def check_python() -> list[Check]:
    ok = sys.version_info >= (3, 12)
    out = [Check("python", ok, sys.version.split()[0], "make install (needs python3.12)")]
    for dist, module in PY_DEPS:
        try:
            version = metadata.version(dist)
            __import__(module)
            out.append(Check(f"python: {dist}", True, version))
        except (metadata.PackageNotFoundError, ImportError) as e:
            out.append(Check(f"python: {dist}", False, f"not importable ({type(e).__name__})",
                             f"{sys.executable} -m pip install -e '.[dev]'  (or: make install)"))
    return out + check_matcher_speed()


def check_matcher_speed() -> list[Check]:
    """The traffic matcher's fast parts are optional: without them results are the same, only slower."""
    from harness.detect import bodyscan, engine

    fix = f"{sys.executable} -m pip install -e '.[dev]'  (Hyperscan needs x86-64 or aarch64 Linux; the C scans gcc)"
    return [Check("matcher: pattern engine", engine.hyperscan is not None,
                  "hyperscan" if engine.hyperscan is not None else "aho-corasick (hyperscan not installed)", fix,
                  required=False),
            Check("matcher: C byte scans", bodyscan.NATIVE,
                  "built" if bodyscan.NATIVE else "not built: the Python twins run instead", fix, required=False)]


def check_frida() -> list[Check]:
    try:
        import frida

        dev = frida.get_local_device()
        return [Check("frida", True, f"{frida.__version__} (local device: {dev.name})")]
    except Exception as e:  # noqa: BLE001 - report any failure of the binding
        return [Check("frida", False, f"{type(e).__name__}: {e}".splitlines()[0], "make install")]


def check_agent() -> list[Check]:
    from harness.agent import build

    if not (build.AGENT_DIR / "node_modules" / "frida-java-bridge").exists():
        return [Check("agent bundle", not build.is_stale(),
                      "node_modules missing" + ("" if build.BUNDLE.exists() else "; no bundle"),
                      f"cd {build.AGENT_DIR} && npm ci  (or: make install)")]
    try:
        stale = build.is_stale()
        path = build.build() if stale else build.BUNDLE
    except Exception as e:  # noqa: BLE001
        return [Check("agent bundle", False, str(e).splitlines()[0], "make agent")]
    return [Check("agent bundle", True, f"{path} ({path.stat().st_size} bytes{', rebuilt now' if stale else ''})")]


def check_mitmproxy() -> list[Check]:
    exe = Path(sys.executable).parent / "mitmdump"
    exe_s = str(exe) if exe.exists() else shutil.which("mitmdump")
    if not exe_s:
        return [Check("mitmproxy (mitmdump)", False, "mitmdump not found", "make install")]
    rc, out = _run([exe_s, "--version"])
    first = next((line for line in out.splitlines() if line.lower().startswith("mitmproxy")), out[:60])
    return [Check("mitmproxy (mitmdump)", rc == 0, first, "make install")]


def check_jdk() -> list[Check]:
    out = []
    for tool in ("java", "javac", "keytool"):
        path = shutil.which(tool)
        if path is None:
            out.append(Check(f"JDK: {tool}", False, "not on PATH", "sudo apt-get install -y default-jdk-headless"))
        elif tool == "keytool":  # comes with the JDK checked above: being on PATH is the check
            out.append(Check(f"JDK: {tool}", True, path, "sudo apt-get install -y default-jdk-headless"))
        else:
            rc, text = _run([tool, "-version"])
            out.append(Check(f"JDK: {tool}", rc == 0, text.splitlines()[0] if text else path,
                             "sudo apt-get install -y default-jdk-headless"))
    return out + check_java_libraries()


def check_java_libraries() -> list[Check]:
    """The real OkHttp 3 + okio the probe's SDK stand-ins send through (Debian's jars)."""
    from harness.errors import EnvironmentProblem
    from harness.probe.build import library_jars

    try:
        jars = library_jars()
    except EnvironmentProblem as e:
        return [Check("probe libraries (OkHttp, okio)", False, str(e), "sudo apt-get install -y libokhttp-java")]
    return [Check("probe libraries (OkHttp, okio)", True, ", ".join(j.name for j in jars))]


def check_android_tools() -> list[Check]:
    out = []
    adb = shutil.which("adb")
    if adb is None:
        return [Check("adb", False, "not on PATH", "sudo apt-get install -y adb", required=False)]
    rc, text = _run([adb, "version"])
    out.append(Check("adb", rc == 0, text.splitlines()[0] if text else adb, "sudo apt-get install -y adb",
                     required=False))
    try:
        devices = Adb(adb=adb).devices()
    except DeviceError as e:
        out.append(Check("adb devices", False, str(e), "adb kill-server && adb start-server", required=False))
        return out
    ready = [d for d in devices if d.state == "device"]
    out.append(Check("adb devices", bool(ready), ", ".join(d.describe() for d in devices) or "none attached",
                     "start an emulator (see docs/real-device.md) or plug in a device with USB debugging on; "
                     "the JVM stand-in needs none: harness audit probe --device jvm", required=False))
    for d in ready:
        out.append(_frida_server_check(Adb(d.serial, adb=adb)))
    emulator = shutil.which("emulator")
    out.append(Check("emulator", emulator is not None, emulator or "not on PATH (only needed for --device avd:NAME)",
                     "install the Android SDK emulator and add $ANDROID_HOME/emulator to PATH", required=False))
    return out


def _frida_server_check(adb: Adb) -> Check:
    from harness.device.frida_server import (
        REMOTE_PATH,
        host_frida_version,
        server_file_name,
        versions_compatible,
    )

    host = host_frida_version()
    name = f"frida-server on {adb.serial}"
    running = parse_pidof(adb.shell("pidof", "frida-server", check=False))
    version = parse_frida_version(adb.shell(REMOTE_PATH, "--version", check=False))
    fix = (f"download {server_file_name(host, '<arch>')}.xz from https://github.com/frida/frida/releases/tag/{host}, "
           "then harness audit ... --frida-server PATH (the harness pushes and starts it)")
    if version is None:
        return Check(name, False, f"no {REMOTE_PATH}" + (" (one is running elsewhere)" if running else ""), fix,
                     required=False)
    if not versions_compatible(version, host):
        return Check(name, False, f"{version} does not match Python frida {host}", fix, required=False)
    return Check(name, True, f"{version}" + (f", running (pid {running[0]})" if running else
                                              ", not running (the audit starts it)"), required=False)


def check_apk_toolchain() -> list[Check]:
    out = []
    for tool, pkg in (("aapt", "aapt"), ("smali", "smali"), ("zipalign", "zipalign"), ("apksigner", "apksigner")):
        path = shutil.which(tool)
        out.append(Check(f"APK tools: {tool}", path is not None, path or "not on PATH",
                         f"sudo apt-get install -y {pkg}  (or: make system-deps)", required=False))
    out.append(Check("APK tools: framework-res", FRAMEWORK_RES.exists(), str(FRAMEWORK_RES),
                     "sudo apt-get install -y android-framework-res", required=False))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out.append(Check("chromium (HTML report test)", chromium is not None, chromium or "not on PATH",
                     "sudo apt-get install -y chromium", required=False))
    return out


def run_checks() -> list[Check]:
    checks: list[Check] = []
    for fn in (check_python, check_frida, check_agent, check_mitmproxy, check_jdk, check_android_tools,
               check_apk_toolchain):
        try:
            checks.extend(fn())
        except Exception as e:  # noqa: BLE001 - a broken check is itself a finding, never a traceback
            checks.append(Check(fn.__name__.removeprefix("check_"), False, f"check crashed: {e}".splitlines()[0],
                                "run with --debug and report it", required=False))
    return checks
