"""analyze_run: one streaming pass over events.jsonl, then one over flows.jsonl, feeding every rule.

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
from harness.analysis.findings import Finding, fingerprint
from harness.analysis.inventory import Inventory
from harness.analysis.phases import PHASES, PhaseMap
from harness.analysis.result import Report, RuleStatus
from harness.analysis.sitemap import explore_note, site_maps
from harness.detect.attribution import attribute_stack
from harness.detect.destinations import attribute_host
from harness.detect.known_values import KnownValueCollector
from harness.detect.matcher import build_matcher
from harness.detect.sdk_db import SdkDatabase, sdk_database
from harness.errors import InputError, TraceError
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
    form, 收集/共享清单); never raises for missing optional files."""
    if lang not in ("en", "zh"):
        raise InputError(f"--lang {lang!r}: expected 'en' or 'zh'")
    run = run_dir if isinstance(run_dir, RunDir) else RunDir.open(Path(run_dir))
    tax = taxonomy()
    db = db or sdk_database()
    notes: list[str] = []

    ui_reader = run.reader(RunDir.UI)
    ui, bad_ui = [], 0
    for r in ui_reader:
        if isinstance(r, dict) and r.get("kind") in ("step", "marker"):
            if isinstance(r.get("t"), (int, float)):
                ui.append(r)
            else:
                bad_ui += 1
    if ui_reader.note:
        notes.append(ui_reader.note)
    if bad_ui:
        notes.append(f"ui.jsonl: {bad_ui} record(s) without a numeric time were ignored")
    phases = PhaseMap([r for r in ui if r.get("kind") == "marker"])
    if not phases.has_markers:
        notes.append("ui.jsonl has no markers: consent phases are unknown, consent rules skipped")
    static = _optional_json(run, RunDir.STATIC, notes)
    if static is None:
        notes.append("no static.json (no APK analysed): static rules use run-time observations or are skipped")
    device = _optional_json(run, RunDir.DEVICE, notes)
    run_app = run.info.get("app") if isinstance(run.info.get("app"), dict) else {}
    for lb in labels:
        notes.extend(lb.notes[:20])
    if policy is not None and run_app.get("package") and run_app["package"] != policy.app.package:
        notes.append(f"the policy describes {policy.app.package} but the run is of {run_app['package']}")
    app_package = (policy.app.package if policy else None) or run_app.get("package") or \
        ((static or {}).get("app") or {}).get("package") or ""
    first_party = tuple(policy.app.first_party_domains) if policy else tuple(run_app.get("first_party_domains") or ())
    ctx = AnalysisContext(policy=policy, taxonomy=tax, db=db, phases=phases, app_package=app_package,
                          static=static if isinstance(static, dict) else None,
                          device=device if isinstance(device, dict) else None, ui=ui, lang=lang,
                          persona=Persona.from_json(run.info["persona"]) if isinstance(run.info.get("persona"), dict)
                          else None, run_path=run.path, labels=tuple(labels))

    modules = _modules()
    checks: list[BaseCheck] = []
    for mod in modules:
        if mod.RULE.needs_policy and policy is None:
            ctx.skip(mod.RULE, "skipped: no policy")
            continue
        if mod.RULE.needs_label and not labels:
            ctx.skip(mod.RULE, "skipped: no label (--label)")
            continue
        checks.append(mod.Check(ctx))
    inventory = Inventory()
    hook_fns = [c.on_hook for c in checks if type(c).overrides("on_hook")] + [inventory.on_hook]
    flow_fns = [c.on_flow for c in checks if type(c).overrides("on_flow")] + [inventory.on_flow]
    event_fns = [c.on_event for c in checks if type(c).overrides("on_event")]

    known = KnownValueCollector(limit=MAX_KNOWN_VALUES, skip_noisy=False)
    coverage = Coverage()
    timeline = _Timeline()
    counts = {"events": 0, "hook_events": 0, "pi_reads": 0, "flows": 0, "pi_flows": 0, "pi_matches": 0,
              "tls_failures": 0, "raw": 0, "markers": sum(1 for r in ui if r.get("kind") == "marker"),
              "steps": sum(1 for r in ui if r.get("kind") == "step")}
    agent: dict[str, int] = {}
    system_reads = unknown_types = ua_matches = 0
    skipped_hooks: set[str] = set()
    app_packages = (app_package,) if app_package else ()

    # Attribution once per distinct host / stack: a trace has many records but few of either.
    @lru_cache(maxsize=100_000)
    def attribute(host: str) -> tuple[dict[str, Any], dict[str, Any], str]:
        return _flow_actor(host, first_party, db)

    @lru_cache(maxsize=10_000)
    def attribute_caller(stack: tuple[str, ...]) -> dict[str, Any]:
        """For hook records written without an actor."""
        return attribute_stack(list(stack), app_packages, db)

    # ---- pass 1: events.jsonl -----------------------------------------------------------------
    ev_reader = run.reader(RunDir.EVENTS)
    at = phases.at
    for rec in ev_reader:
        counts["events"] += 1
        if not isinstance(rec, dict):
            continue
        kind = rec.get("kind")
        if kind == "hook":
            counts["hook_events"] += 1
            t = _num(rec.get("t"))
            dt = rec.get("data_type")
            ev = rec.get("event") or "read"
            if dt is None or ev not in PI_EVENTS:
                if event_fns:
                    phase = at(t, rec.get("scenario"), rec.get("foreground"))
                    for fn in event_fns:
                        fn(rec, phase)
                continue
            if dt not in tax:
                unknown_types += 1
                continue
            known.add_event(rec)
            stack = rec.get("stack")
            if not isinstance(stack, list):
                rec["stack"] = stack = []
            actor = rec.get("actor")
            if not isinstance(actor, dict):
                actor = attribute_caller(tuple(str(f) for f in stack))
            if actor.get("kind") == "system" and stack:
                system_reads += 1
                continue
            counts["pi_reads"] += 1
            timeline.hook(dt, t)
            phase = at(t, rec.get("scenario"), rec.get("foreground"))
            o = Observation("hook", t, dt, actor, actor_key(actor), phase, rec, event=ev)
            for fn in hook_fns:
                fn(o)
        elif kind == "snapshot":
            known.add_event(rec)
        elif kind == "socket":
            coverage.socket(rec)
        elif kind == "agent":
            coverage.agent(rec)
            status = str(rec.get("status"))
            if status == "detached" and rec.get("reason") in EXPECTED_DETACH:
                status = "detached_expected"
            agent[status] = agent.get(status, 0) + 1
            if status == "hook_skipped" and len(skipped_hooks) < 10_000:
                skipped_hooks.add(str(rec.get("hook_id")))
    if ev_reader.note:
        notes.append(ev_reader.note)
    if device and isinstance(device, dict):
        known.add_device({"known_values": [item for item in device.get("known_values") or []
                                           if isinstance(item, dict) and isinstance(item.get("data_type"), str)
                                           and item["data_type"] in tax]})

    # ---- pass 2: flows.jsonl ------------------------------------------------------------------
    matcher = build_matcher(known.values())
    hosts: dict[str, dict[str, Any]] = {}
    other_hosts = 0
    fl_reader = run.reader(RunDir.FLOWS)
    for rec in fl_reader:
        if not isinstance(rec, dict):
            continue
        kind = rec.get("kind")
        host = str(rec.get("host") or "")
        if kind not in ("flow", "tls_failure", "raw"):
            continue
        if kind != "flow":
            coverage.flow(rec)
        h = hosts.get(host)
        if h is None:
            if len(hosts) >= MAX_HOSTS:
                other_hosts += 1
            else:
                dest = attribute(host)[0]
                h = hosts[host] = {"host": host, "party": dest.get("party"), "sdk_id": dest.get("sdk_id"),
                                   "name": dest.get("name"), "flows": 0, "pi_flows": 0, "data_types": {},
                                   "cleartext": False, "tls_failures": 0, "raw": 0}
        if kind == "tls_failure":
            counts["tls_failures"] += 1
            if h is not None:
                h["tls_failures"] += 1
            continue
        if kind == "raw":
            counts["raw"] += 1
            if h is not None:
                h["raw"] += 1
            continue
        counts["flows"] += 1
        t = _num(rec.get("t"))
        if not isinstance(rec.get("request"), (dict, type(None))):
            rec["request"] = None
        matches = matcher.scan_flow(rec)
        timeline.flow(host, t, bool(matches))
        cleartext = rec.get("scheme") in ("http", "ws")
        if h is not None:
            h["flows"] += 1
            h["cleartext"] = h["cleartext"] or cleartext
        if not matches:
            continue
        counts["pi_flows"] += 1
        counts["pi_matches"] += len(matches)
        dest, actor, akey = attribute(host)
        party = dest.get("party")
        phase = at(t, rec.get("scenario"), None)
        if h is not None:
            h["pi_flows"] += 1
        for m in matches:
            if m.data_type not in tax:
                continue
            if m.data_type == "device_info" and str(m.location).lower().startswith("header:user-agent"):
                ua_matches += 1  # the HTTP stack's own User-Agent names the model on every request
                continue
            if h is not None:
                h["data_types"][m.data_type] = None
            o = Observation("flow", t, m.data_type, actor, akey, phase, rec, match=m, party=party)
            for fn in flow_fns:
                fn(o)
    if fl_reader.note:
        notes.append(fl_reader.note)

    for c in checks:
        c.finish()
    notes.extend(explore_note(m) for m in site_maps(ctx))

    # ---- findings, statuses, summaries --------------------------------------------------------
    app_id = app_package or "-"
    order = {m.RULE.id: i for i, m in enumerate(modules)}
    rules = {m.RULE.id: m.RULE for m in modules}
    by_id = {c.rule.id: c for c in checks}
    findings: list[Finding] = []
    for (rule_id, dt, key), b in ctx.builders.items():
        rule, check = rules[rule_id], by_id[rule_id]
        findings.append(Finding(
            rule=rule_id, title=rule.title(lang), severity=rule.severity, data_type=dt, actor=b.actor,
            actor_key=key, message=check.describe(b), count=b.count, evidence=tuple(b.evidence),
            anchors=rule.anchors, fingerprint=fingerprint(rule_id, dt, key, app_id), first_t=b.first_t,
            last_t=b.last_t, scenarios=tuple(b.scenarios), phases=tuple(b.phases), extra=b.extra))
    findings.sort(key=lambda f: (-f.severity.rank, order[f.rule], f.data_type or "", f.actor_key))

    statuses = []
    for m in modules:
        n = sum(1 for f in findings if f.rule == m.RULE.id)
        reason = ctx.rule_notes.get(m.RULE.id)
        if n:
            status = "failed"
        elif reason and not reason.startswith("partial"):
            status = "skipped"
        else:
            status = "passed"
        statuses.append(RuleStatus(m.RULE, status, n, reason))

    if system_reads:
        notes.append(f"{system_reads} PI read(s) made by the platform itself (no app or SDK frame) were not counted")
    if ua_matches:
        notes.append(f"{ua_matches} device-model match(es) in User-Agent headers were not counted as collection")
    if unknown_types:
        notes.append(f"{unknown_types} hook event(s) named a data type outside the taxonomy and were skipped")
    if skipped_hooks:
        notes.append(f"agent: {len(skipped_hooks)} catalogue hook(s) could not be installed on this target "
                     f"(API absent; see the hook_skipped records in events.jsonl)")
    if agent.get("error"):
        notes.append(f"agent: {agent['error']} error record(s) in events.jsonl")
    if agent.get("detached"):
        notes.append(f"agent: detached unexpectedly {agent['detached']} time(s) (events after that are missing)")
    if counts["tls_failures"]:
        refused = sorted(h["host"] for h in hosts.values() if h["tls_failures"])[:10]
        notes.append(f"{counts['tls_failures']} TLS handshake(s) refused our certificate (certificate pinning?); "
                     f"traffic to {', '.join(refused)} was not seen")
    if counts["raw"]:
        notes.append(f"{counts['raw']} connection(s) were not HTTP and could not be inspected")
    if ctx.folded_actors:
        n = len(ctx.folded_actors)
        count = f"at least {n}" if n >= MAX_FOLDED_TRACKED else str(n)
        notes.append(f"more than {MAX_FINDING_KEYS} distinct (rule, data type, actor) keys: {count} further "
                     "actor(s) were folded into '(other actors)' findings")
    if other_hosts:
        notes.append(f"hosts table capped at {MAX_HOSTS} hosts; {other_hosts} record(s) to further hosts not listed")

    summary = _summary(findings, counts, lang)
    status = run.status
    raw_status = run.info.get("status")
    partial = status is not RunStatus.COMPLETE
    if partial:
        notes.insert(0, f"run.json status is {raw_status!r}: the run did not complete, this report is partial")
    host_rows = tuple(sorted(({**h, "data_types": sorted(h["data_types"])} for h in hosts.values()),
                             key=lambda h: ({"third": 0, "unknown": 1, "first": 2}.get(h["party"] or "", 1),
                                            -h["pi_flows"], h["host"])))
    return Report(
        run={"path": str(run.path), "status": raw_status, "read_as": str(status), "app": run_app,
             "device": run.info.get("device") or {}, "started_at": run.info.get("started_at"),
             "ended_at": run.info.get("ended_at"), "versions": run.info.get("versions") or {},
             "scenarios": [s.name for s in phases.scenarios], "notes": list(run.info.get("notes") or [])},
        policy=_policy_json(policy), lang=lang, findings=tuple(findings), rules=tuple(statuses),
        summary=summary, notes=tuple(notes), partial=partial,
        timeline=timeline.to_json(phases.boundaries()), hosts=host_rows,
        static_facts=_static_facts(ctx.static), tool=tool_versions(), observed=inventory.to_json(),
        labels=[{"kind": str(lb.kind), "source": lb.source} for lb in labels], coverage=coverage.to_json(lang),
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
        "sdks": [{"id": s.get("id"), "name": s.get("name"), "category": s.get("category")}
                 for s in static.get("sdks") or [] if isinstance(s, dict)],
        "cleartext": (static.get("network") or {}).get("cleartext_default"),
        "hosts": [h.get("host") for h in static.get("hosts") or [] if isinstance(h, dict)][:50],
        "privacy_policy_urls": list(static.get("privacy_policy_urls") or [])[:10],
        "flags": [{"id": f.get("id"), "detail": f.get("detail")} for f in static.get("flags") or []
                  if isinstance(f, dict)],
    }
