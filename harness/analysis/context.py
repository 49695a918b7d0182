"""What every rule sees: the policy, the phase map, lookups, and one normalised observation per record.

The engine turns each hook event and each PI match in a flow into an `Observation` once
(phase, actor, evidence) and hands it to every rule, so rules stay small and the per-record
work is not repeated sixteen times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.analysis.findings import Evidence, FindingBuilder, RuleInfo, wording
from harness.analysis.phases import PhaseInfo, PhaseMap
from harness.analysis.result import RuleState
from harness.detect.sdk_db import SdkDatabase
from harness.labels.model import Label
from harness.persona.model import Persona
from harness.policy.model import DataItem, Policy, ThirdParty
from harness.taxonomy import Taxonomy

STACK_LIMIT = 40
MAX_FINDING_KEYS = 5000
MAX_FOLDED_TRACKED = 100_000
"""Folded actor keys remembered for the note; past it the note says "at least"."""
"""Beyond this many (rule, type, actor) keys, new actors fold into one "other actors" finding per rule and
type: a trace with 100,000 distinct hosts must not make 100,000 findings with evidence in memory."""
OTHER_ACTOR = {"kind": "unknown", "name": "(other actors)", "sdk_id": None, "package": None, "host": None}
VALUE_LIMIT = 300

UMBRELLA: dict[str, tuple[str, ...]] = {
    # A vague declared term covers the precise types under it (PoliCheck's ontology subsumption).
    "device_identifier": ("imei", "meid", "imsi", "iccid", "serial_number", "mac_address", "bluetooth_address",
                          "android_id", "oaid", "vaid", "aaid", "advertising_id", "app_set_id", "gsf_id"),
    "location": ("coarse_location",),
    "trajectory": ("location", "coarse_location"),
    "wifi_info": ("wifi_scan",),
}


def _clip(value: Any, limit: int = VALUE_LIMIT) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + f"… ({len(value)} chars)"
    return value


def actor_key(actor: dict[str, Any]) -> str:
    """Dedup key of an actor: one SDK, the app, an unknown package, or a host."""
    kind = actor.get("kind")
    if kind in ("sdk", "library") and actor.get("sdk_id"):
        return f"{'lib' if kind == 'library' else 'sdk'}:{actor['sdk_id']}"
    if kind == "first_party":
        return "app"
    if actor.get("host"):
        return f"host:{actor['host']}"
    if actor.get("package"):
        return f"pkg:{actor['package']}"
    return str(kind or "unknown")


def actor_label(actor: dict[str, Any], lang: str = "en") -> str:
    kind = actor.get("kind")
    if kind == "first_party":
        return wording(lang, "_common.actor.first_party")
    if kind == "sdk":
        return f"{actor.get('name') or actor.get('sdk_id')} (SDK)"
    if kind == "library":
        return wording(lang, "_common.actor.library", name=actor.get("name"))
    return actor.get("host") or actor.get("package") or actor.get("name") or str(kind or "unknown")


@dataclass(slots=True)
class Observation:
    """One PI read (hook) or one PI sent (a match in a flow), with its phase and actor."""

    source: str
    """"hook" or "flow"."""
    t: float
    data_type: str
    actor: dict[str, Any]
    actor_key: str
    phase: PhaseInfo
    record: dict[str, Any]
    match: Any = None
    """PiMatch for flows."""
    party: str | None = None
    """Flows: "first" | "third" | "unknown"."""
    event: str = "read"
    _evidence: Evidence | None = None

    @property
    def scenario(self) -> str | None:
        return self.phase.scenario

    def evidence(self) -> Evidence:
        if self._evidence is None:
            self._evidence = hook_evidence(self) if self.source == "hook" else flow_evidence(self)
        return self._evidence


def hook_evidence(o: Observation) -> Evidence:
    return hook_evidence_record(o.record, o.phase, o.data_type, o.actor)


def hook_evidence_record(r: dict[str, Any], phase: PhaseInfo, data_type: str | None,
                         actor: dict[str, Any] | None = None) -> Evidence:
    """Evidence of one hook event: seq, API, value, stack and attribution."""
    values = r.get("values") or {}
    return Evidence(
        kind="hook", ref=f"event#{r.get('seq')}", t=r.get("t"), scenario=phase.scenario, phase=phase.phase,
        data={"seq": r.get("seq"), "hook_id": r.get("hook_id"), "api": r.get("api"),
              "data_type": data_type if data_type is not None else r.get("data_type"),
              "event": r.get("event"),
              "value": _clip(values.get("return")) if isinstance(values, dict) else None,
              "args": {str(k): _clip(v) for k, v in list((values.get("args") or {}).items())[:10]}
              if isinstance(values, dict) and isinstance(values.get("args"), dict) else None,
              "stack": [str(f) for f in (r.get("stack") or [])[:STACK_LIMIT]],
              "actor": actor if actor is not None else r.get("actor"), "thread": r.get("thread"),
              "foreground": r.get("foreground"), "background": phase.background},
    )


def flow_evidence(o: Observation) -> Evidence:
    f, m = o.record, o.match
    req = f.get("request") or {}
    body = req.get("body") if req.get("body_encoding", "utf8") == "utf8" else None
    return Evidence(
        kind="flow", ref=f"flow:{f.get('id')}", t=o.t, scenario=o.phase.scenario, phase=o.phase.phase,
        data={"flow_id": f.get("id"), "method": f.get("method"), "url": _clip(f.get("url"), 2000),
              "host": f.get("host"), "scheme": f.get("scheme"), "party": o.party, "data_type": o.data_type,
              "value": getattr(m, "value", None), "encoding": getattr(m, "encoding", None),
              "location": getattr(m, "location", None), "snippet": getattr(m, "snippet", None),
              "headers": [[str(k), _clip(str(v))] for k, v in (req.get("headers") or [])[:40]],
              "body": _clip(body, 2000) if isinstance(body, str) else None,
              "status": (f.get("response") or {}).get("status"), "actor": o.actor,
              "background": o.phase.background},
    )


def ui_evidence(scenario: str | None, m: dict[str, Any], phase: str | None = None) -> Evidence:
    kind = m.get("kind", "marker")
    label = m.get("marker") if kind == "marker" else f"step {m.get('step')}"
    return Evidence(kind="ui", ref=f"ui:{scenario}:{label}@{m.get('t')}", t=m.get("t"), scenario=scenario,
                    phase=phase, data={k: m.get(k) for k in ("marker", "step", "action", "args", "result",
                                                              "detail", "screenshot") if m.get(k) is not None})


def static_evidence(what: str, data: dict[str, Any]) -> Evidence:
    return Evidence(kind="static", ref=f"static:{what}", data=data)


@dataclass
class AnalysisContext:
    """Shared state of one analysis: inputs, lookups, and the finding accumulators of every rule."""

    policy: Policy | None
    taxonomy: Taxonomy
    db: SdkDatabase
    phases: PhaseMap
    app_package: str
    static: dict[str, Any] | None = None
    device: dict[str, Any] | None = None
    ui: list[dict[str, Any]] = field(default_factory=list)
    lang: str = "en"
    labels: tuple[Label, ...] = ()
    """Declared labels (harness/labels): data safety form, 收集清单, 共享清单."""
    persona: Persona | None = None
    """Who the run's device and account pretended to be (run.json `persona`), for the minors rules."""
    run_path: Path | None = None
    """The run folder: rules that read UI dumps (screens/) find them there."""
    builders: dict[tuple[str, str | None, str], FindingBuilder] = field(default_factory=dict)
    rule_notes: dict[str, str] = field(default_factory=dict)
    rule_states: dict[str, RuleState] = field(default_factory=dict)
    """rule id -> skipped / partial / inconclusive, set with the reason (none: passed or failed by findings)."""
    """rule id -> why it was skipped (no policy, no static.json, ...)."""
    folded_actors: set[str] = field(default_factory=set)
    """Actor keys folded into "(other actors)" after MAX_FINDING_KEYS (capped at MAX_FOLDED_TRACKED)."""
    _items: dict[str, DataItem | None] = field(default_factory=dict, init=False, repr=False)
    _parties: dict[tuple[Any, ...], ThirdParty | None] = field(default_factory=dict, init=False, repr=False)
    """Policy lookups memoised per data type / actor: rules ask them once per observation."""

    # ---- emitting ------------------------------------------------------------------------
    def emit(self, rule: RuleInfo, data_type: str | None, actor: dict[str, Any], key: str,
             evidence: Evidence | None, *, t: float | None = None, scenario: str | None = None,
             phase: str | None = None) -> FindingBuilder:
        k = (rule.id, data_type, key)
        b = self.builders.get(k)
        if b is None:
            b = self._new_builder(rule, data_type, actor, key)
        b.add(evidence, t=t, scenario=scenario, phase=phase)
        return b

    def _new_builder(self, rule: RuleInfo, data_type: str | None, actor: dict[str, Any], key: str) -> FindingBuilder:
        if len(self.builders) >= MAX_FINDING_KEYS:
            if len(self.folded_actors) < MAX_FOLDED_TRACKED:
                self.folded_actors.add(key)
            actor, key = OTHER_ACTOR, "other"
            b = self.builders.get((rule.id, data_type, key))
            if b is not None:
                return b
        b = self.builders[(rule.id, data_type, key)] = FindingBuilder(rule.id, data_type, actor, key)
        return b

    def emit_obs(self, rule: RuleInfo, o: Observation) -> FindingBuilder:
        k = (rule.id, o.data_type, o.actor_key)
        b = self.builders.get(k)
        if b is None:
            b = self._new_builder(rule, o.data_type, o.actor, o.actor_key)
        b.count += 1
        if b.room(o.source):
            b.keep(o.evidence())
        if b.first_t is None or o.t < b.first_t:
            b.first_t = o.t
        if b.last_t is None or o.t > b.last_t:
            b.last_t = o.t
        if o.phase.scenario:
            b.scenarios[o.phase.scenario] = None
        b.phases[o.phase.phase] = None
        return b

    def step_at(self, scenario: str | None, t: float) -> dict[str, Any] | None:
        """The UI step (with its screenshot) that was running at t in a scenario, else the last one before."""
        best = None
        for r in self.ui:
            if r.get("kind") != "step" or r.get("scenario") != scenario:
                continue
            start = float(r.get("t") or 0.0)
            end = r.get("t_end")
            if start <= t and (isinstance(end, (int, float)) and t <= end):
                return r
            if start <= t and (best is None or start >= float(best.get("t") or 0.0)):
                best = r
        return best

    def cite_markers(self, b: FindingBuilder, kinds: tuple[str, ...]) -> None:
        """Add the first scenario's consent-phase markers (and the step running then) as UI evidence,
        so the finding shows the boundary the reads and sends were measured against."""
        if not b.scenarios:
            return
        name = next(iter(b.scenarios))
        s = self.phases.by_name.get(name)
        if s is None:
            return
        for m in s.markers:
            if m.get("marker") in kinds:
                b.keep(ui_evidence(name, m))
                step = self.step_at(name, float(m.get("t") or 0.0))
                if step is not None and step.get("screenshot"):
                    b.keep(ui_evidence(name, step))

    def app_actor(self) -> dict[str, Any]:
        """The app itself as the actor of UI- and static-based findings (key "app...")."""
        return {"kind": "first_party", "name": "app", "sdk_id": None, "package": self.app_package}

    def skip(self, rule: RuleInfo, reason: str) -> None:
        """The rule does not apply to this run (no policy, label, persona, APK...)."""
        self.rule_notes[rule.id] = reason
        self.rule_states[rule.id] = RuleState.SKIPPED

    def partial(self, rule: RuleInfo, reason: str) -> None:
        """The rule judges only part of what it checks in this run; the reason says which part."""
        self.rule_notes[rule.id] = reason
        self.rule_states[rule.id] = RuleState.PARTIAL

    def inconclusive(self, rule: RuleInfo, reason: str) -> None:
        """The rule looked and cannot say (too little of the app was reached, an entry led nowhere)."""
        self.rule_notes[rule.id] = reason
        self.rule_states[rule.id] = RuleState.INCONCLUSIVE

    # ---- policy lookups --------------------------------------------------------------------
    def declared_item(self, data_type: str) -> DataItem | None:
        """The policy item covering a type: exact, or a vaguer declared term that subsumes it."""
        if self.policy is None:
            return None
        if data_type in self._items:
            return self._items[data_type]
        item = self.policy.item(data_type)
        if item is None:
            item = next((found for umbrella, covered in UMBRELLA.items() if data_type in covered
                         and (found := self.policy.item(umbrella)) is not None), None)
        self._items[data_type] = item
        return item

    def third_party_for(self, actor: dict[str, Any]) -> ThirdParty | None:
        """The policy's third-party entry for an SDK/host actor (sdk id, package prefix or domain)."""
        if self.policy is None:
            return None
        sdk_id, pkg, host, name = actor.get("sdk_id"), actor.get("package"), actor.get("host"), actor.get("name")
        key = (sdk_id, pkg, host, name)
        if key in self._parties:
            return self._parties[key]
        found = None
        for tp in self.policy.third_parties:
            if ((sdk_id and tp.sdk_id == sdk_id) or (pkg and tp.covers_package(pkg))
                    or (host and tp.covers_host(host))
                    or (sdk_id and tp.name and name and tp.name.lower() == str(name).lower())):
                found = tp
                break
        if len(self._parties) < MAX_FINDING_KEYS:
            self._parties[key] = found
        return found

    def covers_type(self, listed: tuple[str, ...], data_type: str) -> bool:
        if data_type in listed:
            return True
        return any(data_type in UMBRELLA.get(u, ()) for u in listed)

    def is_sensitive(self, data_type: str) -> bool:
        dt = self.taxonomy.maybe(data_type)
        return bool(dt and dt.is_sensitive)

    def type_name(self, data_type: str | None) -> str:
        dt = self.taxonomy.maybe(data_type) if data_type else None
        return dt.name(self.lang) if dt else (data_type or "-")
