"""minor_collection_without_parental_consent: a child's personal information processed with no guardian consent.

Rationale: PIPL Art. 31 requires the consent of a parent or guardian before processing the
personal information of a child under 14, and Art. 28 makes it sensitive. Once the app knows the
user's age (after its age gate and consent dialog: the post-consent phase), any personal
information read by an SDK or sent to a third party, and any sensitive personal information the
app itself reads, needs that consent; pre-consent collection is `pre_consent_collection`'s. The
finding says whether the app showed a youth-mode or guardian prompt at all (from the UI dumps).
Example: an 11-year-old agrees to the policy and the analytics SDK uploads the device ID at once.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity, wording
from harness.analysis.minors import guardian_consented, guardian_prompt_screens, is_child_run
from harness.analysis.phases import POST_CONSENT

RULE = RuleInfo(
    id="minor_collection_without_parental_consent",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("28", "31"), tc260=("TC260-PG-20202A 3.2",)),
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.active = is_child_run(ctx) and not guardian_consented(ctx)
        if not is_child_run(ctx):
            ctx.skip(RULE, wording(ctx.lang, "_skip.persona_not_child" if ctx.persona is not None
                                   else "_skip.no_persona"))
        self._sensitive: dict[str, bool] = {}

    def observe(self, o: Observation) -> None:
        if not self.active or o.phase.phase != POST_CONSENT:
            return
        third = o.actor.get("kind") == "sdk" or o.party == "third"
        if third or self._is_sensitive(o.data_type):
            b = self.ctx.emit_obs(RULE, o)
            b.extra.setdefault("age", self.ctx.persona.age if self.ctx.persona else None)

    def _is_sensitive(self, data_type: str) -> bool:
        flag = self._sensitive.get(data_type)
        if flag is None:
            dt = self.ctx.taxonomy.maybe(data_type)
            flag = self._sensitive[data_type] = bool(dt and dt.sensitive)
        return flag

    def finish(self) -> None:
        builders = self.builders()
        if not builders:
            return
        prompts = guardian_prompt_screens(self.ctx)
        for b in builders:
            b.extra["guardian_prompt_screens"] = prompts[:5]

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        age = b.extra.get("age")
        prompt = bool(b.extra.get("guardian_prompt_screens"))
        tail = self.say("tail_prompt" if prompt else "tail_no_prompt")
        return self.say("describe", age=age, what=what, who=who, verb=verb, count=b.count, tail=tail)
