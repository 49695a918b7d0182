"""forced_consent: declining the policy or a non-necessary permission makes the app quit, loop, or block.

Rationale: a handler may not refuse its service because the user declines processing that
is not necessary (PIPL Art. 16; 认定方法 4.2; 必要个人信息范围规定 Art. 4; MIIT 337号 #5,
164号 2.1). Read from ui.jsonl: after a consent_declined / consent_withdrawn (or a
permission_denied) marker, the app exits (app_exited before any harness exit/stop step),
shows the policy dialog again in the same launch (loop), or a marker/step says
{"blocked": true}. Example: tapping "不同意" calls System.exit(0).
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.permissions import data_types_of, denied_permissions
from harness.i18n import has
from harness.policy.baseline import has_baseline, is_necessary
from harness.trace.records import Marker

RULE = RuleInfo(
    id="forced_consent",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("16",), rending=("4.2", "4.6"), miit164=("2.1",),
                         tc260=("TC260-PG-20202A 3.9",)),
)

HARNESS_EXIT_ACTIONS = frozenset({"exit", "stop", "kill", "force_stop", "close", "quit", "uninstall", "clear_data"})
_DECLINES = (Marker.CONSENT_DECLINED, Marker.CONSENT_WITHDRAWN, Marker.PERMISSION_DENIED)
_END = (Marker.CONSENT_ACCEPTED, Marker.SCENARIO_END, Marker.APP_RELAUNCHED, Marker.DATA_CLEARED)


def _blocked(rec: dict[str, Any]) -> bool:
    d = rec.get("detail")
    return isinstance(d, dict) and bool(d.get("blocked"))


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        if not ctx.phases.has_markers:
            ctx.skip(RULE, self.say("skip"))
            return
        steps_by_scenario: dict[str, list[dict[str, Any]]] = {}
        for r in ctx.ui:
            if r.get("kind") == "step":
                steps_by_scenario.setdefault(r.get("scenario") or "", []).append(r)
        for s in ctx.phases.scenarios:
            ms = s.markers
            for i, m in enumerate(ms):
                kind = m.get("marker")
                if kind not in _DECLINES:
                    continue
                perm = None
                if kind == Marker.PERMISSION_DENIED:
                    # Every denied permission counts: the refusal is forced unless all of them are necessary.
                    denied = denied_permissions(m.get("detail"))
                    optional = [p for p in denied if not self._necessary(p)]
                    if denied and not optional:
                        continue
                    perm = ", ".join(optional) or None
                t0 = float(m.get("t", 0.0))
                outcome, proof = None, None
                for later in ms[i + 1:]:
                    lk = later.get("marker")
                    if lk in _END or (lk in _DECLINES and later is not m):
                        break
                    if lk == Marker.APP_EXITED:
                        t1 = float(later.get("t", 0.0))
                        if not any(st.get("action") in HARNESS_EXIT_ACTIONS and t0 <= float(st.get("t", 0)) <= t1
                                   for st in steps_by_scenario.get(s.name, [])):
                            outcome, proof = "exit", later
                        break
                    if lk == Marker.POLICY_SHOWN and kind != Marker.PERMISSION_DENIED:
                        outcome, proof = "loop", later
                        break
                    if _blocked(later):
                        outcome, proof = "blocked", later
                        break
                if outcome is None:
                    for st in steps_by_scenario.get(s.name, []):
                        if float(st.get("t", 0.0)) >= t0 and st.get("t", 0.0) < s.end and _blocked(st):
                            outcome, proof = "blocked", st
                            break
                if outcome is None:
                    continue
                actor = ctx.app_actor()
                key = f"app|{kind}" + (f"|{perm}" if perm else "")
                b = ctx.emit(RULE, None, actor, key, ui_evidence(s.name, m), scenario=s.name)
                step = ctx.step_at(s.name, t0)
                if step is not None:
                    b.keep(ui_evidence(s.name, step))
                b.keep(ui_evidence(s.name, proof))
                b.extra.setdefault("outcomes", [])
                if outcome not in b.extra["outcomes"]:
                    b.extra["outcomes"].append(outcome)
                b.extra["declined"] = str(kind)
                if perm:
                    b.extra["permission"] = perm

    def _necessary(self, perm: str) -> bool:
        ctx = self.ctx
        if ctx.policy is None:
            return False
        cat = ctx.policy.app.category
        if not has_baseline(cat):
            return False
        return any(is_necessary(cat, t) for t in data_types_of(perm, ctx.taxonomy))

    def describe(self, b: FindingBuilder) -> str:
        if b.extra.get("permission"):
            what = b.extra["permission"]
        elif b.extra.get("declined") == str(Marker.PERMISSION_DENIED):
            what = self.say("declined_permission")
        else:
            what = self.say("declined_policy")
        lang = self.ctx.lang
        outcomes = self.say("outcome_sep").join(
            self.rule.text(lang, f"outcome.{o}") if has(lang, f"rules.{RULE.id}.outcome.{o}") else o
            for o in b.extra.get("outcomes", []))
        return self.say("describe", what=what, outcomes=outcomes)
