"""The app's screens as the explorer saw them (the explore step's site map), for the user-rights rules.

A rule about something that must exist in the app (a policy page, a withdrawal entry, account
cancellation) may only say "missing" when the exploration was conclusive: every action found was
tried, or at least CONCLUSIVE_SCREENS screens were seen. Otherwise it says
"inconclusive: explored N screens", never a false "missing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.analysis.context import AnalysisContext
from harness.analysis.findings import Evidence, wording

CONCLUSIVE_SCREENS = 40
MAX_POLICY_TAPS = 4
"""认定方法 1.3 / TC260-PG-20202A 1.3: the policy within 4 taps (inclusive) of the main screen."""
POLICY_NAME = re.compile(r"隐私政策|隐私保护指引|隐私权政策|个人信息保护政策|隐私保护政策|privacy policy|privacy notice",
                         re.IGNORECASE)
POLICY_MIN_TEXT = 150
"""A screen that names the policy and holds at least this much text is the policy page (not a link to it)."""
COLLECTION_RULES = (re.compile(r"收集.{0,80}个人信息|个人信息.{0,80}收集", re.S),
                    re.compile(r"collect.{0,120}personal (information|data)|personal (information|data).{0,120}collect",
                               re.S | re.IGNORECASE))
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class SiteMap:
    scenario: str
    step: dict[str, Any]
    states: tuple[dict[str, Any], ...]
    coverage: dict[str, Any]

    @property
    def screens(self) -> int:
        return len(self.states)

    @property
    def conclusive(self) -> bool:
        return bool(self.coverage.get("complete")) or self.screens >= CONCLUSIVE_SCREENS

    def inconclusive(self, lang: str) -> str:
        """Why a rule judging by this map cannot say (too little of the app was reached)."""
        return wording(lang, "_explore.inconclusive", screens=self.screens, stopped=self.stopped(lang))

    def stopped(self, lang: str) -> str:
        return str(self.coverage.get("stopped") or wording(lang, "_explore.stopped_unknown"))

    def child(self, state: dict[str, Any], label: str) -> dict[str, Any] | None:
        """The state an action of `state` led to."""
        to = (state.get("edges") or {}).get(label)
        return next((s for s in self.states if s.get("id") == to and to != state.get("id")), None)


def site_maps(ctx: AnalysisContext) -> list[SiteMap]:
    out = []
    for r in ctx.ui:
        d = r.get("detail")
        if r.get("kind") == "step" and r.get("action") == "explore" and isinstance(d, dict) \
                and isinstance(d.get("explore"), dict):
            ex = d["explore"]
            states = tuple(s for s in ex.get("states") or [] if isinstance(s, dict))
            out.append(SiteMap(str(r.get("scenario") or ""), r, states, ex.get("coverage") or {}))
    return out


def explore_note(m: SiteMap, lang: str) -> str:
    """The exploration's coverage, one line for the report's notes."""
    c = m.coverage
    return wording(lang, "_explore.note", scenario=m.scenario, screens=m.screens,
                   activities=len(c.get("activities") or []), tried=c.get("actions_tried", 0),
                   found=c.get("actions_found", 0), inputs=c.get("taps", 0), restarts=c.get("restarts", 0),
                   stopped=m.stopped(lang))


def best_map(ctx: AnalysisContext) -> SiteMap | None:
    """The most complete exploration of the run (the rules judge the app by it)."""
    maps = site_maps(ctx)
    return max(maps, key=lambda m: (m.conclusive, m.screens)) if maps else None


def tap_path(state: dict[str, Any]) -> str:
    labels = [str(a.get("label") or a.get("kind")) for a in state.get("path") or [] if isinstance(a, dict)]
    return " > ".join(labels) if labels else "(main screen)"


def screen_evidence(m: SiteMap, state: dict[str, Any], note: str, **data: Any) -> Evidence:
    """A screen of the map as evidence: its tap path from the main screen, title, activity, screenshot."""
    return Evidence(kind="ui", ref=f"ui:{m.scenario}:screen:{state.get('id')}", t=m.step.get("t"),
                    scenario=m.scenario,
                    data={"note": note, "title": state.get("title"), "activity": state.get("activity"),
                          "taps": state.get("taps"), "tap_path": tap_path(state),
                          "screenshot": state.get("screenshot"), **data})


def map_evidence(m: SiteMap, note: str) -> Evidence:
    """The exploration as a whole (for "not found in N screens")."""
    return Evidence(kind="ui", ref=f"ui:{m.scenario}:explore@{m.step.get('t')}", t=m.step.get("t"),
                    scenario=m.scenario,
                    data={"note": note, "coverage": m.coverage, "screens": [
                        {"title": s.get("title"), "tap_path": tap_path(s)} for s in m.states[:40]]})


def policy_pages(m: SiteMap) -> list[dict[str, Any]]:
    """Screens that are the privacy policy itself, nearest (fewest taps) first."""
    pages = [s for s in m.states if POLICY_NAME.search(str(s.get("title") or "") + str(s.get("text") or "")[:300])
             and len(str(s.get("text") or "")) >= POLICY_MIN_TEXT]
    return sorted(pages, key=lambda s: int(s.get("taps") or 0))


def has_collection_rules(text: str) -> bool:
    return any(p.search(text) for p in COLLECTION_RULES)


def all_text(m: SiteMap) -> str:
    return "\n".join(str(s.get("text") or "") for s in m.states)


def excerpt(text: str, match: re.Match[str] | None, width: int = 60) -> str:
    if match is None:
        return text[:width * 2]
    return text[max(0, match.start() - width):match.end() + width]
