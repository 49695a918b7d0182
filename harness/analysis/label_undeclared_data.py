"""label_undeclared_data: data collected or shared at run time that a declared label does not list.

Rationale: the store form and the 双清单 are what users and reviewers read; PI processed
beyond them is processed without the notice PIPL Art. 17 requires, and breaks the Google Play
User Data policy (the data safety section must cover all collection and sharing, SDKs
included) and MIIT's 双清单 requirement. Judged in each label's own terms (harness/labels/export.py):
Play: *collected* = sent off the device, *shared* = sent to a host not the app's own; 收集清单:
read by the app or sent to its own hosts; 共享清单: read by an SDK or sent to a third party's host.
Example: the data safety CSV declares only "Precise location", Umeng posts the IMEI to umeng.com.
"""

from __future__ import annotations

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.labels.model import Label, LabelKind, label_evidence
from harness.policy.model import Provenance

Gap = tuple[str, Provenance | None]
"""(what the label lacks, the row that comes closest, if any)."""

RULE = RuleInfo(
    id="label_undeclared_data",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("17", "23"), rending=("3.3",), miit164=("1.2",),
                         store=("Google Play User Data policy: Data safety section",
                                "MIIT 2021 信息通信服务感知提升行动 双清单")),
    needs_label=True,
)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self._gaps: dict[tuple[int, str, str | None, str, str], Gap | None] = {}

    def observe(self, o: Observation) -> None:
        for i, label in enumerate(self.ctx.labels):
            key = (i, o.source, o.party, o.data_type, o.actor_key)
            if key in self._gaps:
                gap = self._gaps[key]
            else:
                gap = _gap(label, o)
                if len(self._gaps) < 50_000:
                    self._gaps[key] = gap
            if gap is None:
                continue
            b = self.ctx.emit_obs(RULE, o)
            how = b.extra.setdefault("gaps", {})
            if f"{label.source}:{gap[0]}" not in how:
                how[f"{label.source}:{gap[0]}"] = gap[0]
                b.keep(label_evidence(label, gap[1], gap[0], None))

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        gaps = ", ".join(sorted(set(b.extra.get("gaps", {}).values())))
        return self.say("describe", what=what, who=who, verb=verb, gaps=gaps, count=b.count)


def _gap(label: Label, o: Observation) -> Gap | None:
    """What the label lacks for this observation, or None when it declares it (or does not speak to it)."""
    sdk = o.actor.get("kind") == "sdk"
    third = o.source == "flow" and o.party != "first"
    if label.kind is LabelKind.PLAY:
        if o.source != "flow" or (label.collects_any is not None and not label.collects_any.value):
            return None  # reads are not "collection" in Play's terms; "no data" is label_no_data_contradicted
        if label.collected_item(o.data_type) is None and label.shared_item(o.data_type) is None:
            return ("collected", None)
        if third and label.shared_item(o.data_type) is None:
            item = label.collected_item(o.data_type)
            return ("shared", item.provenance if item else None)
        return None
    if label.kind is LabelKind.PI_LIST:
        mine = (o.source == "hook" and not sdk) or (o.source == "flow" and o.party == "first")
        return ("收集", None) if mine and label.collected_item(o.data_type) is None else None
    if not ((o.source == "hook" and sdk) or third):
        return None
    tp = label.party_for(o.actor)
    if tp is None:
        return ("共享对象", None)
    return None if label.party_covers(tp, o.data_type) else ("共享类型", tp.provenance)
