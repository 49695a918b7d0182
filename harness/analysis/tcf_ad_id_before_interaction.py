"""tcf_ad_id_before_interaction: an advertising ID sent before the user touched the consent banner.

Rationale: under a consent banner (IAB TCF CMP or the app's own dialog) the advertising ID may
be read and sent only once the user chose; sending it while the banner is up, or before it
appears, is collection before consent (PIPL Art. 13, 14; 认定方法 3.1; GDPR Art. 6(1)(a) with
ePrivacy Art. 5(3); IAB Europe TCF v2.2 Policies: vendors need a TC string before processing).
Measured studies of CMP apps report this as the most common pattern. The finding shows the TC
string stored at that moment (decoded), if any. Example: AdMob posts the GAID to doubleclick
two seconds after launch, the banner is showing, IABTCF_TCString is not yet stored.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import PhaseInfo
from harness.consent.signals import AD_ID_TYPES, TcfLedger, tc_summary
from harness.trace.records import Marker

RULE = RuleInfo(
    id="tcf_ad_id_before_interaction",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("13", "14"), rending=("3.1",), miit164=("1.1",),
                         store=("GDPR Art. 6(1)(a); ePrivacy Art. 5(3)", "IAB Europe TCF v2.2 Policies",
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
        if o.data_type not in AD_ID_TYPES or not o.phase.pre_consent:
            return
        b = self.ctx.emit_obs(RULE, o)
        if "tc" not in b.extra:
            b.extra["tc"] = tc_summary(self.tcf.stored_at(o.phase.scenario, o.t))

    def finish(self) -> None:
        for b in self.builders():
            self.ctx.cite_markers(b, (Marker.POLICY_SHOWN, Marker.CONSENT_ACCEPTED, Marker.CONSENT_DECLINED))
        if not self.ctx.phases.has_markers:
            self.ctx.skip(RULE, self.say("skip"))

    def describe(self, b: FindingBuilder) -> str:
        what, who, _ = self.words(b)
        stored = (b.extra.get("tc") or {}).get("tc_string") is not None
        return self.say("describe", what=what, who=who, count=b.count,
                        stored=self.say("stored" if stored else "not_stored"))
