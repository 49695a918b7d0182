"""Phase lookup from ui.jsonl markers: scenario by time, consent state, before-policy, background intervals."""

from __future__ import annotations

from harness.analysis.phases import PhaseMap


def m(t: float, marker: str, scenario: str = "s", detail=None) -> dict:
    return {"v": 1, "t": t, "kind": "marker", "scenario": scenario, "marker": marker, "detail": detail}


MARKERS = [
    m(10, "scenario_start"), m(12, "policy_shown"), m(15, "consent_accepted"), m(20, "app_background"),
    m(30, "app_foreground"), m(40, "app_background"), m(45, "app_exited"), m(50, "scenario_end"),
    m(50, "scenario_start", "r"), m(52, "policy_shown", "r"), m(55, "consent_declined", "r"),
    m(60, "data_cleared", "r"), m(70, "scenario_end", "r"),
]


def test_phases_by_time() -> None:
    pm = PhaseMap(list(reversed(MARKERS)))  # order in the file does not matter
    cases = {
        5: (None, "unknown", False), 11: ("s", "before_policy", False), 13: ("s", "pre_consent", False),
        15: ("s", "post_consent", False), 25: ("s", "post_consent", True), 35: ("s", "post_consent", False),
        42: ("s", "post_consent", True), 47: ("s", "post_consent", False), 51: ("r", "before_policy", False),
        56: ("r", "post_refusal", False), 61: ("r", "before_policy", False), 80: (None, "unknown", False),
    }
    for t, want in cases.items():
        p = pm.at(float(t))
        assert (p.scenario, p.phase, p.background) == want, t


def test_hint_and_foreground_flag() -> None:
    pm = PhaseMap(MARKERS)
    assert pm.at(80.0, "r").phase == "before_policy"  # outside every interval: the event's scenario decides
    assert pm.at(35.0, None, False).background is True
    assert pm.at(35.0, None, None).background is False
    assert [b["marker"] for b in pm.boundaries()][:3] == ["scenario_start", "policy_shown", "consent_accepted"]


def test_relaunch_index() -> None:
    pm = PhaseMap([m(0, "scenario_start"), m(10, "app_relaunched"), m(20, "app_relaunched"), m(30, "scenario_end")])
    s = pm.scenarios[0]
    assert [s.launch_index(t) for t in (5, 10, 15, 25)] == [0, 1, 1, 2]
