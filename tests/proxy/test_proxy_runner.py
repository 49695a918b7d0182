"""ProxyRunner failure paths: a busy port is a one-line ProxyError (exit 3), never a hang."""

from __future__ import annotations

import socket

import pytest

from harness.errors import EXIT_ENVIRONMENT, ProxyError
from harness.proxy.runner import ProxyRunner, ensure_ca
from harness.trace import RunDir


def test_busy_port_is_a_one_line_proxy_error(tmp_path):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    try:
        runner = ProxyRunner(RunDir.create(tmp_path / "run"), port=busy.getsockname()[1])
        with pytest.raises(ProxyError) as err:
            runner.start(timeout=20)
    finally:
        busy.close()
    assert err.value.exit_code == EXIT_ENVIRONMENT and "\n" not in str(err.value)
    assert "mitmdump exited at start" in str(err.value) and not runner.running
    runner.stop()  # idempotent


def test_ca_is_reused_and_key_stays_private(tmp_path):
    cert = ensure_ca(tmp_path / "conf")
    first = cert.read_bytes()
    assert ensure_ca(tmp_path / "conf").read_bytes() == first
    assert (tmp_path / "conf" / "mitmproxy-ca.pem").stat().st_mode & 0o777 == 0o600


def test_restarting_the_proxy_on_one_run_keeps_both_captures(tmp_path):
    import subprocess

    from harness.proxy.har import load_capture

    run = RunDir.create(tmp_path / "run")
    for i in range(2):
        with ProxyRunner(run, sink=True) as proxy:
            subprocess.run(["curl", "-sS", "-o", "/dev/null", "--max-time", "5", "--proxy", proxy.url,
                            f"http://t{i}.umeng.com/x"], check=True, timeout=20)
    records, _ = load_capture(run.path / RunDir.FLOWS_MITM)
    assert [r["host"] for r in records] == ["t0.umeng.com", "t1.umeng.com"]
    live, _ = load_capture(run.path)
    assert [r["host"] for r in live] == ["t0.umeng.com", "t1.umeng.com"]
    assert live[0]["t"] < live[1]["t"]
