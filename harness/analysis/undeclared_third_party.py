"""undeclared_third_party: PI sent to, or read by, a third party the policy does not list for that data type.

Rationale: providing PI to another handler, including SDKs embedded in the app, needs the
recipient, purpose and types told and consent (PIPL Art. 23; 认定方法 2.1, 5.1; MIIT 164号
1.3; TC260-PG-20205A 4.1(g)). Entity-sensitive like PoliCheck: the (party, data type) pair
must be declared, not just the type. A flow counts when its host is not first party (SDK
host, or any host outside the policy's first_party_domains); a hook read counts when the
caller is an SDK. Example: Google Mobile Ads reads the GAID and posts it to doubleclick.net,
but the policy lists only Umeng and Bugly.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="undeclared_third_party",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("23",), rending=("2.1", "5.1"), miit164=("1.3",),
                         tc260=("TC260-PG-20202A 5.1", "TC260-PG-20205A 4.1(g)")),
    needs_policy=True,
)


class Check(BaseCheck):
    rule = RULE

    def _check(self, o: Observation) -> None:
        tp = self.ctx.third_party_for(o.actor)
        if tp is not None and tp.disclosed and self.ctx.covers_type(tp.data_types, o.data_type):
            return
        b = self.ctx.emit_obs(RULE, o)
        if tp is None or not tp.disclosed:
            b.extra["reason"] = "party_not_listed"
        else:
            b.extra.setdefault("reason", "type_not_listed")
            b.extra["listed_as"] = tp.name

    def on_hook(self, o: Observation) -> None:
        if o.actor.get("kind") == "sdk":
            self._check(o)

    def on_flow(self, o: Observation) -> None:
        if o.party == "first":
            return
        if o.party == "unknown" and not (self.ctx.policy and self.ctx.policy.app.first_party_domains):
            return
        self._check(o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        listed = b.extra.get("reason") == "type_not_listed"
        why = self.say("why_type_not_listed" if listed else "why_party_not_listed")
        return self.say("describe", what=what, who=who, verb=verb, count=b.count, why=why)
