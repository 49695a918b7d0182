"""`harness doctor` explains each piece with its fix. (`harness selftest` passing every stage on this machine is
checked once, on the installed wheel: tests/packaging/test_wheel.py::test_wheel_selftest_and_static.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEVICES = REPO / "tests" / "device" / "data" / "adb_devices_l.txt"


def fake_adb(bin_dir: Path, frida_version: str) -> None:
    bin_dir.mkdir()
    script = bin_dir / "adb"
    script.write_text(f"""#!/bin/sh
case "$*" in
  "devices -l") cat {DEVICES} ;;
  "version") echo "Android Debug Bridge version 1.0.41" ;;
  *"pidof frida-server"*) echo 4242 ;;
  *"frida-server --version"*) echo {frida_version} ;;
esac
""")
    script.chmod(0o755)


def doctor(tmp_path: Path, frida_version: str) -> tuple[int, dict[str, dict]]:
    fake_adb(tmp_path / "bin", frida_version)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    cp = subprocess.run([sys.executable, "-m", "harness", "doctor", "--json"], capture_output=True, text=True,
                        timeout=120, cwd=REPO, env=env)
    return cp.returncode, {c["name"]: c for c in json.loads(cp.stdout)}


def test_doctor_reports_versions_devices_and_fixes(tmp_path: Path) -> None:
    rc, checks = doctor(tmp_path, "16.1.4")
    assert rc == 0  # only optional pieces are off
    assert checks["python: frida"]["status"] == "ok" and checks["python: frida"]["detail"].startswith("17.")
    assert checks["agent bundle"]["status"] == "ok"
    assert checks["mitmproxy (mitmdump)"]["detail"].lower().startswith("mitmproxy: 12.")
    assert checks["adb devices"]["status"] == "ok"
    assert "R58M12ABCDE (unauthorized" in checks["adb devices"]["detail"]
    fs = checks["frida-server on emulator-5554"]
    assert fs["status"] == "warn" and "16.1.4 does not match Python frida 17." in fs["detail"]
    assert "github.com/frida/frida/releases" in fs["fix"] and "--frida-server PATH" in fs["fix"]
    assert all(c["fix"] for c in checks.values() if c["status"] != "ok")


def test_doctor_matching_frida_server(tmp_path: Path) -> None:
    import frida

    _, checks = doctor(tmp_path, frida.__version__)
    assert checks["frida-server on emulator-5554"]["status"] == "ok"
    assert "running (pid 4242)" in checks["frida-server on emulator-5554"]["detail"]
