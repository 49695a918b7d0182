"""background_collection: personal information read while the app was in the background, unless declared.

Rationale: no collection while the app is not open or in the background unless the function
needs it, e.g. navigation (TC260-PG-20202A 4.4(a)(b); MIIT 164号 1.2 "silently or in
background"; 认定方法 4.4). Background comes from app_background .. app_foreground markers and
from hook events with `foreground: false`; a policy item with `background: true` excuses it.
Example: after Home, the app keeps polling the GPS location every 2 s.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="background_collection",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("6",), rending=("4.4",), miit164=("1.2",),
                         tc260=("TC260-PG-20202A 4.4(a)", "TC260-PG-20204A 4.2(h)")),
)


class Check(BaseCheck):
    rule = RULE

    def on_hook(self, o: Observation) -> None:
        if not o.phase.background:
            return
        item = self.ctx.declared_item(o.data_type)
        if not (item and item.background):
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, _ = self.words(b)
        undeclared = "" if self.ctx.policy is not None else self.say("no_policy")
        return self.say("describe", what=what, who=who, count=b.count, undeclared=undeclared)
