"""collection_after_withdrawal: personal information still read or sent after the user withdrew consent.

Rationale: withdrawing consent must stop the processing it covered (PIPL Art. 15, 47; 认定方法 3.8;
TC260-PG-20202A 3.3). Read from hook events and flows after a consent_withdrawn marker (the
withdraw scenario withdraws through the app's own entry, then uses the app again). Collection
after a *decline* is post_refusal_collection's finding; this rule takes the withdrawals.
Example: after 确认撤回同意, refreshing the feed still sends the Android ID to Umeng.
"""

from __future__ import annotations

from harness.analysis.base import ConsentPhaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import POST_REFUSAL
from harness.trace.records import Marker

RULE = RuleInfo(
    id="collection_after_withdrawal",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("15", "47"), rending=("3.8",), miit164=("1.1",), tc260=("TC260-PG-20202A 3.3",)),
)


class Check(ConsentPhaseCheck):
    rule = RULE
    CITE = (Marker.CONSENT_WITHDRAWN,)

    def observe(self, o: Observation) -> None:
        if o.phase.phase == POST_REFUSAL and self.ctx.phases.withdrawn_at(o.t, o.phase.scenario):
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        return self.say("describe", what=what, who=who, verb=verb, count=b.count)
