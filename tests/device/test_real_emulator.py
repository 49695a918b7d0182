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
    from support.apks import build_apk

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


@pytest.mark.device
def test_system_ca_reaches_the_conscrypt_store_and_is_removed(tmp_path: Path) -> None:
    """--system-ca on the attached emulator: the CA file is in the store Conscrypt reads on this release
    (the APEX folder on API 34+) while the run lasts, and gone after the restore."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from harness.device import system_ca
    from harness.device.android import AndroidDevice, ca_subject_hash_old
    from harness.device.restore import Restorer

    serial = os.environ["HARNESS_DEVICE"]
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aph device test CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(key, hashes.SHA256()))
    ca = tmp_path / "ca.pem"
    ca.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    fname = f"{ca_subject_hash_old(ca.read_bytes())}.0"
    restorer = Restorer(log=tmp_path / "restore.log")
    dev = AndroidDevice(serial, system_ca=True, frida_server=Path(os.environ["FRIDA_SERVER"])
                        if os.environ.get("FRIDA_SERVER") else None)
    try:
        dev.prepare(restorer)
        target = system_ca.store_path(int(dev.props["ro.build.version.sdk"]))
        dev.set_proxy("127.0.0.1", 8899, ca)
        zygote = system_ca.parse_pids(dev.adb.shell("pidof", "zygote64", "zygote", check=False))[0]
        seen = dev.adb.shell("nsenter", f"--mount=/proc/{zygote}/ns/mnt", "--", "ls", target)
        assert fname in seen.split()
    finally:
        outcomes = restorer.run()
    assert all(o.ok for o in outcomes), [o.line() for o in outcomes]
    assert fname not in dev.adb.shell("ls", target).split()
