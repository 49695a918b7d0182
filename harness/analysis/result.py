"""The analysis result: findings, per-rule status, summaries and the material the reports draw.

`Report.to_json()` is the versioned JSON report (schema REPORT_SCHEMA, documented in
harness/report/SCHEMA.md); every formatter renders from this object only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from harness.analysis.findings import Finding, RuleInfo, Severity

REPORT_SCHEMA = "aph-report/1"


class RuleState(StrEnum):
    """What a rule concluded for one run (a StrEnum: reports compare and print it as its value)."""

    FAILED = "failed"
    """At least one finding."""
    PASSED = "passed"
    """Judged on the whole trace: nothing found."""
    PARTIAL = "partial"
    """Judged, on part of what it checks (e.g. no policy: only unused permissions): nothing found there."""
    INCONCLUSIVE = "inconclusive"
    """It looked and cannot say (e.g. the explorer reached too little of the app): neither pass nor fail."""
    SKIPPED = "skipped"
    """Not applicable to this run (no policy, no label, no persona, no APK)."""


@dataclass(frozen=True, slots=True)
class RuleStatus:
    rule: RuleInfo
    status: RuleState
    count: int = 0
    reason: str | None = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        r = self.rule
        return {"id": r.id, "title": r.title(lang), "title_en": r.title("en"), "title_zh": r.title("zh"),
                "severity": str(r.severity), "source": r.source, "needs_policy": r.needs_policy,
                "summary": r.summary(lang),
                "anchors": r.anchors.to_json(), "status": self.status, "findings": self.count,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Report:
    run: dict[str, Any]
    policy: dict[str, Any] | None
    lang: str
    findings: tuple[Finding, ...]
    rules: tuple[RuleStatus, ...]
    summary: dict[str, Any]
    notes: tuple[str, ...]
    partial: bool
    timeline: dict[str, Any] = field(default_factory=dict)
    hosts: tuple[dict[str, Any], ...] = ()
    static_facts: dict[str, Any] | None = None
    tool: dict[str, Any] = field(default_factory=dict)
    observed: dict[str, Any] = field(default_factory=dict)
    """Per data type: who read it and where it was sent (analysis/inventory.py)."""
    labels: list[dict[str, Any]] = field(default_factory=list)
    """The declared labels the run was held against (kind, source)."""
    coverage: dict[str, Any] = field(default_factory=dict)
    """Traffic the proxy did not see (analysis/coverage.py): shown next to the verdict when incomplete."""
    schema: str = REPORT_SCHEMA

    @property
    def verdict(self) -> str:
        """"fail" with a high/critical finding, "warn" with others, "pass" with none."""
        if any(f.severity.rank >= Severity.HIGH.rank for f in self.findings):
            return "fail"
        return "warn" if self.findings else "pass"

    def exceeds(self, severity: str | Severity) -> bool:
        """Whether any finding is at or above `severity` (the --fail-on test)."""
        rank = Severity(severity).rank
        return any(f.severity.rank >= rank for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema, "tool": self.tool, "lang": self.lang, "verdict": self.verdict,
            "partial": self.partial, "run": self.run, "policy": self.policy, "summary": self.summary,
            "notes": list(self.notes), "rules": [r.to_json(self.lang) for r in self.rules],
            "findings": [f.to_json() for f in self.findings], "hosts": list(self.hosts),
            "timeline": self.timeline, "static": self.static_facts,
            "observed": self.observed, "labels": self.labels, "coverage": self.coverage,
        }
