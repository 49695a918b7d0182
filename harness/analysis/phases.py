"""Consent phases and app state over run time, derived from ui.jsonl markers.

Each scenario is an interval [scenario_start, scenario_end). Inside it the consent state
starts as pre-consent (again after data_cleared), becomes post-consent at consent_accepted
and post-refusal at consent_declined / consent_withdrawn. Time decides, not the event's
`scenario` field, because an SDK thread can still run after the scenario switched; the field
is only a fallback for events outside every interval. Lookups are bisections over small
sorted lists, so a million events cost a million cheap calls.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from typing import Any

from harness.trace.records import Marker

PRE_CONSENT = "pre_consent"
BEFORE_POLICY = "before_policy"
POST_CONSENT = "post_consent"
POST_REFUSAL = "post_refusal"
UNKNOWN = "unknown"
PHASES = (BEFORE_POLICY, PRE_CONSENT, POST_CONSENT, POST_REFUSAL, UNKNOWN)

_CONSENT_STATE = {Marker.CONSENT_ACCEPTED: POST_CONSENT, Marker.CONSENT_DECLINED: POST_REFUSAL,
                  Marker.CONSENT_WITHDRAWN: POST_REFUSAL, Marker.DATA_CLEARED: PRE_CONSENT}
_END_BACKGROUND = {Marker.APP_FOREGROUND, Marker.APP_EXITED, Marker.APP_RELAUNCHED, Marker.SCENARIO_END}


def _order(m: dict[str, Any]) -> tuple[float, int]:
    """By time; at equal times a scenario ends before the next starts, and starts before its own markers."""
    kind = m.get("marker")
    return (float(m.get("t", 0.0)), 0 if kind == Marker.SCENARIO_END else 1 if kind == Marker.SCENARIO_START else 2)


def marker_detail_value(detail: Any, key: str) -> Any:
    """detail may be a plain string or a dict; a string counts as the value of any key."""
    if isinstance(detail, dict):
        return detail.get(key)
    return detail


@dataclass(slots=True)
class ScenarioTimeline:
    name: str
    start: float
    end: float = math.inf
    consent_t: list[float] = field(default_factory=list)
    consent_state: list[str] = field(default_factory=list)
    consent_marker: list[str] = field(default_factory=list)
    """The marker kind behind each consent_state entry (a refusal may be a decline or a withdrawal)."""
    policy_t: list[float] = field(default_factory=list)
    """Times the policy was (first) shown in each launch-with-cleared-data; resets with consent."""
    background: list[tuple[float, float]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    relaunch_t: list[float] = field(default_factory=list)
    """app_relaunched times: each starts a new process within the scenario."""

    def launch_index(self, t: float) -> int:
        """0 for the scenario's first process, 1 after the first relaunch, ..."""
        return bisect.bisect_right(self.relaunch_t, t)

    def contains(self, t: float) -> bool:
        return self.start <= t < self.end

    def consent_at(self, t: float) -> str:
        i = bisect.bisect_right(self.consent_t, t) - 1
        return self.consent_state[i] if i >= 0 else PRE_CONSENT

    def withdrawn_at(self, t: float) -> bool:
        """Whether the consent state at t comes from a withdrawal (consent_withdrawn) rather than a decline."""
        i = bisect.bisect_right(self.consent_t, t) - 1
        return i >= 0 and self.consent_marker[i] == Marker.CONSENT_WITHDRAWN

    def in_background(self, t: float) -> bool:
        return any(a <= t < b for a, b in self.background)

    def policy_seen_before(self, t: float) -> bool:
        """Whether a policy_shown marker lies between the last consent reset and t."""
        i = bisect.bisect_right(self.consent_t, t) - 1
        reset = self.consent_t[i] if i >= 0 and self.consent_state[i] == PRE_CONSENT else self.start
        j = bisect.bisect_right(self.policy_t, t)
        return j > 0 and self.policy_t[j - 1] >= reset


@dataclass(frozen=True, slots=True)
class PhaseInfo:
    scenario: str | None
    phase: str
    """One of PHASES: before_policy is the pre-consent sub-case before the policy dialog appeared."""
    background: bool
    launch: int = 0
    """Process number within the scenario (0, then +1 per app_relaunched)."""

    @property
    def pre_consent(self) -> bool:
        return self.phase in (PRE_CONSENT, BEFORE_POLICY)


