"""analyze_run: named passes over a run folder; one streaming pass over events.jsonl, then one over flows.jsonl.

Memory stays bounded whatever the trace size: rules keep counts and the first few evidence
items per finding key, the timeline keeps per-second counts, and the known values the
traffic matcher looks for are collected during the event pass (so events.jsonl is read once).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import (
    MAX_FINDING_KEYS,
    MAX_FOLDED_TRACKED,
    AnalysisContext,
    Observation,
    actor_key,
)
from harness.analysis.coverage import Coverage
from harness.analysis.findings import Finding, fingerprint, wording
from harness.analysis.inventory import Inventory
from harness.analysis.phases import PHASES, PhaseMap
from harness.analysis.result import Report, RuleState, RuleStatus
from harness.analysis.sitemap import explore_note, site_maps
from harness.detect.attribution import attribute_stack
from harness.detect.destinations import attribute_host
from harness.detect.known_values import KnownValueCollector
from harness.detect.matcher import build_matcher
from harness.detect.sdk_db import SdkDatabase, sdk_database
from harness.errors import InputError, TraceError
from harness.i18n import LANGS
from harness.labels.model import Label
from harness.persona.model import Persona
from harness.policy.model import Policy
from harness.taxonomy import taxonomy
from harness.trace.rundir import RunDir, RunStatus, tool_versions

EXPECTED_DETACH = frozenset({"application-requested", "process-terminated"})
"""Detach reasons of a normal end (the harness closed the session, or the app exited)."""
PI_EVENTS = frozenset({"read", "native", "sensor"})
"""Hook events that are a PI read; others (permission_request, lifecycle, write, tls) are context."""
MAX_KNOWN_VALUES = 5000
MAX_HOSTS = 500
MAX_TIMELINE_HOSTS = 30
TIMELINE_BINS = 120


def _num(value: Any) -> float:
    """A record's time; garbage counts as 0 rather than stopping the analysis."""
    try:
        return float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _modules() -> tuple[Any, ...]:
    from harness.analysis import ALL_RULES

    return ALL_RULES


def _flow_actor(host: str, first_party: tuple[str, ...], db: SdkDatabase) -> tuple[dict[str, Any], dict[str, Any], str]:
    """attribute_host's answer for a host, the flow actor it makes, and that actor's key."""
    dest = attribute_host(host, first_party, db)
    sdk_id = dest.get("sdk_id")
    kind = "sdk" if sdk_id else ("first_party" if dest.get("party") == "first" else "unknown")
    actor = {"kind": kind, "name": "app" if kind == "first_party" else (dest.get("name") or host),
             "sdk_id": sdk_id, "package": None, "host": host}
    if sdk_id:
        actor["org"], actor["signature"] = dest.get("org"), dest.get("signature")
    return dest, actor, actor_key(actor)


