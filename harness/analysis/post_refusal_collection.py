"""post_refusal_collection: personal information read or sent after the user declined or withdrew consent.

Rationale: a refusal must stop collection (认定方法 3.2; PIPL Art. 15 and 16; TC260-PG-20202A
3.3). Example: the user taps "不同意", yet the analytics SDK still reads the Android ID and
sends it before the app closes.
"""

from __future__ import annotations

from harness.analysis.base import ConsentPhaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import POST_REFUSAL
from harness.trace.records import Marker

RULE = RuleInfo(
    id="post_refusal_collection",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("15", "16"), rending=("3.2",), miit164=("1.1",),
                         tc260=("TC260-PG-20202A 3.3",)),
)


class Check(ConsentPhaseCheck):
    rule = RULE
    CITE = (Marker.CONSENT_DECLINED, Marker.CONSENT_WITHDRAWN)

    def observe(self, o: Observation) -> None:
        # After a withdrawal it is collection_after_withdrawal's finding (认定方法 3.8), not this one's.
        if o.phase.phase == POST_REFUSAL and not self.ctx.phases.withdrawn_at(o.t, o.phase.scenario):
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        return self.say("describe", what=what, who=who, verb=verb, count=b.count)
