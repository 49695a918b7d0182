"""beyond_necessary: a data type the app's category does not need, not tied to an extended function the user used.

Rationale: the 2021 necessary-PI rule lists, per app category, the PI the basic function
needs; anything else needs a reason the user chose (an extended function) (PIPL Art. 6;
认定方法 4.1, 4.3; MIIT 164号 1.2; GB/T 41391 6.1/6.2). A read is excused when the policy
item for the type is an extended function whose `feature_used` marker came earlier in the
same scenario (a user_paste marker counts as using the feature "paste"). Example: a news app (no PI needed) reads the IMEI at start.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import marker_detail_value
from harness.policy.baseline import has_baseline, is_necessary
from harness.policy.model import FunctionKind
from harness.trace.records import Marker

PASTE_SKEW = 0.5
"""A paste marker is written just before the paste; allow this much clock skew."""

RULE = RuleInfo(
    id="beyond_necessary",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("6",), rending=("4.1", "4.3"), miit164=("1.2",),
                         tc260=("GB/T 41391-2022 6.1", "TC260-PG-20202A 4.4")),
    needs_policy=True,
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.category = ctx.policy.app.category if ctx.policy else None
        self._necessary: dict[str, bool] = {}
        self.active = False
        if self.category is None or not has_baseline(self.category):
            ctx.skip(RULE, self.say("skip_no_baseline", category=self.category))
            return
        self.active = True
        self.features: dict[str, list[tuple[float, str]]] = {}
        for s, m in ctx.phases.markers(Marker.FEATURE_USED):
            name = marker_detail_value(m.get("detail"), "feature")
            if name:
                self.features.setdefault(s.name, []).append((float(m.get("t", 0.0)), str(name)))
        for s, m in ctx.phases.markers(Marker.USER_PASTE):  # a user paste is using the paste feature
            self.features.setdefault(s.name, []).append((float(m.get("t", 0.0)) - PASTE_SKEW, "paste"))

    def _excused(self, o: Observation) -> bool:
        item = self.ctx.declared_item(o.data_type)
        if item is None or item.function != FunctionKind.EXTENDED or not item.feature:
            return False
        return any(name == item.feature and ft <= o.t for ft, name in self.features.get(o.scenario or "", []))

    def observe(self, o: Observation) -> None:
        if not self.active:
            return
        nec = self._necessary.get(o.data_type)
        if nec is None:
            nec = self._necessary[o.data_type] = bool(is_necessary(self.category, o.data_type))
        if not nec and not self._excused(o):
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        b.extra["category"] = self.category
        return self.say("describe", what=what, who=who, verb=verb, category=self.category, count=b.count)
