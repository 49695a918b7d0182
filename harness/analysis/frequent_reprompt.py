"""frequent_reprompt: the same permission or the consent dialog asked again after the user refused.

Rationale: asking again within 48 hours of a refusal, or on every relaunch, is "frequent"
(认定方法 3.2; TC260-PG-20202A 3.3(a)(b); TC260-PG-20204A 3.2(f); MIIT 164号 2.1). A re-ask
right after the user started the feature that needs the permission (a feature_used marker
within FEATURE_GRACE seconds before) is allowed. Example: READ_PHONE_STATE denied, then
requested again on the next launch.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import hook_evidence_record, ui_evidence
from harness.analysis.findings import Evidence, FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.permissions import denied_permissions, permissions_in
from harness.analysis.phases import PhaseInfo
from harness.trace.records import Marker

RULE = RuleInfo(
    id="frequent_reprompt",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("16",), rending=("3.2",), miit164=("2.1",),
                         tc260=("TC260-PG-20202A 3.3", "TC260-PG-20204A 3.2(f)")),
)

WINDOW = 48 * 3600.0
FEATURE_GRACE = 5.0
MAX_REQUESTS = 10_000


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.requests: list[tuple[float, str | None, list[str], Evidence, dict[str, Any]]] = []

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        if record.get("event") != "permission_request" or len(self.requests) >= MAX_REQUESTS:
            return
        perms = permissions_in(record.get("values"))
        if perms:
            self.requests.append((float(record.get("t", 0.0)), phase.scenario, perms,
                                  hook_evidence_record(record, phase, None), record.get("actor") or {}))

    def finish(self) -> None:
        ctx = self.ctx
        if not ctx.phases.has_markers:
            ctx.skip(RULE, self.say("skip"))
            return
        app = ctx.app_actor()
        for s in ctx.phases.scenarios:
            features = [float(m.get("t", 0.0)) for m in s.markers if m.get("marker") == Marker.FEATURE_USED]
            denied: dict[str, tuple[float, dict[str, Any]]] = {}
            declined: tuple[float, dict[str, Any]] | None = None
            relaunched_after_decline = False
            asks: list[tuple[float, list[str], Evidence, dict[str, Any]]] = []
            for m in s.markers:
                if m.get("marker") == Marker.PERMISSION_PROMPT:
                    asks.append((float(m.get("t", 0.0)), permissions_in(m.get("detail")), ui_evidence(s.name, m), app))
            for t, scen, perms, ev, actor in self.requests:
                if s.contains(t) or (scen == s.name and not any(x.contains(t) for x in ctx.phases.scenarios)):
                    asks.append((t, perms, ev, actor))
            timeline: list[tuple[float, int, Any]] = [(float(m.get("t", 0.0)), 0, m) for m in s.markers]
            timeline += [(a[0], 1, a) for a in asks]
            timeline.sort(key=lambda x: (x[0], x[1]))
            for t, kind, item in timeline:
                if kind == 0:
                    mk = item.get("marker")
                    if mk == Marker.PERMISSION_DENIED:
                        for p in denied_permissions(item.get("detail")):
                            denied[p] = (t, item)
                    elif mk in (Marker.CONSENT_DECLINED, Marker.CONSENT_WITHDRAWN):
                        declined, relaunched_after_decline = (t, item), False
                    elif mk == Marker.CONSENT_ACCEPTED:
                        declined = None
                    elif mk == Marker.DATA_CLEARED:
                        denied.clear()
                        declined = None
                    elif mk == Marker.APP_RELAUNCHED and declined is not None:
                        relaunched_after_decline = True
                    elif mk == Marker.POLICY_SHOWN and declined is not None and relaunched_after_decline:
                        b = ctx.emit(RULE, None, app, "app|consent", ui_evidence(s.name, declined[1]), scenario=s.name)
                        b.keep(ui_evidence(s.name, item))
                        b.extra["what"] = "consent"
                    continue
                _, perms, ev, actor = item
                if any(0.0 <= t - ft <= FEATURE_GRACE for ft in features):
                    continue
                for p in perms:
                    if p in denied and t - denied[p][0] <= WINDOW and t > denied[p][0]:
                        b = ctx.emit(RULE, None, app, f"app|{p}", ui_evidence(s.name, denied[p][1]), scenario=s.name)
                        b.keep(ev)
                        b.extra["what"] = p

    def describe(self, b: FindingBuilder) -> str:
        what = b.extra.get("what", "")
        if what == "consent":
            return self.say("describe_consent")
        return self.say("describe", what=what, count=b.count)
