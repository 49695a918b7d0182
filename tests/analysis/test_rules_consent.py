"""Consent-phase rules on hand-built traces: each fires with exactly the expected evidence, close cases do not."""

from __future__ import annotations

from tracekit import Trace, make_policy

from harness.analysis import analyze_run


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


def refs(f):
    """Hook and flow evidence; the consent markers cited for context are checked separately."""
    return [e.ref for e in f.evidence if e.kind != "ui"]


def ui(f):
    return [e.data.get("marker") or e.data.get("action") for e in f.evidence if e.kind == "ui"]


# ---- pre_consent_collection -------------------------------------------------------------------------
def test_pre_consent_fires_with_hook_and_flow_evidence(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0, policy_at=2.0)
    trace.hook(1.0, "imei", "umeng")
    trace.flow(1.5, "https://alog.umeng.com/app_logs?imei=867530901234565")
    trace.hook(3.0, "android_id", "app")
    rep = analyze_run(trace.write(), None)
    got = {(f.data_type, f.actor_key): f for f in only(rep, "pre_consent_collection")}
    assert set(got) == {("imei", "sdk:umeng"), ("android_id", "app")}
    imei = got[("imei", "sdk:umeng")]
    assert refs(imei) == ["event#1", "flow:f1"]
    assert imei.count == 2 and imei.extra["before_policy"] == 2 and imei.phases == ("before_policy",)
    assert ui(imei) == ["policy_shown", "consent_accepted"]  # the boundary the reads are measured against
    flow_ev = imei.evidence[1].data
    assert (flow_ev["value"], flow_ev["encoding"], flow_ev["location"]) == ("867530901234565", "plain", "url.query:imei")
    assert imei.evidence[0].data["stack"][1] == "com.umeng.analytics.Core.init(Core.java:7)"
    aid = got[("android_id", "app")]
    assert refs(aid) == ["event#2"] and aid.phases == ("pre_consent",) and "before_policy" not in aid.extra


def test_pre_consent_close_case_one_second_after_consent(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(6.0, "imei", "umeng")
    trace.hook(5.0, "android_id", "app")  # at the very moment of the tap: after
    trace.flow(6.5, "https://alog.umeng.com/app_logs?imei=867530901234565")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "pre_consent_collection") == []


def test_no_interaction_scenario_is_all_pre_consent(trace: Trace) -> None:
    trace.marker(0.0, "scenario_start", "no_interaction")
    trace.marker(2.0, "policy_shown", "no_interaction")
    trace.marker(10.0, "scenario_end", "no_interaction")
    trace.hook(8.0, "mac_address", "umeng", scenario="no_interaction")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "pre_consent_collection")
    assert f.scenarios == ("no_interaction",) and refs(f) == ["event#1"]


def test_time_decides_scenario_not_the_event_field(trace: Trace) -> None:
    trace.consent_run("accept", 0.0, accept_at=5.0, end=20.0)
    trace.consent_run("reject", 20.0, accept_at=5.0, end=20.0, declined=True)
    trace.hook(22.0, "imei", "umeng", scenario="accept")  # stale field; t is inside "reject", pre-consent
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "pre_consent_collection")
    assert f.scenarios == ("reject",)


# ---- post_refusal_collection ------------------------------------------------------------------------
def test_post_refusal_fires_only_after_decline(trace: Trace) -> None:
    trace.consent_run("reject", declined=True, accept_at=5.0)
    trace.hook(4.0, "android_id", "umeng", scenario="reject")
    trace.hook(6.0, "android_id", "umeng", scenario="reject")
    trace.flow(6.2, "https://alog.umeng.com/app_logs", body='{"aid":"a3f1c9e27b5d4086"}')
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "post_refusal_collection")
    assert (f.data_type, f.actor_key) == ("android_id", "sdk:umeng")
    assert refs(f) == ["event#2", "flow:f1"] and f.phases == ("post_refusal",)
    assert ui(f) == ["consent_declined"]
    assert f.evidence[1].data["location"] == "body.json:$.aid"


def test_post_refusal_close_case_accept(trace: Trace) -> None:
    trace.consent_run("accept", accept_at=5.0)
    trace.hook(6.0, "android_id", "umeng")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "post_refusal_collection") == []


