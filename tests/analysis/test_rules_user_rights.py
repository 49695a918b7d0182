"""The user-rights rules on hand-built site maps: the cases the probe variants do not reach.

Inconclusive explorations must never produce a "missing" finding; 认定方法 1.4 (no Simplified-Chinese
policy) and 1.1 (policy without collection rules); a first launch that never came up; the
personalisation comparison with and without observations.
"""

from __future__ import annotations

from typing import Any

from tracekit import Trace

from harness.analysis import analyze_run
from harness.analysis.no_complaint_channel import has_channel

POLICY_ZH = "隐私政策\n一、我们如何收集和使用您的个人信息：为推送资讯，我们收集设备标识符。" + "说明。" * 60
POLICY_EN = "Privacy policy\nWe collect your personal information such as device identifiers to deliver news. " * 3


def screen(sid: str, title: str, path: list[str], text: str = "", **kw: Any) -> dict[str, Any]:
    return {"id": sid, "activity": "a/.Main", "title": title, "taps": len(path),
            "path": [{"kind": "tap", "label": p} for p in path], "text": text or title, "screenshot": None,
            "actions": kw.get("actions", []), "destructive": kw.get("destructive", []),
            "switches": kw.get("switches", []), "edges": kw.get("edges", {}), "dead_end": False}


def explored(trace: Trace, states: list[dict[str, Any]], *, complete: bool = True) -> None:
    trace.consent_run("explore", accept_at=5.0, end=60.0)
    cov = {"screens": len(states), "complete": complete, "stopped": "frontier_empty" if complete else "taps"}
    trace.step(10.0, "explore", "explore", step=6, detail={"explore": {"root": states[0]["id"], "coverage": cov,
                                                                        "states": states}})


def statuses(run: Any) -> dict[str, Any]:
    rep = analyze_run(run, None)
    return {s.rule.id: s for s in rep.rules}, {f.rule: f for f in rep.findings}


HOME = screen("h", "首页 推荐", [], "首页\n推荐\n我的", actions=[{"kind": "tap", "label": "我的"}])


def test_an_incomplete_exploration_is_inconclusive_never_missing(trace: Trace) -> None:
    explored(trace, [HOME, screen("m", "我的", ["我的"])], complete=False)
    status, found = statuses(trace.write())
    for rule in ("policy_not_reachable", "no_personalisation_switch", "no_consent_withdrawal",
                 "no_account_cancellation"):
        assert rule not in found
        assert status[rule].status == "inconclusive"  # neither passed nor failed: a state of its own
        assert status[rule].reason == "inconclusive: explored 2 screens (stopped: taps)", rule
    assert status["no_complaint_channel"].reason == "inconclusive: no privacy policy page was explored"
    assert status["no_complaint_channel"].status == "inconclusive"


def test_a_complete_exploration_without_them_reports_them_missing(trace: Trace) -> None:
    explored(trace, [HOME, screen("m", "我的", ["我的"])])
    run = trace.write()
    assert "explore (explore): 2 screens, 0 activities, 0/0 actions tried, 0 inputs, 0 restarts, " \
           "stopped: frontier_empty" in analyze_run(run, None).notes
    _, found = statuses(run)
    assert {"policy_not_reachable", "no_personalisation_switch", "no_consent_withdrawal",
            "no_account_cancellation"} <= set(found)
    assert found["policy_not_reachable"].extra["problems"] == ["missing"]


def test_policy_in_english_only_in_a_chinese_app_is_1_4(trace: Trace) -> None:
    explored(trace, [HOME, screen("p", "Privacy policy", ["我的", "关于", "隐私政策"], POLICY_EN),
                     screen("s", "设置", ["我的", "设置"], "设置\n通用设置\n消息通知\n隐私设置\n关于我们\n帮助与反馈")])
    _, found = statuses(trace.write())
    assert found["policy_not_reachable"].extra["problems"] == ["no_chinese"]
    assert "1.4" in found["policy_not_reachable"].anchors.rending


def test_policy_without_collection_rules_is_1_1(trace: Trace) -> None:
    text = "隐私政策\n本应用尊重并保护所有用户的隐私。" + "我们会不时更新本政策。" * 20
    explored(trace, [HOME, screen("p", "隐私政策", ["我的", "隐私政策"], text)])
    _, found = statuses(trace.write())
    assert found["policy_not_reachable"].extra["problems"] == ["no_rules"]
    assert "no_complaint_channel" in found


