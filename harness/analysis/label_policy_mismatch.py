"""label_policy_mismatch (static): the declared label and the privacy policy disagree.

Rationale: the policy, the store form and the 双清单 are one notice in three places (PIPL
Art. 17 requires the notice to state the types and recipients truthfully; the Google Play
User Data policy requires the data safety section to be consistent with the privacy policy;
MIIT 2021 双清单 must match the policy). A type or recipient in one and not in the other means
one of them is wrong. Example: the 第三方信息共享清单 lists JPush, the policy's SDK list does not;
the policy declares location, the data safety CSV declares no location type; the policy gives the
device ID to Umeng, the data safety CSV says Device or other IDs are collected but not shared.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import static_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.labels.model import Label, LabelKind, label_evidence
from harness.policy.model import ThirdParty

RULE = RuleInfo(
    id="label_policy_mismatch",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("7", "17"), rending=("2.1",),
                         store=("Google Play User Data policy: Data safety section",
                                "MIIT 2021 信息通信服务感知提升行动 双清单")),
    needs_policy=True,
    needs_label=True,
    source="static",
)


def _party_actor(tp: ThirdParty) -> dict[str, Any]:
    return {"kind": "sdk" if tp.sdk_id else "unknown", "name": tp.name, "sdk_id": tp.sdk_id,
            "package": tp.packages[0] if tp.packages else None, "host": tp.domains[0] if tp.domains else None}


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        for label in self.ctx.labels:
            if label.kind is LabelKind.SHARING_LIST:
                self._parties(label)
            else:
                self._types(label)

    def _policy_ev(self, line: int | None, what: str) -> Any:
        pol = self.ctx.policy
        return static_evidence(f"policy:{pol.source if pol else '-'}:{line or 0}",
                               {"file": pol.source if pol else None, "line": line, "declares": what})

    def _emit(self, data_type: str | None, actor: dict[str, Any], key: str, side: str, evs: list[Any]) -> None:
        b = self.ctx.emit(RULE, data_type, actor, key, None)
        b.extra["side"] = side
        for ev in evs:
            b.keep(ev)

    def _types(self, label: Label) -> None:
        policy = self.ctx.policy
        app = self.ctx.app_actor()
        for item in label.collected + label.shared:
            if not any(label.covers(item, d.type) or label.covers(d, item.type) for d in policy.data) \
                    and self.ctx.declared_item(item.type) is None:
                self._emit(item.type, app, f"label:{label.source}", "label_only",
                           [label_evidence(label, item.provenance, item.type, True),
                            self._policy_ev(None, f"no item covering {item.type}")])
        for d in policy.data:
            if not any(label.covers(i, d.type) or label.covers(d, i.type) for i in label.collected + label.shared):
                self._emit(d.type, app, f"policy:{label.source}", "policy_only",
                           [self._policy_ev(d.line, d.type), label_evidence(label, None, d.type, False)])
        if label.kind is LabelKind.PLAY:
            self._not_shared(label)

    def _not_shared(self, label: Label) -> None:
        """The policy gives a type to a third party while the form says that type is collected, not shared."""
        for tp in self.ctx.policy.third_parties:
            for t in tp.data_types:
                item = label.collected_item(t)
                if item is None or label.shared_item(t) is not None:
                    continue
                self._emit(t, _party_actor(tp), f"shared:{label.source}:{tp.name}", "contradicted",
                           [label_evidence(label, item.provenance, f"{t} collected, not shared", False),
                            self._policy_ev(tp.line, f"{t} shared with {tp.name}")])

    def _parties(self, label: Label) -> None:
        for tp in label.third_parties:
            if self.ctx.third_party_for(_party_actor(tp)) is None:
                self._emit(None, _party_actor(tp), f"label:{label.source}:{tp.name}", "label_only",
                           [label_evidence(label, tp.provenance, tp.name, True),
                            self._policy_ev(None, f"no third party {tp.name}")])
        for tp in self.ctx.policy.third_parties:
            if tp.disclosed and label.party_for(_party_actor(tp)) is None:
                self._emit(None, _party_actor(tp), f"policy:{label.source}:{tp.name}", "policy_only",
                           [self._policy_ev(tp.line, tp.name), label_evidence(label, None, tp.name, False)])

    def describe(self, b: FindingBuilder) -> str:
        what = self.ctx.type_name(b.data_type) if b.data_type else str(b.actor.get("name"))
        if b.extra.get("side") == "contradicted":
            return self.say("describe_contradicted", what=what, who=b.actor.get("name"))
        label_only = b.extra.get("side") == "label_only"
        return self.say("describe_label_only" if label_only else "describe_policy_only", what=what)

