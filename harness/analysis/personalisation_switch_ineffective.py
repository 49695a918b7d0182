"""personalisation_switch_ineffective: turning personalisation off changes nothing the app collects or sends.

Rationale: the non-personalised option must really stop using PI for targeting (PIPL Art. 24;
认定方法 3.6, 4.5; MIIT 164号 1.4; TC260-PG-20202A 3.7). Read from the check_personalisation step:
the app was used in the same way before and after the switch was turned off (personalisation_check
markers "before" / "after" / "end" around personalisation_off); if every (actor, data type) read
or sent before is still read or sent after, the switch is ineffective. Evidence: the switch's tap
path and the observations after it.
Example: with 个性化推荐 off, the ad request still carries the advertising ID.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import AnalysisContext, Observation, ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="personalisation_switch_ineffective",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("24",), rending=("3.6", "4.5"), miit164=("1.4",), tc260=("TC260-PG-20202A 3.7",)),
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx: AnalysisContext) -> None:
        super().__init__(ctx)
        self.windows: list[dict] = []
        for s in ctx.phases.scenarios:
            w: dict = {"scenario": s.name, "before": set(), "after": set(), "evidence": []}
            for m in s.markers:
                kind, d = m.get("marker"), m.get("detail") if isinstance(m.get("detail"), dict) else {}
                if kind == Marker.PERSONALISATION_CHECK:
                    w[str(d.get("phase"))] = float(m.get("t") or 0.0)
                elif kind == Marker.PERSONALISATION_OFF:
                    w["off"], w["marker"] = float(m.get("t") or 0.0), m
            if all(k in w for k in ("before", "off", "after", "end")) and isinstance(w["before"], float):
                w["seen_before"], w["seen_after"] = set(), set()
                self.windows.append(w)

    def observe(self, o: Observation) -> None:
        for w in self.windows:
            if w["before"] <= o.t < w["off"]:
                w["seen_before"].add((o.actor_key, o.data_type))
            elif w["after"] <= o.t <= w["end"]:
                w["seen_after"].add((o.actor_key, o.data_type))
                if len(w["evidence"]) < 6:
                    w["evidence"].append(o.evidence())

    def finish(self) -> None:
        if not self.windows:
            self.ctx.skip(RULE, self.say("skip"))
            return
        for w in self.windows:
            if not w["seen_before"]:
                self.ctx.inconclusive(RULE, self.say("inconclusive"))
                continue
            if not w["seen_before"] <= w["seen_after"]:
                continue
            b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app", ui_evidence(w["scenario"], w["marker"]),
                              scenario=w["scenario"])
            for ev in w["evidence"]:
                b.keep(ev)
            d = w["marker"].get("detail") or {}
            b.extra.update(switch=d.get("switch"), tap_path=" > ".join(
                str(a.get("label")) for a in d.get("path") or [] if isinstance(a, dict)),
                before=sorted(f"{a}:{t}" for a, t in w["seen_before"]),
                after=sorted(f"{a}:{t}" for a, t in w["seen_after"]))

    def describe(self, b: FindingBuilder) -> str:
        before = ", ".join(b.extra.get("before", []))
        return self.say("describe", switch=b.extra.get("switch"), tap_path=b.extra.get("tap_path"), before=before)
