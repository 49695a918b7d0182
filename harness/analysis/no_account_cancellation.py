"""no_account_cancellation: no in-app way to cancel (delete) the account, or one that needs a phone call.

Rationale: an effective account-cancellation function must be offered, without unreasonable
conditions (PIPL Art. 47; 认定方法 6.1, 6.2; MIIT 337号 #8). Read from the explore step's site map:
an entry labelled 注销账号/delete account/...; the screen it opens must offer an online
confirmation (the explorer records it untapped as a destructive control). A page that only says
to call customer service is reported with its text. Only a conclusive exploration says "missing".
Example: 注销账号 opens a page that says 请拨打客服电话 400-800-1234.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity, wording
from harness.analysis.sitemap import best_map, excerpt, map_evidence, screen_evidence
from harness.explore.targets import CANCEL_ACCOUNT, PHONE_ONLY

RULE = RuleInfo(
    id="no_account_cancellation",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("47",), rending=("6.1",), tc260=("TC260-PG-20202A 1.5",)),
)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        m = best_map(ctx)
        if m is None:
            ctx.skip(RULE, wording(ctx.lang, "_skip.no_exploration"))
            return
        entries = [(s, a) for s in m.states for a in s.get("actions") or []
                   if a.get("kind") == "tap" and CANCEL_ACCOUNT.search(str(a.get("label") or ""))]
        if not entries:
            if m.conclusive:
                self._emit(m, map_evidence(m, f"no account-cancellation entry among {m.screens} screens"), "missing")
            else:
                ctx.inconclusive(RULE, m.inconclusive(ctx.lang))
            return
        for state, action in entries:
            page = m.child(state, str(action.get("label")))
            if page is None:
                continue
            if page.get("destructive"):
                return  # an online confirmation exists
            text = str(page.get("text") or "")
            phone = PHONE_ONLY.search(text)
            if phone:
                self._emit(m, screen_evidence(m, page, "cancellation only by phone",
                                              text_found=excerpt(text, phone)), "phone_only")
                return
        ctx.inconclusive(RULE, self.say("inconclusive"))

    def _emit(self, m, ev, problem: str) -> None:  # noqa: ANN001 - SiteMap, Evidence
        b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app", ev, scenario=m.scenario)
        b.extra.update(problem=problem, screens=m.screens)

    def describe(self, b: FindingBuilder) -> str:
        if b.extra.get("problem") == "phone_only":
            return self.say("describe_phone_only")
        return self.say("describe", screens=b.extra.get("screens"))
