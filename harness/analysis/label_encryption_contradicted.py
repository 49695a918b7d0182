"""label_encryption_contradicted: the data safety form claims encryption in transit, yet PI goes over plain HTTP.

Rationale: "Data is encrypted in transit" is a security claim shown on the store listing; a
cleartext request carrying PI makes it false (PIPL Art. 9, 17, 51; Google Play User Data
policy, Data safety section). Example: PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT = TRUE and
Umeng posts the IMEI to http://alog.umeng.com.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.labels.model import label_evidence

RULE = RuleInfo(
    id="label_encryption_contradicted",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("9", "17", "51"), tc260=("TC260-PG-20205A 4.2(f)",),
                         store=("Google Play User Data policy: Data safety section",)),
    needs_label=True,
)


class Check(BaseCheck):
    rule = RULE

    def on_flow(self, o: Observation) -> None:
        if not (o.record.get("scheme") in ("http", "ws") or o.record.get("cleartext") is True):
            return
        for label in self.ctx.labels:
            answer = label.encrypted_in_transit
            if answer is not None and answer.value:
                b = self.ctx.emit_obs(RULE, o)
                b.keep(label_evidence(label, answer.provenance, "encrypted_in_transit", True))

    def describe(self, b: FindingBuilder) -> str:
        hosts = sorted({str(e.data.get("host")) for e in b.evidence if e.kind == "flow"})
        what, who, _ = self.words(b)
        return self.say("describe", what=what, who=who, hosts=", ".join(hosts))
