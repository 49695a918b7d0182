"""Acceptance for interception coverage, end to end on the JVM stand-in: the JPush stand-in's own
TCP link (around the proxy, to a listener this test owns) is in the report as traffic not seen,
and the report says coverage is incomplete next to its verdict."""

from __future__ import annotations

import json
import re
import socket
import threading
from pathlib import Path

import pytest

from harness.audit import AuditOptions, Conductor
from harness.trace import RunDir, read_jsonl

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "harness" / "policies" / "examples" / "probe.yaml"
ANDROID_ID = "a3f1c9e27b5d4086"
SCENARIO = """name: push
description: agree, then use the feature that starts the push SDK
steps:
  - launch
  - wait: 1
  - find_consent
  - tap_agree
  - wait: 1
  - user: {name: feature, arg: push}
  - expect_running
"""


@pytest.fixture(scope="module")
def push_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, int]:
    tmp = tmp_path_factory.mktemp("coverage")
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(60)
    port = listener.getsockname()[1]
    received: list[bytes] = []

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            data = b""
            while chunk := conn.recv(4096):
                data += chunk
            received.append(data)
            conn.sendall(b"OK\n")

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    scenario = tmp / "push.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("PROBE_PUSH_ENDPOINT", f"127.0.0.1:{port}")   # the JVM inherits it: JPush's "server"
    try:
        result = Conductor("probe", POLICY, device="jvm", scenarios=str(scenario), out_dir=tmp / "run",
                           options=AuditOptions(wait_scale=0.5)).run()
    finally:
        mp.undo()
        server.join(10)
        listener.close()
    assert result.status == "complete", result.notes
    return result.run_dir, b"".join(received), port


def test_direct_socket_is_recorded_and_reported_as_not_seen(push_run) -> None:
    run, received, port = push_run
    assert f"did={ANDROID_ID}".encode() in received   # PI went out over the link the proxy never saw
    sockets = [r for r in read_jsonl(run / RunDir.EVENTS) if r["kind"] == "socket"]
    jpush = [r for r in sockets if r["port"] == port]
    assert len(jpush) == 1 and jpush[0]["transport"] == "tcp" and jpush[0]["address"] == "127.0.0.1"
    assert jpush[0]["actor"]["sdk_id"] == "jpush" and jpush[0]["scenario"] == "push"
    assert any(f.startswith("cn.jpush.android.api.JPushInterface.init(") for f in jpush[0]["stack"])
    report = json.loads((run / "report.json").read_text(encoding="utf-8"))
    cov = report["coverage"]
    assert cov["complete"] is False and cov["census"] is True
    row = next(r for r in cov["not_seen"] if r["port"] == port)
    assert row["actor"]["sdk_id"] == "jpush" and row["count"] == 1 and row["results"] == ["in_progress"]   # a connect with a timeout is non-blocking
    assert "bypassed the proxy" in cov["statement"]
    html = (run / "report.html").read_text(encoding="utf-8")
    note = re.search(r'<div class="partial" id="coverage-note"[^>]*>([^<]*)</div>', html)
    assert note and "Traffic coverage is incomplete" in note.group(1)
    assert html.index('id="verdict"') < html.index('id="coverage-note"') < html.index('id="timeline"')
    assert f"127.0.0.1:{port}" in html[html.index('id="not-seen-sockets"'):]


def test_traffic_through_the_proxy_is_not_in_the_census(push_run) -> None:
    run, _, port = push_run
    proxy_port = json.loads((run / "run.json").read_text(encoding="utf-8"))["proxy"]["port"]
    sockets = [r for r in read_jsonl(run / RunDir.EVENTS) if r["kind"] == "socket"]
    assert all(r["port"] != proxy_port for r in sockets)
    flows = [r for r in read_jsonl(run / RunDir.FLOWS) if r["kind"] == "flow"]
    assert {"alog.umeng.com", "android.bugly.qq.com"} <= {f["host"] for f in flows}   # those were seen