def test_withdrawal_is_its_own_finding_and_data_cleared_resets(trace: Trace) -> None:
    trace.consent_run("accept", accept_at=5.0, end=60.0)
    trace.marker(10.0, "consent_withdrawn", "accept")
    trace.marker(20.0, "data_cleared", "accept")
    trace.hook(12.0, "android_id", "umeng")
    trace.hook(21.0, "android_id", "bugly")
    rep = analyze_run(trace.write(), None)
    # After a withdrawal the read is collection_after_withdrawal's (认定方法 3.8), not post_refusal's.
    assert only(rep, "post_refusal_collection") == []
    [post] = only(rep, "collection_after_withdrawal")
    assert refs(post) == ["event#1"] and post.actor_key == "sdk:umeng"
    [pre] = only(rep, "pre_consent_collection")
    assert refs(pre) == ["event#2"] and pre.actor_key == "sdk:bugly"


# ---- forced_consent ---------------------------------------------------------------------------------
def test_forced_consent_exit_on_decline(trace: Trace) -> None:
    trace.consent_run("reject", declined=True, accept_at=5.0, end=20.0)
    trace.step(4.9, "tap_decline", "reject", step=3, screenshot="screens/reject-03-tap_decline.xml")
    trace.step(6.0, "expect_running", "reject", step=4, result="failed")
    trace.marker(6.1, "app_exited", "reject", {"detected_by": "process"})
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "forced_consent")
    assert f.extra["outcomes"] == ["exit"]
    assert ui(f) == ["consent_declined", "tap_decline", "app_exited"]
    assert f.evidence[1].data["screenshot"] == "screens/reject-03-tap_decline.xml"


def test_forced_consent_loop_back_to_dialog(trace: Trace) -> None:
    trace.consent_run("reject", declined=True, accept_at=5.0, end=20.0)
    trace.marker(5.5, "policy_shown", "reject")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "forced_consent")
    assert f.extra["outcomes"] == ["loop"]


def test_forced_consent_close_cases(trace: Trace) -> None:
    # declined, app keeps running (browse mode); the harness stops it later with its own exit step
    trace.consent_run("reject", declined=True, accept_at=5.0, end=20.0)
    trace.step(15.0, "exit", "reject", step=5)
    trace.marker(15.5, "app_exited", "reject")
    # accepted, then exited: not a refusal
    trace.consent_run("accept", 20.0, accept_at=5.0, end=20.0)
    trace.marker(30.0, "app_exited", "accept")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "forced_consent") == []


# ---- frequent_reprompt ------------------------------------------------------------------------------
PERMS = {"args": {"1": "[android.permission.READ_CONTACTS]"}}


def test_frequent_reprompt_after_denial_on_relaunch(trace: Trace) -> None:
    trace.consent_run("deny_permissions", accept_at=2.0, end=60.0)
    trace.marker(10.0, "permission_denied", "deny_permissions", {"permission": "android.permission.READ_CONTACTS"})
    trace.marker(20.0, "app_relaunched", "deny_permissions")
    seq = trace.hook(21.0, None, "app", event="permission_request", values=PERMS, scenario="deny_permissions")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "frequent_reprompt")
    assert f.extra["what"] == "android.permission.READ_CONTACTS"
    assert refs(f) == [f"event#{seq}"] and ui(f) == ["permission_denied"]


def test_frequent_reprompt_close_case_feature_used(trace: Trace) -> None:
    trace.consent_run("deny_permissions", accept_at=2.0, end=60.0)
    trace.marker(10.0, "permission_denied", "deny_permissions", {"permission": "android.permission.READ_CONTACTS"})
    trace.marker(20.5, "feature_used", "deny_permissions", {"feature": "contacts"})
    trace.hook(21.0, None, "app", event="permission_request", values=PERMS, scenario="deny_permissions")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "frequent_reprompt") == []


def test_frequent_reprompt_consent_again_after_relaunch(trace: Trace) -> None:
    trace.consent_run("reject", declined=True, accept_at=5.0, end=30.0)
    trace.marker(6.0, "app_exited", "reject")
    trace.marker(10.0, "app_relaunched", "reject")
    trace.marker(12.0, "policy_shown", "reject")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "frequent_reprompt")
    assert f.extra["what"] == "consent"
    assert ui(f) == ["consent_declined", "policy_shown"]


