"""The shape of a rule's check: an accumulator fed once per record, closed by `finish`.

The engine calls only the hooks a check overrides, so a rule that looks at flows costs
nothing per hook event.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.context import AnalysisContext, Observation, actor_label
from harness.analysis.findings import FindingBuilder, RuleInfo, wording
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

    def builders(self) -> list[FindingBuilder]:
        """This rule's finding accumulators so far."""
        rule_id = self.rule.id
        return [b for (rule, _dt, _key), b in self.ctx.builders.items() if rule == rule_id]

    def words(self, b: FindingBuilder) -> tuple[str, str, str]:
        """(data type name, actor label, "read"/"sent"/"read and sent") in ctx.lang, for describe()."""
        lang = self.ctx.lang
        return self.ctx.type_name(b.data_type), actor_label(b.actor, lang), reads_or_sends(b, lang)

    def say(self, key: str, /, **fields: Any) -> str:
        """This rule's catalogue message `key` in ctx.lang (rules.<rule id>.<key>)."""
        return self.rule.text(self.ctx.lang, key, **fields)

    def describe(self, b: FindingBuilder) -> str:
        """One sentence for the finding (ctx.lang decides the language)."""
        what, who, _ = self.words(b)
        return wording(self.ctx.lang, "_common.describe", title=self.rule.title(self.ctx.lang), what=what, who=who,
                       count=b.count)

    @classmethod
    def overrides(cls, name: str) -> bool:
        return getattr(cls, name) is not getattr(BaseCheck, name)


class ObservationCheck(BaseCheck):
    """A check that judges hook reads and traffic matches alike: both go to `observe`."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "observe" in cls.__dict__:
            # The engine calls observe directly for both: no extra call per record on the hot path.
            cls.on_hook = cls.on_flow = cls.__dict__["observe"]

    def observe(self, o: Observation) -> None:
        raise NotImplementedError

    def on_hook(self, o: Observation) -> None:
        self.observe(o)

    def on_flow(self, o: Observation) -> None:
        self.observe(o)


class ConsentPhaseCheck(ObservationCheck):
    """A rule about PI read or sent in a consent phase: findings cite the phase's boundary markers."""

    CITE: tuple[str, ...] = ()
    """Marker kinds of the finding's first scenario cited as UI evidence."""

    def finish(self) -> None:
        for b in self.builders():
            self.ctx.cite_markers(b, self.CITE)
        if not self.ctx.phases.has_markers:
            self.ctx.skip(self.rule, wording(self.ctx.lang, "_skip.no_consent_phases"))


def reads_or_sends(b: FindingBuilder, lang: str) -> str:
    """The verb for what the evidence shows: read (hook), sent (flow) or both."""
    kinds = {e.kind for e in b.evidence}
    verb = "read_and_sent" if kinds >= {"hook", "flow"} else ("sent" if "flow" in kinds else "read")
    return wording(lang, f"_common.verb.{verb}")