class PhaseMap:
    """Answers "which scenario, consent phase and app state was run time t in?"."""

    def __init__(self, markers: list[dict[str, Any]]) -> None:
        self.scenarios: list[ScenarioTimeline] = []
        self.by_name: dict[str, ScenarioTimeline] = {}
        self._build(sorted(markers, key=_order))
        self._starts = [s.start for s in self.scenarios]
        self._cache: tuple[float, float, PhaseInfo] | None = None

    @property
    def has_markers(self) -> bool:
        return bool(self.scenarios)

    def _build(self, markers: list[dict[str, Any]]) -> None:
        current: ScenarioTimeline | None = None
        bg_since: float | None = None
        for m in markers:
            t = float(m.get("t", 0.0))
            kind = m.get("marker")
            name = m.get("scenario") or (current.name if current else "run")
            if kind == Marker.SCENARIO_START or current is None or (name != current.name):
                if current is not None:
                    if bg_since is not None:
                        current.background.append((bg_since, t))
                    current.end = min(current.end, t)
                bg_since = None
                current = ScenarioTimeline(name=name, start=t)
                self.scenarios.append(current)
                self.by_name.setdefault(name, current)
            current.markers.append(m)
            state = _CONSENT_STATE.get(kind)
            if state is not None:
                current.consent_t.append(t)
                current.consent_state.append(state)
                current.consent_marker.append(str(kind))
            elif kind == Marker.POLICY_SHOWN:
                current.policy_t.append(t)
            elif kind == Marker.APP_RELAUNCHED:
                current.relaunch_t.append(t)
            if kind == Marker.APP_BACKGROUND and bg_since is None:
                bg_since = t
            elif kind in _END_BACKGROUND and bg_since is not None:
                current.background.append((bg_since, t))
                bg_since = None
            if kind == Marker.SCENARIO_END:
                current.end = t
        if current is not None and bg_since is not None:
            current.background.append((bg_since, current.end))

    def scenario_at(self, t: float, hint: str | None = None) -> ScenarioTimeline | None:
        i = bisect.bisect_right(self._starts, t) - 1
        if i >= 0 and self.scenarios[i].contains(t):
            return self.scenarios[i]
        if hint is not None:
            return self.by_name.get(hint)
        return None

    def at(self, t: float, hint: str | None = None, foreground: bool | None = None) -> PhaseInfo:
        """Phase at run time t. Events come in time order, so the answer is cached with the interval
        [lo, hi) in which it stays the same; most lookups are two comparisons."""
        c = self._cache
        if c is not None and c[0] <= t < c[1]:
            info = c[2]
        else:
            s = self.scenario_at(t)
            if s is None:
                self._cache = None
                if hint is None or hint not in self.by_name:
                    return PhaseInfo(hint, UNKNOWN, foreground is False)
                return self._compute(self.by_name[hint], t, foreground)
            info = self._compute(s, t, None)
            self._cache = (*self._interval(s, t), info)
        if foreground is False and not info.background:
            return PhaseInfo(info.scenario, info.phase, True, info.launch)
        return info

    def _compute(self, s: ScenarioTimeline, t: float, foreground: bool | None) -> PhaseInfo:
        phase = s.consent_at(t)
        if phase == PRE_CONSENT and not s.policy_seen_before(t):
            phase = BEFORE_POLICY
        return PhaseInfo(s.name, phase, foreground is False or s.in_background(t), s.launch_index(t))

    @staticmethod
    def _interval(s: ScenarioTimeline, t: float) -> tuple[float, float]:
        """The largest [lo, hi) around t without a scenario, consent, policy, background or launch change."""
        lo, hi = s.start, s.end
        for times in (s.consent_t, s.policy_t, s.relaunch_t, [x for ab in s.background for x in ab]):
            i = bisect.bisect_right(times, t)
            if i > 0:
                lo = max(lo, times[i - 1])
            if i < len(times):
                hi = min(hi, times[i])
        return lo, hi

    def markers(self, kind: str | None = None) -> list[tuple[ScenarioTimeline, dict[str, Any]]]:
        return [(s, m) for s in self.scenarios for m in s.markers if kind is None or m.get("marker") == kind]

    def withdrawn_at(self, t: float, hint: str | None = None) -> bool:
        """Whether t lies after a withdrawal of consent (and no new consent) in its scenario."""
        s = self.scenario_at(t, hint)
        return s is not None and s.withdrawn_at(t)

    def boundaries(self) -> list[dict[str, Any]]:
        """Phase boundaries for the timeline chart: scenario starts/ends and consent/background markers."""
        keep = {Marker.SCENARIO_START, Marker.SCENARIO_END, Marker.POLICY_SHOWN, Marker.CONSENT_ACCEPTED,
                Marker.CONSENT_DECLINED, Marker.CONSENT_WITHDRAWN, Marker.APP_BACKGROUND,
                Marker.APP_FOREGROUND, Marker.APP_EXITED}
        return [{"t": float(m.get("t", 0.0)), "marker": m.get("marker"), "scenario": s.name}
                for s, m in self.markers() if m.get("marker") in keep]
