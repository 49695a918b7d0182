"""tcf_consent_stored_only_on_accept: the CMP stores a TC string when the user accepts, none when they reject.

Rationale: a refusal that is not stored is not a choice the vendors can see: every SDK that
reads IABTCF_TCString finds nothing and falls back to its own default, and the banner returns
(PIPL Art. 15, 16; 认定方法 3.2; GDPR Art. 7(1), 7(3); IAB Europe TCF v2.2 Policies: the CMP
stores the user's choice, whatever it is). Needs the consent-signals hooks (hooks/consent-signals.yaml)
and a scenario where the user accepted and one where they rejected. Example: accept writes
IABTCF_TCString = CP...; after 拒绝 nothing is written.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import hook_evidence_record, ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.phases import PhaseInfo
from harness.consent.signals import TcfLedger
from harness.trace.records import Marker

RULE = RuleInfo(
    id="tcf_consent_stored_only_on_accept",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("15", "16"), rending=("3.2",),
                         store=("GDPR Art. 7(1), 7(3)", "IAB Europe TCF v2.2 Policies")),
)


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.tcf = TcfLedger()

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        self.tcf.add(record, phase)

    def finish(self) -> None:
        ctx = self.ctx
        if not self.tcf.writes:
            ctx.skip(RULE, self.say("skip_no_tc_string"))
            return
        accepted = [(s, m, w) for s, m in ctx.phases.markers(Marker.CONSENT_ACCEPTED)
                    if (w := self.tcf.stored_after(s.name, float(m.get("t") or 0.0)))]
        declined = [(s, m) for s, m in ctx.phases.markers(Marker.CONSENT_DECLINED)]
        if not accepted or not declined:
            ctx.skip(RULE, self.say("skip_needs_both"))
            return
        for s, m in declined:
            t = float(m.get("t") or 0.0)
            if self.tcf.stored_after(s.name, t):
                continue
            acc_s, acc_m, writes = accepted[0]
            w = writes[0]
            ev = hook_evidence_record(w.record, w.phase, None)
            if w.tc is not None:
                ev.data["tc"] = w.tc.to_json()
            b = ctx.emit(RULE, None, ctx.app_actor(), f"app:{s.name}", ev, scenario=s.name)
            b.keep(ui_evidence(acc_s.name, acc_m))
            b.keep(ui_evidence(s.name, m))
            b.extra.update(accept_scenario=acc_s.name, reject_scenario=s.name)

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", accept=b.extra.get("accept_scenario"), reject=b.extra.get("reject_scenario"))
