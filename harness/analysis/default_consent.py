"""default_consent: consent obtained by default, e.g. an "I agree" box already ticked.

Rationale: consent must be an explicit act of the user (PIPL Art. 14; 认定方法 3.4; MIIT 164号 1.1;
TC260-PG-20202A 3.5: no default-ticked consent). Read from ui.jsonl: a policy_shown marker whose
dialog held a consent checkbox that was already checked before anyone touched it.
Example: 我已阅读并同意《隐私政策》 is checked when the dialog appears.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="default_consent",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("14",), rending=("3.4",), miit164=("1.1",), tc260=("TC260-PG-20202A 3.5",)),
)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        seen = 0
        for s, m in ctx.phases.markers(Marker.POLICY_SHOWN):
            detail = m.get("detail") if isinstance(m.get("detail"), dict) else {}
            seen += 1
            if detail.get("pre_ticked") is not True:
                continue
            b = ctx.emit(RULE, None, ctx.app_actor(), "app", ui_evidence(s.name, m), scenario=s.name)
            step = ctx.step_at(s.name, float(m.get("t") or 0.0))
            if step is not None:
                b.keep(ui_evidence(s.name, step))
            b.extra["excerpt"] = detail.get("excerpt")
        if not seen:
            ctx.skip(RULE, self.say("skip"))

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", count=b.count)
