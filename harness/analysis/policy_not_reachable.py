"""policy_not_reachable: no privacy policy in the app, one without collection rules, one more than 4 taps deep,
or one with no Simplified-Chinese text in a Chinese app.

Rationale: the rules for collecting and using PI must be public and easy to reach and read
(PIPL Art. 7, 17; 认定方法 1.1, 1.3, 1.4; TC260-PG-20202A 1.3: within 4 taps, inclusive, of the
main screen). Read from the explore step's site map: the policy page is a screen that names the
policy and holds its text; its tap count is the shortest path the breadth-first walk found.
Example: 我的 > 关于 > 法律条款 > 更多条款 > 隐私政策 is 5 taps.
"""

from __future__ import annotations

from harness.analysis.base import BaseCheck
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity, wording
from harness.analysis.sitemap import (
    CJK,
    MAX_POLICY_TAPS,
    SiteMap,
    all_text,
    best_map,
    has_collection_rules,
    map_evidence,
    policy_pages,
    screen_evidence,
    tap_path,
)

RULE = RuleInfo(
    id="policy_not_reachable",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("7", "17"), rending=("1.1", "1.3", "1.4"), tc260=("TC260-PG-20202A 1.3",)),
)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        m = best_map(self.ctx)
        if m is None:
            self.ctx.skip(RULE, wording(self.ctx.lang, "_skip.no_exploration"))
            return
        pages = policy_pages(m)
        if not pages:
            if m.conclusive:
                self._emit(m, "missing", map_evidence(m, f"no privacy policy page among {m.screens} screens"))
            else:
                self.ctx.inconclusive(RULE, m.inconclusive(self.ctx.lang))
            return
        page = pages[0]
        text = "\n".join(str(p.get("text") or "") for p in pages)
        taps = int(page.get("taps") or 0)
        if taps > MAX_POLICY_TAPS:
            b = self._emit(m, "too_deep", screen_evidence(m, page, f"policy {taps} taps from the main screen"))
            b.extra.update(taps=taps, tap_path=tap_path(page))
        if not has_collection_rules(text):
            self._emit(m, "no_rules", screen_evidence(m, page, "policy text has no collection/use rules",
                                                       text_excerpt=text[:300]))
        if not CJK.search(text) and len(CJK.findall(all_text(m))) > 20:
            self._emit(m, "no_chinese", screen_evidence(m, page, "policy has no Simplified-Chinese text",
                                                         text_excerpt=text[:300]))

    def _emit(self, m: SiteMap, problem: str, ev) -> FindingBuilder:  # noqa: ANN001 - Evidence
        b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app", ev, scenario=m.scenario)
        b.extra.setdefault("problems", [])
        if problem not in b.extra["problems"]:
            b.extra["problems"].append(problem)
        return b

    def describe(self, b: FindingBuilder) -> str:
        where = {"taps": b.extra.get("taps"), "tap_path": b.extra.get("tap_path")}
        parts = [self.say(f"problem.{p}", **where) for p in b.extra.get("problems", [])]
        return wording(self.ctx.lang, "_common.list_sep").join(parts)
