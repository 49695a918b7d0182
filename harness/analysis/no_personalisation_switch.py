"""no_personalisation_switch: the app personalises (recommendations, ads) but offers no switch to turn it off.

Rationale: targeted push or recommendations must come with a non-personalised option or an easy
way to refuse (PIPL Art. 24; 认定方法 3.6, 4.5; MIIT 164号 1.4; TC260-PG-20202A 3.7). Read from the
explore step's site map: no switch labelled 个性化推荐/个性化广告/personalised... on any screen,
while the screens speak of recommendations or ads. Only a conclusive exploration can say
"missing"; otherwise the rule says how many screens it explored.
Example: 隐私设置 lists permissions and the policy, but no 个性化推荐 switch.
"""

from __future__ import annotations

import re

from harness.analysis.base import BaseCheck
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity, wording
from harness.analysis.sitemap import all_text, best_map, map_evidence

RULE = RuleInfo(
    id="no_personalisation_switch",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("24",), rending=("3.6", "4.5"), miit164=("1.4",), tc260=("TC260-PG-20202A 3.7",)),
)
SWITCH = re.compile(r"个性化|personali[sz]", re.IGNORECASE)
PERSONALISES = re.compile(r"推荐|广告|个性化|recommend|for you|\bads?\b|personali[sz]", re.IGNORECASE)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        m = best_map(self.ctx)
        if m is None:
            self.ctx.skip(RULE, wording(self.ctx.lang, "_skip.no_exploration"))
            return
        if any(SWITCH.search(str(sw.get("label") or "")) for s in m.states for sw in s.get("switches") or []):
            return
        if not PERSONALISES.search(all_text(m)):
            self.ctx.skip(RULE, self.say("skip_no_wording", screens=m.screens))
            return
        if not m.conclusive:
            self.ctx.inconclusive(RULE, m.inconclusive(self.ctx.lang))
            return
        b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app",
                          map_evidence(m, f"no personalisation switch among {m.screens} screens"), scenario=m.scenario)
        b.extra["screens"] = m.screens

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", screens=b.extra.get("screens"))
