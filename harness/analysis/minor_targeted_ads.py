"""minor_targeted_ads: under a child persona, the advertising ID is read or sent, or an ad SDK receives data.

Rationale: a child's personal information is sensitive (PIPL Art. 28) and needs a guardian's
consent (Art. 31); profiling a child for targeted advertising has no basis in the basic function
of any app category, and the 2021 rule lists no advertising purpose as necessary. The persona is
the run's (`harness diff` / `--persona`): the same app under an adult persona may do it lawfully.
Example: the app asks the age at its age gate, the user says 11, and AdMob still gets the GAID.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity, wording
from harness.analysis.minors import AD_IDENTIFIERS, ad_actor, is_child_run

RULE = RuleInfo(
    id="minor_targeted_ads",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("28", "31"), tc260=("TC260-PG-20202A 3.2",)),
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.child = is_child_run(ctx)
        if not self.child:
            ctx.skip(RULE, wording(ctx.lang, "_skip.persona_not_child" if ctx.persona is not None
                                   else "_skip.no_persona"))

    def observe(self, o: Observation) -> None:
        if not self.child:
            return
        if o.data_type in AD_IDENTIFIERS or ad_actor(self.ctx, o):
            b = self.ctx.emit_obs(RULE, o)
            b.extra.setdefault("persona", self.ctx.persona.name if self.ctx.persona else None)
            b.extra.setdefault("age", self.ctx.persona.age if self.ctx.persona else None)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        age = b.extra.get("age")
        return self.say("describe", age=age, what=what, who=who, verb=verb, count=b.count)
