"""label_no_data_contradicted: the data safety form says no data is collected or shared, yet PI leaves the device.

Rationale: "No data collected" is the strongest claim a label makes and the one users trust
most; a run that sees PI sent off the device refutes it (PIPL Art. 17 notice; Google Play
User Data policy, Data safety section: collection by SDKs counts). Example: the CSV answers
PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA = FALSE, AdMob posts the advertising ID.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.labels.model import label_evidence

RULE = RuleInfo(
    id="label_no_data_contradicted",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("7", "17"), rending=("3.3",), store=("Google Play User Data policy: Data safety section",)),
    needs_label=True,
)


class Check(BaseCheck):
    rule = RULE

    def on_flow(self, o: Observation) -> None:
        for label in self.ctx.labels:
            answer = label.collects_any
            if answer is not None and not answer.value:
                b = self.ctx.emit_obs(RULE, o)
                b.keep(label_evidence(label, answer.provenance, "collects_any", False))

    def describe(self, b: FindingBuilder) -> str:
        what, who, _ = self.words(b)
        return self.say("describe", what=what, who=who, count=b.count)
