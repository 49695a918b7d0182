"""over_collection: a data type observed at run time that the privacy policy does not declare.

Rationale: collection must stay within what the user was told and agreed to (PIPL Art. 6,
14, 17; 认定方法 3.3 and 3.9; MIIT 164号 1.2). A type counts as declared when the policy's data
list names it, or, for an SDK, when that SDK's third-party entry lists it; a vaguer declared term
covers the precise types under it ("device identifier" covers IMEI, Android ID, ...). Example: the policy lists
location and Android ID, the app reads the installed-app list.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="over_collection",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("6", "14", "17"), rending=("3.3", "3.9"), miit164=("1.2",),
                         tc260=("TC260-PG-20202A 2.1",)),
    needs_policy=True,
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self._declared: dict[tuple[str, str], bool] = {}

    def observe(self, o: Observation) -> None:
        """Declared in the policy's data list, or in the third-party entry of the SDK that took it."""
        key = (o.data_type, o.actor_key)
        d = self._declared.get(key)
        if d is None:
            d = self.ctx.declared_item(o.data_type) is not None
            if not d and o.actor.get("kind") == "sdk":
                tp = self.ctx.third_party_for(o.actor)
                d = tp is not None and self.ctx.covers_type(tp.data_types, o.data_type)
            self._declared[key] = d
        if not d:
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        return self.say("describe", what=what, who=who, verb=verb, count=b.count)
