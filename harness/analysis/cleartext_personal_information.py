"""cleartext_personal_information: personal information sent over plain HTTP (or ws://).

Rationale: PI must be protected in transit (PIPL Art. 51; TC260-PG-20205A 4.2(f); GB/T 35273
encryption requirements); anyone on the path can read a cleartext request. Example: the app
posts the location to http://log.example.com/track.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="cleartext_personal_information",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("9", "51"), rending=(), miit164=(),
                         tc260=("TC260-PG-20205A 4.2(f)",)),
)


class Check(BaseCheck):
    rule = RULE

    def on_flow(self, o: Observation) -> None:
        if o.record.get("scheme") in ("http", "ws") or o.record.get("cleartext") is True:
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        hosts = sorted({str(e.data.get("host")) for e in b.evidence if e.kind == "flow"})
        what, who, _ = self.words(b)
        return self.say("describe", what=what, who=who, hosts=", ".join(hosts), count=b.count)
