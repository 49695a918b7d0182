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
    title_en="Personal information collected after refusal",
    title_zh="用户明确拒绝后仍收集个人信息",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("15", "16"), rending=("3.2",), miit164=("1.1",),
                         tc260=("TC260-PG-20202A 3.3",)),
    summary_en="PI read or sent after the user declined the policy or withdrew consent.",
    summary_zh="用户拒绝或撤回同意后仍读取或发送个人信息。",
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
        if self.ctx.lang == "zh":
            return f"用户拒绝或撤回同意后，{who}仍{verb}了{what}（{b.count} 次）"
        return f"{what} {verb} by {who} after the user declined or withdrew consent ({b.count} time(s))"