# ---- bundled_permission_request ---------------------------------------------------------------------
FOUR = {"args": {"1": ["android.permission.READ_PHONE_STATE", "android.permission.ACCESS_FINE_LOCATION",
                       "android.permission.READ_CONTACTS", "android.permission.CAMERA",
                       "android.permission.INTERNET"]}}


def test_bundled_request_at_launch(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    seq = trace.hook(1.0, None, "app", event="permission_request", values=FOUR)
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "bundled_permission_request")
    assert refs(f) == [f"event#{seq}"] and f.extra["max_permissions"] == 4
    assert "android.permission.INTERNET" not in f.extra["permissions"]


def test_bundled_close_cases(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0, end=100.0)
    two = {"args": {"1": ["android.permission.READ_PHONE_STATE", "android.permission.CAMERA"]}}
    trace.hook(1.0, None, "app", event="permission_request", values=two)
    trace.hook(40.0, None, "app", event="permission_request", values=FOUR)  # long after launch and consent
    rep = analyze_run(trace.write(), None)
    assert only(rep, "bundled_permission_request") == []


def test_bundled_target_sdk_below_23(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(static={"app": {"package": "com.example.app", "target_sdk": 22}}), None)
    [f] = only(rep, "bundled_permission_request")
    assert f.extra["target_sdk"] == 22 and refs(f) == ["static:manifest"]


def test_forced_consent_on_non_necessary_permission_only(tmp_path) -> None:
    from tracekit import make_policy

    from harness.policy.model import DataItem

    def run(name: str, perm: str, category: str):
        tr = Trace(tmp_path / name)
        tr.consent_run("deny_permissions", accept_at=2.0, end=30.0)
        tr.marker(5.0, "permission_denied", "deny_permissions", {"permission": perm, "by": "pm revoke"})
        tr.marker(6.0, "app_exited", "deny_permissions")
        pol = make_policy(category=category, data=(DataItem("location"), DataItem("contacts")))
        return only(analyze_run(tr.write(), pol), "forced_consent")

    [f] = run("news", "android.permission.READ_CONTACTS", "news")
    assert f.extra == {"outcomes": ["exit"], "declined": "permission_denied",
                       "permission": "android.permission.READ_CONTACTS"}
    assert f.actor_key == "app|permission_denied|android.permission.READ_CONTACTS"
    assert run("nav", "android.permission.ACCESS_FINE_LOCATION", "map_navigation") == []


def test_forced_consent_counts_every_denied_permission(trace: Trace) -> None:
    trace.consent_run("deny_permissions", accept_at=2.0, end=60.0)
    # Location is necessary for a navigation app, contacts are not: the refusal is still forced.
    trace.marker(10.0, "permission_denied", "deny_permissions",
                 {"permissions": ["android.permission.ACCESS_FINE_LOCATION", "android.permission.READ_CONTACTS"]})
    trace.marker(11.0, "app_exited", "deny_permissions")
    rep = analyze_run(trace.write(), make_policy(category="map_navigation"))
    [f] = only(rep, "forced_consent")
    assert f.extra["permission"] == "android.permission.READ_CONTACTS"


def test_forced_consent_all_denied_permissions_necessary_is_not_forced(trace: Trace) -> None:
    trace.consent_run("deny_permissions", accept_at=2.0, end=60.0)
    trace.marker(10.0, "permission_denied", "deny_permissions",
                 {"permissions": ["android.permission.ACCESS_FINE_LOCATION"]})
    trace.marker(11.0, "app_exited", "deny_permissions")
    rep = analyze_run(trace.write(), make_policy(category="map_navigation"))
    assert only(rep, "forced_consent") == []


def test_forced_consent_marker_without_permission_names_none(trace: Trace) -> None:
    trace.consent_run("deny_permissions", accept_at=2.0, end=60.0)
    trace.marker(10.0, "permission_denied", "deny_permissions", {"source": "dialog"})
    trace.marker(11.0, "app_exited", "deny_permissions")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "forced_consent")
    assert "permission" not in f.extra
    assert "None" not in f.message and "a permission request" in f.message
