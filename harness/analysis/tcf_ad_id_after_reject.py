"""tcf_ad_id_after_reject: an advertising ID sent after the user rejected, or under a consent signal that refuses.

Rationale: after "reject all" the advertising ID must not be sent for advertising (PIPL Art. 15,
16; 认定方法 3.2; GDPR Art. 7(3); IAB Europe TCF v2.2 Policies: vendors honour the signal). Two
proofs count: the request came after a consent_declined marker, or after the latest consent
signal refused: a TC string without consent for purpose 1 (store and/or access information on a
device), or a Google Consent Mode v2 update with ad_storage or ad_user_data DENIED. The finding
cites the decline and the decoded signal. Example: the user taps 拒绝, the CMP stores
a TC string with no purpose consents, Umeng still posts the OAID.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation, hook_evidence_record
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import POST_REFUSAL, PhaseInfo
from harness.consent.signals import AD_ID_TYPES, TcfLedger, tc_summary
from harness.trace.records import Marker

RULE = RuleInfo(
    id="tcf_ad_id_after_reject",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("15", "16"), rending=("3.2",), miit164=("1.1",),
                         store=("GDPR Art. 7(3); ePrivacy Art. 5(3)", "IAB Europe TCF v2.2 Policies",
                                "Google EU User Consent Policy")),
)


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.tcf = TcfLedger()

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        self.tcf.add(record, phase)

    def on_flow(self, o: Observation) -> None:
        if o.data_type not in AD_ID_TYPES:
            return
        refusal = self.tcf.refusal_at(o.phase.scenario, o.t)
        # after a withdrawal (rather than a reject) the same request is collection_after_withdrawal's finding
        declined = o.phase.phase == POST_REFUSAL and not self.ctx.phases.withdrawn_at(o.t, o.phase.scenario)
        if not declined and refusal is None:
            return
        b = self.ctx.emit_obs(RULE, o)
        if refusal is not None and "tc" not in b.extra:
            ev = hook_evidence_record(refusal.record, refusal.phase, None)
            ev.data["tc"] = refusal.tc.to_json() if refusal.tc else {"consent_mode": refusal.consent_mode}
            b.keep(ev)
        b.extra.setdefault("tc", tc_summary(refusal or self.tcf.stored_at(o.phase.scenario, o.t)))
        b.extra["declined"] = b.extra.get("declined", False) or declined

    def finish(self) -> None:
        for b in self.builders():
            self.ctx.cite_markers(b, (Marker.POLICY_SHOWN, Marker.CONSENT_DECLINED, Marker.CONSENT_WITHDRAWN))

    def describe(self, b: FindingBuilder) -> str:
        what, who, _ = self.words(b)
        how = self.say("how_declined" if b.extra.get("declined") else "how_signal")
        return self.say("describe", what=what, who=who, how=how, count=b.count)
