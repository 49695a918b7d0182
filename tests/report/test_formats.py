"""JSON against its shipped schema, SARIF against the 2.1.0 required structure, JUnit parses; the CLI maps --fail-on."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from tracekit import Trace

from harness.analysis import ALL_RULES, analyze_run
from harness.cli.main import main
from harness.report import FILENAMES, render, write_reports

DATA = Path(__file__).parent / "data"
REPORT_SCHEMA = Path(__file__).parents[2] / "harness" / "report" / "report.schema.json"


@pytest.fixture
def run(trace: Trace) -> Path:
    trace.consent_run(accept_at=5.0, end=30.0)
    trace.hook(1.0, "imei", "umeng")
    trace.flow(1.5, "https://alog.umeng.com/app_logs?imei=867530901234565")
    trace.hook(8.0, "clipboard", "app")
    return trace.write()


def test_write_reports_all_formats(run: Path, tmp_path: Path) -> None:
    rep = analyze_run(run, None)
    paths = write_reports(rep, tmp_path / "out")
    assert {k: p.name for k, p in paths.items()} == FILENAMES
    assert all(p.stat().st_size > 0 for p in paths.values())


def test_json_matches_schema(run: Path) -> None:
    doc = json.loads(render(analyze_run(run, None), "json"))
    jsonschema.validate(doc, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    assert doc["schema"] == "aph-report/1" and doc["summary"]["by_severity"]["high"] == 1
    f = doc["findings"][0]
    assert f["rule"] == "pre_consent_collection" and f["anchors"]["rending"] == ["3.1"]
    assert [e["ref"] for e in f["evidence"]] == ["event#1", "flow:f1", "ui:accept:policy_shown@2.0",
                                                 "ui:accept:consent_accepted@5.0"]


def test_sarif_valid(run: Path) -> None:
    doc = json.loads(render(analyze_run(run, None), "sarif"))
    jsonschema.validate(doc, json.loads((DATA / "sarif-2.1.0-trimmed.schema.json").read_text(encoding="utf-8")))
    assert doc["version"] == "2.1.0"
    driver = doc["runs"][0]["tool"]["driver"]
    results = doc["runs"][0]["results"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [m.RULE.id for m in ALL_RULES]  # every per-run rule, once, in registry order
    for r in results:
        assert ids[r["ruleIndex"]] == r["ruleId"]
        assert r["partialFingerprints"]["aph/v1"].startswith("aph/v1:")
        phys = r["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uri"].endswith("run.json") and phys["region"]["startLine"] >= 1
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["pre_consent_collection"] == "error" and levels["clipboard_read"] == "warning"


def test_junit_one_case_per_rule(run: Path) -> None:
    root = ET.fromstring(render(analyze_run(run, None), "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(ALL_RULES)
    failed = sorted(c.get("name") for c in cases if c.find("failure") is not None)
    assert failed == ["clipboard_read", "hardware_identifier", "pre_consent_collection"]
    skipped = {c.get("name") for c in cases if c.find("skipped") is not None}
    assert "over_collection" in skipped
    assert root.get("failures") == "3" and root.find("testsuite").get("tests") == str(len(ALL_RULES))


def test_cli_fail_on_and_formats(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["analyze", str(run), "--format", "html", "--out", str(out), "--fail-on", "high"]) == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["analyze", str(run), "--fail-on", "critical"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "fail"
    assert main(["analyze", str(run), "--format", "sarif", "--lang", "zh"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"] \
        == "征得同意前收集个人信息"


def test_cli_errors_are_one_line(tmp_path: Path, run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("app: {package: x\n", encoding="utf-8")
    assert main(["analyze", str(run), "--policy", str(bad)]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_cli_with_policy_file(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pol = tmp_path / "p.yaml"
    pol.write_text("app: {package: com.example.app, name: Example, category: news, first_party_domains: [example.com]}\n"
                   "data:\n  - {type: android_id, purpose: stats}\n"
                   "third_parties:\n  - {name: Umeng, sdk: umeng, data_types: [imei]}\n", encoding="utf-8")
    assert main(["analyze", str(run), "--policy", str(pol)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["policy"]["category"] == "news"
    over = {(f["data_type"], f["actor_key"]) for f in doc["findings"] if f["rule"] == "over_collection"}
    assert over == {("clipboard", "app")}  # imei is declared through Umeng's third-party entry
    assert "undeclared_third_party" not in {f["rule"] for f in doc["findings"]}


def test_sarif_pins_results_to_policy_lines(run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pol = tmp_path / "p.yaml"
    pol.write_text("app: {package: com.example.app, category: news, first_party_domains: [example.com]}\n"
                   "data:\n  - {type: android_id, purpose: stats}\n  - {type: imei, purpose: stats}\n"
                   "third_parties:\n  - {name: Umeng, sdk: umeng, data_types: [android_id]}\n", encoding="utf-8")
    assert main(["analyze", str(run), "--policy", str(pol), "--format", "sarif"]) == 0
    doc = json.loads(capsys.readouterr().out)
    lines = {(r["ruleId"], r["properties"]["data_type"]): r["locations"][0]["physicalLocation"]
             for r in doc["runs"][0]["results"]}
    umeng_imei = lines[("undeclared_third_party", "imei")]
    assert umeng_imei["artifactLocation"]["uri"].endswith("p.yaml") and umeng_imei["region"]["startLine"] == 6
    assert lines[("beyond_necessary", "imei")]["region"]["startLine"] == 4
