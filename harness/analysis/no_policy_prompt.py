"""no_policy_prompt: at first run no pop-up or other prominent prompt to read the privacy policy.

Rationale: the user must be told the processing rules before anything is collected (PIPL Art. 17;
认定方法 1.2; TC260-PG-20202A 3.1). Read from ui.jsonl: the first find_consent step after a fresh
launch found no consent dialog while the app was running, and no policy_shown marker followed in
that launch. Example: the app opens straight on its feed.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="no_policy_prompt",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("17",), rending=("1.2",), tc260=("TC260-PG-20202A 3.1",)),
)
_LAUNCH = {"launch", "relaunch", "clear_data"}


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        checked = 0
        for s in ctx.phases.scenarios:
            armed = False
            for st in ctx.ui:
                if st.get("kind") != "step" or st.get("scenario") != s.name:
                    continue
                action = st.get("action")
                if action in _LAUNCH:
                    armed = action == "launch" and st.get("result") == "ok"
                elif action == "find_consent" and armed:
                    armed = False
                    checked += self._judge(s, st)
        if not checked:
            ctx.skip(RULE, self.say("skip"))

    def _judge(self, s: Any, st: dict[str, Any]) -> int:
        detail = st.get("detail") if isinstance(st.get("detail"), dict) else {}
        if st.get("result") != "not_found":
            return 1
        if not detail.get("running"):
            return 0
        t = float(st.get("t") or 0.0)
        if any(m.get("marker") == Marker.POLICY_SHOWN and float(m.get("t") or 0) >= t for m in s.markers
               if float(m.get("t") or 0) < s.end):
            return 1
        b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app", ui_evidence(s.name, st), scenario=s.name)
        b.extra["screen"] = st.get("screenshot")
        return 1

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", scenarios=len(b.scenarios), screen=b.extra.get("screen"))
