"""pre_consent_collection: personal information read or sent before the user agreed to the policy.

Rationale: without consent there is no legal basis (PIPL Art. 13/14); the 认定方法 item 3.1
and TC260-PG-20202A 3.1 forbid collecting PI or calling PI-gathering APIs before the consent
tap, and collection before the policy was even shown is the worse sub-case.
Example: an analytics SDK's init in Application.onCreate reads the IMEI and posts it to its
host while the consent dialog is still on screen.
"""

from __future__ import annotations

from harness.analysis.base import ConsentPhaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import BEFORE_POLICY
from harness.trace.records import Marker

RULE = RuleInfo(
    id="pre_consent_collection",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("13", "14"), rending=("3.1",), miit164=("1.1",),
                         tc260=("TC260-PG-20202A 3.1",)),
)


class Check(ConsentPhaseCheck):
    rule = RULE
    CITE = (Marker.POLICY_SHOWN, Marker.CONSENT_ACCEPTED, Marker.CONSENT_DECLINED)

    def observe(self, o: Observation) -> None:
        if o.phase.pre_consent:
            b = self.ctx.emit_obs(RULE, o)
            if o.phase.phase == BEFORE_POLICY:
                b.extra["before_policy"] = b.extra.get("before_policy", 0) + 1

    def describe(self, b: FindingBuilder) -> str:
        bp = b.extra.get("before_policy", 0)
        what, who, verb = self.words(b)
        tail = self.say("tail_before_policy", before_policy=bp) if bp else ""
        return self.say("describe", what=what, who=who, verb=verb, count=b.count, tail=tail)
