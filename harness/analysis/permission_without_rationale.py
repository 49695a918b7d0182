"""permission_without_rationale: a runtime permission requested with no purpose shown at that moment.

Rationale: when the app asks for a PI-collecting permission it must say why, synchronously (PIPL
Art. 17; 认定方法 2.3; MIIT 164号 2.1; TC260-PG-20204A 3.2(b)). Read from permission_prompt
markers that the explorer or a scenario step checked (rationale_checked): the app's own text on
screen with the system prompt, or just before it, must name a purpose and the permission. A
rationale drawn in a separate window that `uiautomator dump` does not capture is missed: the
finding lists the screens that were checked.
Example: tapping 上传图片 brings up the photos prompt with no word on why.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="permission_without_rationale",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("17",), rending=("2.3",), miit164=("2.1",), tc260=("TC260-PG-20204A 3.2(b)",)),
)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        checked = 0
        for s, m in ctx.phases.markers(Marker.PERMISSION_PROMPT):
            d = m.get("detail") if isinstance(m.get("detail"), dict) else {}
            if not d.get("rationale_checked"):
                continue
            checked += 1
            if d.get("rationale"):
                continue
            what = ", ".join(d.get("permissions") or []) or str(d.get("message") or "?")
            b = ctx.emit(RULE, None, ctx.app_actor(), f"app|{what}", ui_evidence(s.name, m), scenario=s.name)
            b.extra["permission"] = what
            path = [a.get("label") for a in d.get("path") or [] if isinstance(a, dict)]
            if path:
                b.extra["tap_path"] = " > ".join(str(x) for x in path)
        if not checked:
            ctx.skip(RULE, self.say("skip"))

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", permission=b.extra.get("permission"), tap_path=b.extra.get("tap_path") or "-")
