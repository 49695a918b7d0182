"""The shape of a rule's check: an accumulator fed once per record, closed by `finish`.

The engine calls only the hooks a check overrides, so a rule that looks at flows costs
nothing per hook event.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.context import AnalysisContext, Observation, actor_label
from harness.analysis.findings import FindingBuilder, RuleInfo
from harness.analysis.phases import PhaseInfo


class BaseCheck:
    rule: RuleInfo

    def __init__(self, ctx: AnalysisContext) -> None:
        self.ctx = ctx

    def on_hook(self, o: Observation) -> None:
        """A PI read by a hook (data_type set, event not a context event)."""

    def on_flow(self, o: Observation) -> None:
        """One PI value found in one flow."""

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        """A context hook event without data type (permission requests, lifecycle)."""

    def finish(self) -> None:
        """After both passes: UI- and static-based checks, and closing accumulators."""

    def describe(self, b: FindingBuilder) -> str:
        """One sentence for the finding (ctx.lang decides the language)."""
        ctx = self.ctx
        what = ctx.type_name(b.data_type)
        who = actor_label(b.actor, ctx.lang)
        if ctx.lang == "zh":
            return f"{self.rule.title_zh}：{what}（{who}），共 {b.count} 次"
        return f"{self.rule.title_en}: {what} by {who}, {b.count} occurrence(s)"

    @classmethod
    def overrides(cls, name: str) -> bool:
        return getattr(cls, name) is not getattr(BaseCheck, name)


class ObservationCheck(BaseCheck):
    """A check that judges hook reads and traffic matches alike: both go to `observe`."""

    def observe(self, o: Observation) -> None:
        raise NotImplementedError

    def on_hook(self, o: Observation) -> None:
        self.observe(o)

    def on_flow(self, o: Observation) -> None:
        self.observe(o)


def reads_or_sends(b: FindingBuilder, lang: str) -> str:
    kinds = {e.kind for e in b.evidence}
    if lang == "zh":
        return "读取并发送" if kinds >= {"hook", "flow"} else ("发送" if "flow" in kinds else "读取")
    return "read and sent" if kinds >= {"hook", "flow"} else ("sent" if "flow" in kinds else "read")
