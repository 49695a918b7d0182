"""Findings as frozen objects: what a rule concluded, with the evidence a tester can check.

A finding is one (rule, data type, actor) triple with every occurrence counted and the
first few kept as evidence, so a million identical reads make one finding, not a million.
The fingerprint leaves out everything that changes between runs (times, ports, flow ids),
so CI dashboards can track the same finding across runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from harness import i18n

EVIDENCE_LIMIT = 20
"""Evidence items kept per finding; the rest are only counted."""
EVIDENCE_PER_KIND = 12
"""At most this many of one kind, so the flows that carried the data are not crowded out by reads."""
CONTEXT_LIMIT = 6
"""UI and static evidence (consent markers, screenshots, manifest facts) kept on top of the 20."""


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


@dataclass(frozen=True, slots=True)
class LegalAnchors:
    """Where a rule rests in law and guidance (regulations.md sections 1, 2, 3 and 5)."""

    pipl: tuple[str, ...] = ()
    """PIPL articles, e.g. "13"."""
    rending: tuple[str, ...] = ()
    """认定方法 (2019) items, e.g. "3.1"."""
    miit164: tuple[str, ...] = ()
    """MIIT 信管函〔2020〕164号 sub-items, e.g. "1.1"."""
    tc260: tuple[str, ...] = ()
    """TC260 practice-guide clauses, e.g. "TC260-PG-20202A 3.1"."""
    store: tuple[str, ...] = ()
    """App-store and industry policies (Google Play User Data policy, MIIT 双清单, IAB TCF), as cited."""

    def to_json(self) -> dict[str, list[str]]:
        return {"pipl": list(self.pipl), "rending": list(self.rending), "miit164": list(self.miit164),
                "tc260": list(self.tc260), "store": list(self.store)}

    def labels(self) -> list[str]:
        """Short human labels: "PIPL 13", "认定方法 3.1", "164号 1.1", "TC260-PG-20202A 3.1".

        The same in every report language: these are citations, written as the documents name
        themselves (认定方法, 164号), not wording to translate.
        """
        return ([f"PIPL Art. {a}" for a in self.pipl] + [f"认定方法 {a}" for a in self.rending]
                + [f"MIIT 164号 {a}" for a in self.miit164] + list(self.tc260) + list(self.store))


def wording(lang: str, key: str, /, **fields: Any) -> str:
    """A sentence of the rules' catalogue section (harness/i18n/<lang>.yaml, under `rules:`)."""
    return i18n.text(lang, f"rules.{key}", **fields)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule's identity and legal basis; its title, summary and sentences live in the catalogues."""

    id: str
    severity: Severity
    anchors: LegalAnchors
    needs_policy: bool = False
    needs_label: bool = False
    """Skipped unless a declared label (--label) is given."""
    source: str = "dynamic"
    """"dynamic" (trace) or "static" (static.json)."""

    def text(self, lang: str, key: str, /, **fields: Any) -> str:
        """This rule's message `key` (`title`, `summary`, `describe`, ...) in `lang`."""
        return wording(lang, f"{self.id}.{key}", **fields)

    def title(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return self.text(lang, "title")

    def summary(self, lang: str = i18n.DEFAULT_LANG) -> str:
        return self.text(lang, "summary")

    # Read-only views kept for callers that still name a language in the attribute (SARIF's properties).
    @property
    def title_en(self) -> str:
        return self.title("en")

    @property
    def title_zh(self) -> str:
        return self.title("zh")

    @property
    def summary_en(self) -> str:
        return self.summary("en")

    @property
    def summary_zh(self) -> str:
        return self.summary("zh")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One occurrence: a hook event, a flow, a UI step/marker or a static fact."""

    kind: str
    ref: str
    t: float | None = None
    scenario: str | None = None
    phase: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ref": self.ref, "t": self.t, "scenario": self.scenario,
                "phase": self.phase, "data": self.data}


def fingerprint(rule: str, data_type: str | None, actor_key: str, app: str) -> str:
    """Stable id of a finding across runs: rule, data type, actor and app only."""
    text = "|".join(("aph/v1", rule, data_type or "-", actor_key, app))
    return "aph/v1:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    title: str
    severity: Severity
    data_type: str | None
    actor: dict[str, Any]
    actor_key: str
    message: str
    count: int
    evidence: tuple[Evidence, ...]
    anchors: LegalAnchors
    fingerprint: str
    first_t: float | None = None
    last_t: float | None = None
    scenarios: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def omitted(self) -> int:
        """Occurrences not listed as evidence (hook/flow findings list the first ones only)."""
        observed = sum(1 for e in self.evidence if e.kind in ("hook", "flow"))
        return max(0, self.count - (observed or len(self.evidence)))

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "title": self.title, "severity": str(self.severity),
            "data_type": self.data_type, "actor": self.actor, "actor_key": self.actor_key,
            "message": self.message, "count": self.count, "first_t": self.first_t, "last_t": self.last_t,
            "scenarios": list(self.scenarios), "phases": list(self.phases),
            "anchors": self.anchors.to_json(), "fingerprint": self.fingerprint,
            "evidence": [e.to_json() for e in self.evidence],
            "evidence_omitted": self.omitted, "extra": self.extra,
        }


class FindingBuilder:
    """Mutable accumulator for one finding key while the trace streams by (bounded evidence)."""

    __slots__ = ("rule", "data_type", "actor", "actor_key", "count", "evidence", "first_t", "last_t",
                 "scenarios", "phases", "extra", "kinds")

    def __init__(self, rule: str, data_type: str | None, actor: dict[str, Any], actor_key: str) -> None:
        self.rule = rule
        self.data_type = data_type
        self.actor = actor
        self.actor_key = actor_key
        self.count = 0
        self.evidence: list[Evidence] = []
        self.first_t: float | None = None
        self.last_t: float | None = None
        self.scenarios: dict[str, None] = {}
        self.phases: dict[str, None] = {}
        self.extra: dict[str, Any] = {}
        self.kinds: dict[str, int] = {}

    def add(self, ev: Evidence | None, t: float | None = None, scenario: str | None = None,
            phase: str | None = None) -> None:
        self.count += 1
        if ev is not None:
            self.keep(ev)
        t = ev.t if (t is None and ev is not None) else t
        if t is not None:
            if self.first_t is None or t < self.first_t:
                self.first_t = t
            if self.last_t is None or t > self.last_t:
                self.last_t = t
        scenario = scenario if scenario is not None else (ev.scenario if ev else None)
        phase = phase if phase is not None else (ev.phase if ev else None)
        if scenario:
            self.scenarios[scenario] = None
        if phase:
            self.phases[phase] = None

    def room(self, kind: str) -> bool:
        """Whether the bounded evidence list still takes an item of this kind."""
        if kind in ("ui", "static"):
            return self.kinds.get(kind, 0) < CONTEXT_LIMIT
        observed = self.kinds.get("hook", 0) + self.kinds.get("flow", 0)
        return observed < EVIDENCE_LIMIT and self.kinds.get(kind, 0) < EVIDENCE_PER_KIND

    def keep(self, ev: Evidence) -> bool:
        """Keep an evidence item when the bounded list still has room for its kind."""
        loc = ev.data.get("location")
        if not self.room(ev.kind) or any(e.ref == ev.ref and e.data.get("location") == loc for e in self.evidence):
            return False
        self.evidence.append(ev)
        self.kinds[ev.kind] = self.kinds.get(ev.kind, 0) + 1
        return True
