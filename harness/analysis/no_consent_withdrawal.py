"""no_consent_withdrawal: the app offers no way to withdraw consent.

Rationale: consent can be withdrawn and the handler must provide a convenient way to do it (PIPL
Art. 15; 认定方法 3.8; TC260-PG-20202A 1.5). Read from the site map of the explore step and from the
withdraw_consent step: no control labelled 撤回同意/撤回授权/withdraw consent/... on any explored
screen. Only a conclusive exploration says "missing".
Example: 隐私设置 has no 撤回同意 entry anywhere in a complete exploration.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.context import ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.sitemap import best_map, map_evidence
from harness.explore.targets import WITHDRAW

RULE = RuleInfo(
    id="no_consent_withdrawal",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("15",), rending=("3.8",), tc260=("TC260-PG-20202A 1.5",)),
)

class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        steps = [r for r in ctx.ui if r.get("kind") == "step" and r.get("action") == "withdraw_consent"]
        if any(r.get("result") == "ok" for r in steps):
            return
        m = best_map(ctx)
        if m is not None and any(WITHDRAW.search(str(a.get("label") or "")) for s in m.states
                                 for a in s.get("actions") or []):
            return
        missed = next((r for r in steps if r.get("result") == "not_found"
                       and (r.get("detail") or {}).get("complete")), None)
        if missed is not None:
            ev, screens, scenario = ui_evidence(missed.get("scenario"), missed), \
                (missed.get("detail") or {}).get("screens"), missed.get("scenario")
        elif m is not None and m.conclusive:
            ev, screens, scenario = map_evidence(m, f"no withdrawal entry among {m.screens} screens"), \
                m.screens, m.scenario
        else:
            if m is not None:
                ctx.inconclusive(RULE, m.inconclusive(ctx.lang))
            else:
                ctx.skip(RULE, self.say("skip"))
            return
        b = ctx.emit(RULE, None, ctx.app_actor(), "app", ev, scenario=scenario)
        b.extra["screens"] = screens

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", screens=b.extra.get("screens"))
