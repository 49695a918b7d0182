"""A real audit on an attached emulator, when HARNESS_DEVICE names one (skipped otherwise).

Needs a rooted emulator image (Google APIs, not Google Play) and frida-server matching the
Python frida version in ~/.cache/app-privacy-harness/frida-server/ or FRIDA_SERVER=PATH.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.device
@pytest.mark.slow
def test_real_audit_on_emulator(tmp_path: Path) -> None:
    from harness.static.testing import build_apk

    serial = os.environ["HARNESS_DEVICE"]
    apk = build_apk("app")
    argv = [sys.executable, "-m", "harness", "audit", str(apk), "--policy",
            str(REPO / "harness" / "policies" / "examples" / "news.yaml"), "--device", serial,
            "--scenario", "no_interaction", "--out", str(tmp_path / "run"), "--quiet"]
    if os.environ.get("FRIDA_SERVER"):
        argv += ["--frida-server", os.environ["FRIDA_SERVER"]]
    cp = subprocess.run(argv, capture_output=True, text=True, timeout=900, cwd=REPO)
    assert cp.returncode in (0, 1), cp.stderr
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["status"] == "complete" and run["device"]["serial"] == serial
    assert (tmp_path / "run" / "static.json").exists()
    assert any(n == "restore proxy setting cleared: ok" for n in run["notes"])
    assert any(n.startswith("restore app ") and n.endswith("uninstalled: ok") for n in run["notes"])
    proxy = subprocess.run(["adb", "-s", serial, "shell", "settings", "get", "global", "http_proxy"],
                           capture_output=True, text=True, timeout=30).stdout.strip()
    assert proxy in ("null", "", ":0")
    assert cp.stdout.strip().splitlines()[-1].endswith("report.html")
