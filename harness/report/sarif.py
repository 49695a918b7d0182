"""SARIF 2.1.0 for code-scanning dashboards: one reportingDescriptor per rule, one result per finding.

Findings come from a run, not from a source line: each result is pinned to the declared policy
file (the line of the data item or SDK entry it concerns; run.json without a policy), because
code-scanning dashboards need an artifact location, and carries logical locations (the actor,
and the calling stack frame when known).
`partialFingerprints["aph/v1"]` is the finding's stable fingerprint, so dashboards track it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness import __version__
from harness.analysis.findings import Finding, Severity
from harness.analysis.result import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
         Severity.LOW: "note", Severity.INFO: "note"}
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5",
                     Severity.LOW: "3.0", Severity.INFO: "1.0"}


def _frame(f: Finding) -> str | None:
    for e in f.evidence:
        frame = (e.data.get("actor") or {}).get("frame") if isinstance(e.data.get("actor"), dict) else None
        if frame:
            return str(frame)
    return None


def _artifact(report: Report) -> str:
    """The file a dashboard pins results to: the policy YAML (repository-relative when possible), else run.json."""
    source = (report.policy or {}).get("source") or str(Path(report.run.get("path") or ".") / "run.json")
    path = Path(source)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


PARTY_RULES = frozenset({"undeclared_third_party", "undeclared_sdk"})


def _line(f: Finding, report: Report) -> int:
    """The policy line the finding is about: the SDK's entry for third-party rules, else the data item."""
    policy = report.policy or {}
    sdk_line = next((int(tp["line"]) for tp in policy.get("third_parties") or []
                     if tp.get("line") and tp.get("sdk_id") and tp.get("sdk_id") == f.actor.get("sdk_id")), None)
    data_line = (policy.get("data_lines") or {}).get(f.data_type or "") or None
    first, second = (sdk_line, data_line) if f.rule in PARTY_RULES else (data_line, sdk_line)
    return int(first or second or 1)


def _result(f: Finding, index: int, report: Report, artifact: str) -> dict[str, Any]:
    logical = [{"name": f.actor_key, "kind": "module"}]
    frame = _frame(f)
    if frame:
        logical.append({"fullyQualifiedName": frame, "kind": "function"})
    physical = {"artifactLocation": {"uri": artifact}, "region": {"startLine": _line(f, report)}}
    return {
        "ruleId": f.rule, "ruleIndex": index, "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
        "partialFingerprints": {"aph/v1": f.fingerprint},
        "properties": {"severity": str(f.severity), "data_type": f.data_type, "actor": f.actor,
                       "count": f.count, "scenarios": list(f.scenarios), "phases": list(f.phases),
                       "evidence": [e.ref for e in f.evidence], "anchors": f.anchors.labels()},
    }


def render_sarif(report: Report) -> str:
    rules = [s.rule for s in report.rules]
    index = {r.id: i for i, r in enumerate(rules)}
    lang = report.lang
    artifact = _artifact(report)
    descriptors = [{
        "id": r.id, "name": r.id,
        "shortDescription": {"text": r.title(lang)},
        "fullDescription": {"text": r.summary(lang)},
        "defaultConfiguration": {"level": LEVEL[r.severity]},
        "help": {"text": "; ".join(r.anchors.labels())},
        "properties": {"tags": ["privacy", r.source], "security-severity": SECURITY_SEVERITY[r.severity],
                       "anchors": r.anchors.to_json(), "title_en": r.title_en, "title_zh": r.title_zh},
    } for r in rules]
    notifications = [{"level": "warning" if report.partial and i == 0 else "note", "message": {"text": n}}
                     for i, n in enumerate(report.notes)]
    doc = {
        "$schema": SARIF_SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "app-privacy-harness", "version": __version__, "rules": descriptors}},
            "invocations": [{"executionSuccessful": not report.partial,
                             "toolExecutionNotifications": notifications}],
            "results": [_result(f, index[f.rule], report, artifact) for f in report.findings],
            "properties": {"verdict": report.verdict, "partial": report.partial,
                           "app": report.run.get("app"), "summary": report.summary.get("by_severity"),
                           # a clean verdict covers only the traffic the proxy saw
                           "coverage_complete": (report.coverage or {}).get("complete")},
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
