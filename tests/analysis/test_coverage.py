"""Interception coverage in the analysis: a clean run is called complete only when the socket census
ran and saw nothing; census rows, TLS refusals and non-HTTP connections make it incomplete."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from tracekit import Trace, actor_of

from harness.analysis.engine import analyze_run
from harness.report import render

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "harness/report/report.schema.json").read_text())


def _run(tmp_path: Path, *, census: str | None, sockets: int = 0, tls_failure: bool = False) -> Path:
    tr = Trace(tmp_path / "run")
    tr.consent_run()
    tr.hook(6.0, "android_id", "umeng")
    tr.flow(7.0, "https://api.example.com/v1/feed", body="{}")
    if census is not None:
        tr.events.append({"v": 1, "t": 0.1, "kind": "agent", "status": census, "hook_id": "coverage.socket_census",
                          "reason": None, "detail": None, "pid": 4242, "scenario": "accept"})
    actor, stack = actor_of("umeng")
    for i in range(sockets):
        tr.events.append({"v": 1, "t": 8.0 + i, "kind": "socket", "seq": 100 + i, "call": "connect",
                          "transport": "tcp", "family": "ipv4", "address": "203.0.113.7", "port": 7000,
                          "quic": False, "purpose": None, "result": "ok", "stack": stack, "native_stack": [],
                          "thread": "main", "pid": 4242, "foreground": True, "actor": actor, "scenario": "accept"})
    if tls_failure:
        tr.flows.append({"v": 1, "t": 9.0, "kind": "tls_failure", "host": "pinned.example.com", "port": 443,
                         "sni": "pinned.example.com", "error": "certificate unknown"})
    return tr.write()


def test_census_ran_and_nothing_bypassed_is_complete(tmp_path: Path) -> None:
    cov = analyze_run(_run(tmp_path, census="hook_installed"), None).coverage
    assert cov["complete"] is True and cov["census"] is True and cov["not_seen"] == []
    assert cov["statement"].startswith("Every connection the app opened went through the proxy")


def test_without_the_census_coverage_is_unknown_never_complete(tmp_path: Path) -> None:
    report = analyze_run(_run(tmp_path, census=None), None, lang="zh")
    assert report.coverage["complete"] is None and report.coverage["census"] is None
    assert "未运行套接字普查" in report.coverage["statement"]
    html = render(report, "html")
    assert 'id="coverage-note" data-complete="None"' in html


def test_bypassing_sockets_and_refused_tls_make_it_incomplete(tmp_path: Path) -> None:
    report = analyze_run(_run(tmp_path, census="hook_installed", sockets=3, tls_failure=True), None)
    cov = report.coverage
    assert cov["complete"] is False and cov["sockets"] == 3
    [row] = cov["not_seen"]
    assert (row["address"], row["port"], row["count"], row["actor"]["sdk_id"]) == ("203.0.113.7", 7000, 3, "umeng")
    assert row["stack"][0].startswith("com.umeng.analytics.Core.init")
    assert cov["tls_refused"] == [{"host": "pinned.example.com", "count": 1}]
    assert cov["statement"] == ("Traffic coverage is incomplete: 3 connection(s) to 1 destination(s) bypassed the "
                                "proxy; 1 TLS handshake(s) refused the proxy's certificate. The verdict covers only "
                                "the traffic that was inspected; PI in the rest is unknown.")
    doc = json.loads(render(report, "json"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["coverage"]["complete"] is False
    assert json.loads(render(report, "sarif"))["runs"][0]["properties"]["coverage_complete"] is False