def test_a_reachable_policy_with_a_channel_passes(trace: Trace) -> None:
    text = POLICY_ZH + "\n投诉与举报：请发送邮件至 privacy@example.com。"
    explored(trace, [HOME, screen("p", "隐私政策", ["我的", "设置", "关于", "隐私政策"], text)], complete=False)
    status, found = statuses(trace.write())
    assert "policy_not_reachable" not in found and status["policy_not_reachable"].status == "passed"
    assert "no_complaint_channel" not in found


def test_complaint_channel_needs_a_contact_near_the_word() -> None:
    assert has_channel("如有投诉或举报，请拨打 400-800-1234。")
    assert has_channel("Complaints: write to privacy@probe.example.com")
    assert not has_channel("我们重视您的投诉。")
    assert not has_channel("投诉" + "。" * 400 + "privacy@example.com")


def test_no_policy_prompt_only_when_the_app_was_running(trace: Trace) -> None:
    trace.marker(0.0, "scenario_start", "a")
    trace.step(0.1, "launch", "a", step=0)
    trace.step(2.0, "find_consent", "a", step=1, result="not_found", detail={"running": True},
               screenshot="screens/a-01-find_consent.xml")
    trace.marker(9.0, "scenario_end", "a")
    trace.marker(10.0, "scenario_start", "b")
    trace.step(10.1, "launch", "b", step=0)
    trace.step(12.0, "find_consent", "b", step=1, result="not_found", detail={"running": False})
    trace.marker(19.0, "scenario_end", "b")
    _, found = statuses(trace.write())
    f = found["no_policy_prompt"]
    assert f.scenarios == ("a",) and f.extra["screen"] == "screens/a-01-find_consent.xml"


def personalisation(trace: Trace, after: bool) -> None:
    trace.consent_run("explore", accept_at=5.0, end=60.0)
    trace.marker(10.0, "personalisation_check", "explore", {"phase": "before"})
    trace.hook(11.0, "advertising_id", "google_ads", scenario="explore")
    trace.marker(12.0, "personalisation_off", "explore",
                 {"switch": "个性化推荐", "path": [{"kind": "tap", "label": "我的"}, {"kind": "tap", "label": "隐私设置"}]})
    trace.marker(13.0, "personalisation_check", "explore", {"phase": "after"})
    if after:
        trace.hook(14.0, "advertising_id", "google_ads", scenario="explore")
    trace.marker(15.0, "personalisation_check", "explore", {"phase": "end"})


def test_switch_that_changes_nothing_is_reported_with_its_tap_path(trace: Trace) -> None:
    personalisation(trace, after=True)
    _, found = statuses(trace.write())
    f = found["personalisation_switch_ineffective"]
    assert f.extra["tap_path"] == "我的 > 隐私设置" and f.extra["after"] == ["sdk:google_ads:advertising_id"]
    assert {e.kind for e in f.evidence} == {"ui", "hook"}


def test_switch_that_stops_the_ad_id_passes(trace: Trace) -> None:
    personalisation(trace, after=False)
    status, found = statuses(trace.write())
    assert "personalisation_switch_ineffective" not in found
    assert status["personalisation_switch_ineffective"].status == "passed"


def test_no_observations_before_the_switch_is_inconclusive(trace: Trace) -> None:
    trace.consent_run("explore", accept_at=5.0, end=60.0)
    for t, phase in ((10.0, "before"), (13.0, "after"), (15.0, "end")):
        trace.marker(t, "personalisation_check", "explore", {"phase": phase})
    trace.marker(12.0, "personalisation_off", "explore", {"switch": "个性化推荐"})
    status, found = statuses(trace.write())
    assert "personalisation_switch_ineffective" not in found
    assert status["personalisation_switch_ineffective"].reason.startswith("inconclusive")


def test_cancellation_page_with_an_online_confirmation_passes(trace: Trace) -> None:
    account = screen("a", "账号与安全", ["我的", "账号与安全"], actions=[{"kind": "tap", "label": "注销账号"}],
                     edges={"注销账号": "c"})
    cancel = screen("c", "注销账号", ["我的", "账号与安全", "注销账号"], "注销账号\n客服电话 400-800-1234",
                    destructive=["确认注销"])
    explored(trace, [HOME, account, cancel])
    status, found = statuses(trace.write())
    assert "no_account_cancellation" not in found and status["no_account_cancellation"].status == "passed"
