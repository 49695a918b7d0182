"""sensitive_without_separate_consent: sensitive PI (PIPL Art. 28) processed without a separate consent step.

Rationale: biometrics, specific identity, medical, financial accounts, whereabouts and the
PI of children under 14 need a separate consent (PIPL Art. 28, 29, 31; 认定方法 2.3;
TC260-PG-20202A 3.2). Separate consent is shown by the policy item (`separate_consent: true`)
or by a consent_accepted marker whose detail lists the type under "separate" before the read.
Example: precise location read right after the general "同意" with no location-specific
consent.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="sensitive_without_separate_consent",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("28", "29", "31"), rending=("2.3",), miit164=("1.1",),
                         tc260=("TC260-PG-20202A 3.2",)),
    needs_policy=True,
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self._needs: dict[str, bool] = {}
        self.separate: dict[str, list[tuple[float, frozenset[str]]]] = {}
        for s, m in ctx.phases.markers(Marker.CONSENT_ACCEPTED):
            d = m.get("detail")
            types = d.get("separate") if isinstance(d, dict) else None
            if isinstance(types, str):
                types = [types]
            if types:
                self.separate.setdefault(s.name, []).append((float(m.get("t", 0.0)), frozenset(map(str, types))))

    def observe(self, o: Observation) -> None:
        needs = self._needs.get(o.data_type)
        if needs is None:
            item = self.ctx.declared_item(o.data_type)
            needs = self._needs[o.data_type] = self.ctx.is_sensitive(o.data_type) and not (item and item.separate_consent)
        if not needs:
            return
        if any(t <= o.t and o.data_type in types for t, types in self.separate.get(o.scenario or "", [])):
            return
        b = self.ctx.emit_obs(RULE, o)
        b.extra["sensitive_category"] = self.ctx.taxonomy.get(o.data_type).sensitive

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        return self.say("describe", what=what, who=who, verb=verb, count=b.count)
