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
    title_en="Personal information sent in clear text",
    title_zh="明文传输个人信息",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("9", "51"), rending=(), miit164=(),
                         tc260=("TC260-PG-20205A 4.2(f)",)),
    summary_en="A request over plain HTTP (or ws://) carries PI.",
    summary_zh="通过未加密的 HTTP（或 ws://）请求发送个人信息。",
)


class Check(BaseCheck):
    rule = RULE

    def on_flow(self, o: Observation) -> None:
        if o.record.get("scheme") in ("http", "ws") or o.record.get("cleartext") is True:
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        hosts = sorted({str(e.data.get("host")) for e in b.evidence if e.kind == "flow"})
        what, who, _ = self.words(b)
        if self.ctx.lang == "zh":
            return f"{what}经明文 HTTP 发送至 {', '.join(hosts)}（{who}，{b.count} 次）"
        return f"{what} sent over cleartext HTTP to {', '.join(hosts)} ({who}, {b.count} time(s))"