class _Timeline:
    """Per-second counts of hook reads by data type and of flows by host (bounded by run length)."""

    def __init__(self) -> None:
        self.hooks: dict[str, dict[int, int]] = {}
        self.flows: dict[str, dict[int, int]] = {}
        self.pi_flows: dict[str, dict[int, int]] = {}
        self.t_max = 0.0

    def hook(self, data_type: str, t: float) -> None:
        row = self.hooks.get(data_type)
        if row is None:
            row = self.hooks[data_type] = {}
        s = int(t) if t > 0 else 0
        row[s] = row.get(s, 0) + 1
        if t > self.t_max:
            self.t_max = t

    def flow(self, host: str, t: float, pi: bool) -> None:
        if host not in self.flows and len(self.flows) >= MAX_TIMELINE_HOSTS:
            host = "(other hosts)"
        s = int(t) if t > 0 else 0
        row = self.flows.setdefault(host, {})
        row[s] = row.get(s, 0) + 1
        if pi:
            prow = self.pi_flows.setdefault(host, {})
            prow[s] = prow.get(s, 0) + 1
        if t > self.t_max:
            self.t_max = t

    def to_json(self, boundaries: list[dict[str, Any]]) -> dict[str, Any]:
        t_end = max([self.t_max] + [b["t"] for b in boundaries]) + 1.0
        width = max(1, math.ceil(t_end / TIMELINE_BINS))
        n = max(1, math.ceil(t_end / width))

        def binned(row: dict[int, int]) -> list[int]:
            out = [0] * n
            for s, c in row.items():
                out[min(n - 1, s // width)] += c
            return out

        rows = [{"kind": "hook", "label": dt, "total": sum(r.values()), "counts": binned(r)}
                for dt, r in sorted(self.hooks.items())]
        rows += [{"kind": "flow", "label": h, "total": sum(r.values()), "counts": binned(r),
                  "pi_counts": binned(self.pi_flows.get(h, {}))} for h, r in sorted(self.flows.items())]
        return {"t_end": round(t_end, 3), "bin_seconds": width, "bins": n, "rows": rows, "boundaries": boundaries}


def analyze_run(run_dir: Path | str | RunDir, policy: Policy | None, *, lang: str = "en",
                db: SdkDatabase | None = None, labels: tuple[Label, ...] = ()) -> Report:
    """Analyse one run directory against an optional declared policy and declared labels (data safety
    form, 收集/共享清单); never raises for missing optional files.

    The passes, in order: read ui.jsonl into consent phases, build the rules' context, pick the rules that
    apply, stream events.jsonl (hook reads, and the known values the matcher needs), stream flows.jsonl
    (PI in traffic, the host table), close the rules, then findings, statuses and notes.
    """
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r}: expected {' or '.join(map(repr, LANGS))}")
    run = run_dir if isinstance(run_dir, RunDir) else RunDir.open(Path(run_dir))
    a = _Analysis(run, policy, lang, db or sdk_database(), tuple(labels))
    a.read_ui()
    a.build_context()
    a.select_checks()
    a.event_pass()
    a.flow_pass()
    a.finish_checks()
    findings = a.findings()
    return a.report(findings, a.statuses(findings))


class _Analysis:
    """The state one analysis carries from pass to pass (see analyze_run for the order)."""

    def __init__(self, run: RunDir, policy: Policy | None, lang: str, db: SdkDatabase, labels: tuple[Label, ...]):
        self.run, self.policy, self.lang, self.db, self.labels = run, policy, lang, db, labels
        self.tax = taxonomy()
        self.notes: list[str] = []
        self.ui: list[dict[str, Any]] = []
        self.counts = {"events": 0, "hook_events": 0, "pi_reads": 0, "flows": 0, "pi_flows": 0, "pi_matches": 0,
                       "tls_failures": 0, "raw": 0, "markers": 0, "steps": 0}
        self.agent: dict[str, int] = {}
        self.system_reads = self.unknown_types = self.ua_matches = self.other_hosts = 0
        self.skipped_hooks: set[str] = set()
        self.known = KnownValueCollector(limit=MAX_KNOWN_VALUES, skip_noisy=False)
        self.coverage = Coverage()
        self.timeline = _Timeline()
        self.inventory = Inventory()
        self.hosts: dict[str, dict[str, Any]] = {}
        self.checks: list[BaseCheck] = []
        self.modules = _modules()

    # ---- ui.jsonl and the context the rules share -------------------------------------------------
    def read_ui(self) -> None:
        reader = self.run.reader(RunDir.UI)
        bad = 0
        for r in reader:
            if isinstance(r, dict) and r.get("kind") in ("step", "marker"):
                if isinstance(r.get("t"), (int, float)):
                    self.ui.append(r)
                else:
                    bad += 1
        if reader.note:
            self.notes.append(reader.note)
        if bad:
            self.notes.append(self.say("ui_bad_time", count=bad))
        self.counts["markers"] = sum(1 for r in self.ui if r.get("kind") == "marker")
        self.counts["steps"] = sum(1 for r in self.ui if r.get("kind") == "step")
        self.phases = PhaseMap([r for r in self.ui if r.get("kind") == "marker"])
        if not self.phases.has_markers:
            self.notes.append(self.say("ui_no_markers"))

    def build_context(self) -> None:
        run, policy, notes = self.run, self.policy, self.notes
        static = _optional_json(run, RunDir.STATIC, notes)
        if static is None:
            notes.append(self.say("no_static"))
        device = _optional_json(run, RunDir.DEVICE, notes)
        self.device = device if isinstance(device, dict) else None
        self.run_app = run.info.get("app") if isinstance(run.info.get("app"), dict) else {}
        for lb in self.labels:
            notes.extend(lb.notes[:20])
        if policy is not None and self.run_app.get("package") and self.run_app["package"] != policy.app.package:
            notes.append(self.say("other_package", policy_package=policy.app.package,
                                  run_package=self.run_app["package"]))
        self.app_package = (policy.app.package if policy else None) or self.run_app.get("package") or \
            ((static or {}).get("app") or {}).get("package") or ""
        self.first_party = tuple(policy.app.first_party_domains) if policy else \
            tuple(self.run_app.get("first_party_domains") or ())
        persona = run.info.get("persona")
        self.ctx = AnalysisContext(
            policy=policy, taxonomy=self.tax, db=self.db, phases=self.phases, app_package=self.app_package,
            static=static if isinstance(static, dict) else None, device=self.device, ui=self.ui, lang=self.lang,
            persona=Persona.from_json(persona) if isinstance(persona, dict) else None, run_path=run.path,
            labels=self.labels)
        app_packages = (self.app_package,) if self.app_package else ()
        # Attribution once per distinct host / stack: a trace has many records but few of either.
        self.attribute = lru_cache(maxsize=100_000)(lambda host: _flow_actor(host, self.first_party, self.db))
        self.attribute_caller = lru_cache(maxsize=10_000)(
            lambda stack: attribute_stack(list(stack), app_packages, self.db))

    def select_checks(self) -> None:
        """Every rule that applies: those needing a policy or a label are skipped without one."""
        for mod in self.modules:
            if mod.RULE.needs_policy and self.policy is None:
                self.ctx.skip(mod.RULE, wording(self.lang, "_skip.no_policy"))
            elif mod.RULE.needs_label and not self.labels:
                self.ctx.skip(mod.RULE, wording(self.lang, "_skip.no_label"))
            else:
                self.checks.append(mod.Check(self.ctx))
        self.hook_fns = [c.on_hook for c in self.checks if type(c).overrides("on_hook")] + [self.inventory.on_hook]
        self.flow_fns = [c.on_flow for c in self.checks if type(c).overrides("on_flow")] + [self.inventory.on_flow]
        self.event_fns = [c.on_event for c in self.checks if type(c).overrides("on_event")]

    # ---- pass 1: events.jsonl -------------------------------------------------------------------
    def event_pass(self) -> None:
        reader = self.run.reader(RunDir.EVENTS)
        for rec in reader:
            self.counts["events"] += 1
            if not isinstance(rec, dict):
                continue
            kind = rec.get("kind")
            if kind == "hook":
                self._hook(rec)
            elif kind == "snapshot":
                self.known.add_event(rec)
            elif kind == "socket":
                self.coverage.socket(rec)
            elif kind == "agent":
                self._agent(rec)
        if reader.note:
            self.notes.append(reader.note)
        if self.device:
            self.known.add_device({"known_values": [item for item in self.device.get("known_values") or []
                                                    if isinstance(item, dict) and isinstance(item.get("data_type"), str)
                                                    and item["data_type"] in self.tax]})

    def _hook(self, rec: dict[str, Any]) -> None:
        """One hook record: a PI read goes to the rules as an Observation, a context event as itself."""
        self.counts["hook_events"] += 1
        t = _num(rec.get("t"))
        dt = rec.get("data_type")
        ev = rec.get("event") or "read"
        if dt is None or ev not in PI_EVENTS:
            if self.event_fns:
                phase = self.phases.at(t, rec.get("scenario"), rec.get("foreground"))
                for fn in self.event_fns:
                    fn(rec, phase)
            return
        if dt not in self.tax:
            self.unknown_types += 1
            return
        self.known.add_event(rec)
        stack = rec.get("stack")
        if not isinstance(stack, list):
            rec["stack"] = stack = []
        actor = rec.get("actor")
        if not isinstance(actor, dict):
            actor = self.attribute_caller(tuple(str(f) for f in stack))
        if actor.get("kind") == "system" and stack:
            self.system_reads += 1
            return
        self.counts["pi_reads"] += 1
        self.timeline.hook(dt, t)
        phase = self.phases.at(t, rec.get("scenario"), rec.get("foreground"))
        o = Observation("hook", t, dt, actor, actor_key(actor), phase, rec, event=ev)
        for fn in self.hook_fns:
            fn(o)

    def _agent(self, rec: dict[str, Any]) -> None:
        self.coverage.agent(rec)
        status = str(rec.get("status"))
        if status == "detached" and rec.get("reason") in EXPECTED_DETACH:
            status = "detached_expected"
        self.agent[status] = self.agent.get(status, 0) + 1
        if status == "hook_skipped" and len(self.skipped_hooks) < 10_000:
            self.skipped_hooks.add(str(rec.get("hook_id")))

    # ---- pass 2: flows.jsonl ------------------------------------------------------------------
    def flow_pass(self) -> None:
        self.matcher = build_matcher(self.known.values())
        reader = self.run.reader(RunDir.FLOWS)
        for rec in reader:
            if not isinstance(rec, dict):
                continue
            kind = rec.get("kind")
            if kind not in ("flow", "tls_failure", "raw"):
                continue
            host = str(rec.get("host") or "")
            h = self._host_row(host)
            if kind == "flow":
                self._flow(rec, host, h)
                continue
            self.coverage.flow(rec)
            key = "tls_failures" if kind == "tls_failure" else "raw"
            self.counts[key] += 1
            if h is not None:
                h[key] += 1
        if reader.note:
            self.notes.append(reader.note)

    def _host_row(self, host: str) -> dict[str, Any] | None:
        h = self.hosts.get(host)
        if h is None:
            if len(self.hosts) >= MAX_HOSTS:
                self.other_hosts += 1
                return None
            dest = self.attribute(host)[0]
            h = self.hosts[host] = {"host": host, "party": dest.get("party"), "sdk_id": dest.get("sdk_id"),
                                    "name": dest.get("name"), "org": dest.get("org"),
                                    "signature": dest.get("signature"), "flows": 0, "pi_flows": 0, "data_types": {},
                                    "cleartext": False, "tls_failures": 0, "raw": 0}
        return h

    def _flow(self, rec: dict[str, Any], host: str, h: dict[str, Any] | None) -> None:
        """One HTTP flow: PI matched in it goes to the rules, one Observation per value and place."""
        self.counts["flows"] += 1
        t = _num(rec.get("t"))
        if not isinstance(rec.get("request"), (dict, type(None))):
            rec["request"] = None
        matches = self.matcher.scan_flow(rec)
        self.timeline.flow(host, t, bool(matches))
        if h is not None:
            h["flows"] += 1
            h["cleartext"] = h["cleartext"] or rec.get("scheme") in ("http", "ws")
        if not matches:
            return
        self.counts["pi_flows"] += 1
        self.counts["pi_matches"] += len(matches)
        dest, actor, akey = self.attribute(host)
        phase = self.phases.at(t, rec.get("scenario"), None)
        if h is not None:
            h["pi_flows"] += 1
        for m in matches:
            if m.data_type not in self.tax:
                continue
            if m.data_type == "device_info" and str(m.location).lower().startswith("header:user-agent"):
                self.ua_matches += 1  # the HTTP stack's own User-Agent names the model on every request
                continue
            if h is not None:
                h["data_types"][m.data_type] = None
            o = Observation("flow", t, m.data_type, actor, akey, phase, rec, match=m, party=dest.get("party"))
            for fn in self.flow_fns:
                fn(o)

    # ---- closing: findings, statuses, notes, the report ------------------------------------------
    def finish_checks(self) -> None:
        for c in self.checks:
            c.finish()
        self.notes.extend(explore_note(m, self.lang) for m in site_maps(self.ctx))

    def findings(self) -> list[Finding]:
        app_id = self.app_package or "-"
        order = {m.RULE.id: i for i, m in enumerate(self.modules)}
        rules = {m.RULE.id: m.RULE for m in self.modules}
        by_id = {c.rule.id: c for c in self.checks}
        out: list[Finding] = []
        for (rule_id, dt, key), b in self.ctx.builders.items():
            rule, check = rules[rule_id], by_id[rule_id]
            out.append(Finding(
                rule=rule_id, title=rule.title(self.lang), severity=rule.severity, data_type=dt, actor=b.actor,
                actor_key=key, message=check.describe(b), count=b.count, evidence=tuple(b.evidence),
                anchors=rule.anchors, fingerprint=fingerprint(rule_id, dt, key, app_id), first_t=b.first_t,
                last_t=b.last_t, scenarios=tuple(b.scenarios), phases=tuple(b.phases), extra=b.extra))
        out.sort(key=lambda f: (-f.severity.rank, order[f.rule], f.data_type or "", f.actor_key))
        return out

    def statuses(self, findings: list[Finding]) -> list[RuleStatus]:
        """Failed with findings; else the state the rule set (skipped, partial, inconclusive); else passed."""
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        out = []
        for m in self.modules:
            n = counts.get(m.RULE.id, 0)
            state = RuleState.FAILED if n else self.ctx.rule_states.get(m.RULE.id, RuleState.PASSED)
            out.append(RuleStatus(m.RULE, state, n, self.ctx.rule_notes.get(m.RULE.id)))
        return out

    def say(self, key: str, /, **fields: Any) -> str:
        """A report note in the report's language (rules._notes.<key> in the catalogues)."""
        return wording(self.lang, f"_notes.{key}", **fields)

    def trace_notes(self) -> list[str]:
        """What the reader of the report must know about the trace itself (what was not counted or seen)."""
        notes, counts, agent = [], self.counts, self.agent
        if self.system_reads:
            notes.append(self.say("system_reads", count=self.system_reads))
        if self.ua_matches:
            notes.append(self.say("ua_matches", count=self.ua_matches))
        if self.unknown_types:
            notes.append(self.say("unknown_types", count=self.unknown_types))
        if self.skipped_hooks:
            notes.append(self.say("skipped_hooks", count=len(self.skipped_hooks)))
        if agent.get("error"):
            notes.append(self.say("agent_errors", count=agent["error"]))
        if agent.get("detached"):
            notes.append(self.say("agent_detached", count=agent["detached"]))
        if counts["tls_failures"]:
            refused = sorted(h["host"] for h in self.hosts.values() if h["tls_failures"])[:10]
            notes.append(self.say("tls_failures", count=counts["tls_failures"], hosts=", ".join(refused)))
        if counts["raw"]:
            notes.append(self.say("not_http", count=counts["raw"]))
        if self.ctx.folded_actors:
            n = len(self.ctx.folded_actors)
            count = self.say("folded_at_least", count=n) if n >= MAX_FOLDED_TRACKED else str(n)
            notes.append(self.say("folded", max_keys=MAX_FINDING_KEYS, count=count))
        if self.other_hosts:
            notes.append(self.say("hosts_capped", max_hosts=MAX_HOSTS, count=self.other_hosts))
        return notes

    def report(self, findings: list[Finding], statuses: list[RuleStatus]) -> Report:
        run, notes = self.run, self.notes + self.trace_notes()
        raw_status = run.info.get("status")
        partial = run.status is not RunStatus.COMPLETE
        if partial:
            notes.insert(0, f"run.json status is {raw_status!r}: the run did not complete, this report is partial")
        host_rows = tuple(sorted(({**h, "data_types": sorted(h["data_types"])} for h in self.hosts.values()),
                                 key=lambda h: ({"third": 0, "unknown": 1, "first": 2}.get(h["party"] or "", 1),
                                                -h["pi_flows"], h["host"])))
        return Report(
            run={"path": str(run.path), "status": raw_status, "read_as": str(run.status), "app": self.run_app,
                 "device": run.info.get("device") or {}, "started_at": run.info.get("started_at"),
                 "ended_at": run.info.get("ended_at"), "versions": run.info.get("versions") or {},
                 "scenarios": [s.name for s in self.phases.scenarios], "notes": list(run.info.get("notes") or [])},
            policy=_policy_json(self.policy), lang=self.lang, findings=tuple(findings), rules=tuple(statuses),
            summary=_summary(findings, self.counts, self.lang), notes=tuple(notes), partial=partial,
            timeline=self.timeline.to_json(self.phases.boundaries()), hosts=host_rows,
            static_facts=_static_facts(self.ctx.static), tool=tool_versions(), observed=self.inventory.to_json(),
            labels=[{"kind": str(lb.kind), "source": lb.source} for lb in self.labels],
            coverage=self.coverage.to_json(self.lang),
        )


def _optional_json(run: RunDir, name: str, notes: list[str]) -> Any:
    """static.json / device.json when present and readable; a broken one is a note, not a failed analysis."""
    try:
        data = run.read_json(name)
    except TraceError as e:
        notes.append(f"{e} (ignored)")
        return None
    return data if isinstance(data, dict) else None


def _summary(findings: list[Finding], counts: dict[str, int], lang: str) -> dict[str, Any]:
    by_sev = {s: 0 for s in ("critical", "high", "medium", "low", "info")}
    by_rule: dict[str, int] = {}
    by_sdk: dict[str, int] = {}
    by_phase = {p: 0 for p in PHASES}
    by_phase["background"] = 0
    for f in findings:
        by_sev[str(f.severity)] += 1
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        if f.actor.get("kind") == "sdk":
            name = str(f.actor.get("name") or f.actor.get("sdk_id"))
            by_sdk[name] = by_sdk.get(name, 0) + 1
        for p in f.phases:
            by_phase[p] = by_phase.get(p, 0) + 1
        if any(e.data.get("background") for e in f.evidence):
            by_phase["background"] += 1
    return {"findings": len(findings), "by_severity": by_sev, "by_rule": by_rule, "by_sdk": by_sdk,
            "by_phase": by_phase, "counts": counts}


def _policy_json(policy: Policy | None) -> dict[str, Any] | None:
    if policy is None:
        return None
    return {"source": policy.source, "package": policy.app.package, "name": policy.app.name,
            "category": policy.app.category, "first_party_domains": list(policy.app.first_party_domains),
            "data_types": [d.type for d in policy.data],
            "third_parties": [{"name": t.name, "sdk_id": t.sdk_id, "data_types": list(t.data_types),
                               "disclosed": t.disclosed, "line": t.line} for t in policy.third_parties],
            "data_lines": {d.type: d.line for d in policy.data}}


def _static_facts(static: dict[str, Any] | None) -> dict[str, Any] | None:
    if not static:
        return None
    app = static.get("app") or {}
    return {
        "package": app.get("package"), "version_name": app.get("version_name"),
        "min_sdk": app.get("min_sdk"), "target_sdk": app.get("target_sdk"),
        "dangerous_permissions": [p.get("name") for p in static.get("permissions") or []
                                  if isinstance(p, dict) and p.get("protection_level") == "dangerous"],
        "special_permissions": [p.get("name") for p in static.get("special_permissions") or [] if isinstance(p, dict)],
        "sdks": [{"id": s.get("id"), "name": s.get("name"), "category": s.get("category"),
                  "vendor": s.get("vendor"), "kind": s.get("kind") or "sdk"}
                 for s in static.get("sdks") or [] if isinstance(s, dict)],
        "cleartext": (static.get("network") or {}).get("cleartext_default"),
        "hosts": [h.get("host") for h in static.get("hosts") or [] if isinstance(h, dict)][:50],
        "privacy_policy_urls": list(static.get("privacy_policy_urls") or [])[:10],
        "flags": [{"id": f.get("id"), "detail": f.get("detail")} for f in static.get("flags") or []
                  if isinstance(f, dict)],
    }
