"""TCF rules on crafted traces: each fires with the flow, the banner markers and the decoded TC string,
and stays silent in the compliant variant."""

from __future__ import annotations

from tckit import encode_tc, tc_write
from tracekit import VALUES, Trace

from harness.analysis import analyze_run

GAID = VALUES["advertising_id"]
ACCEPT_ALL = encode_tc(purposes=tuple(range(1, 11)), vendors=(755,))
REJECT_ALL = encode_tc()


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


def ad_request(trace: Trace, t: float, scenario: str) -> None:
    """AdMob reads the GAID (the value the traffic matcher then looks for) and asks for an ad."""
    trace.hook(t - 0.01, "advertising_id", "google_ads", scenario=scenario)
    trace.flow(t, f"https://googleads.g.doubleclick.net/mads/gma?rdid={GAID}", method="GET", scenario=scenario)


def test_ad_id_before_banner_interaction(trace: Trace) -> None:
    trace.consent_run("accept", accept_at=5.0, policy_at=1.0)
    ad_request(trace, 2.0, "accept")             # banner up, nothing stored: fires
    tc_write(trace, 5.1, ACCEPT_ALL, "accept")
    ad_request(trace, 6.0, "accept")             # after accepting: fine
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "tcf_ad_id_before_interaction")
    assert (f.data_type, f.actor_key, f.count) == ("advertising_id", "sdk:google_ads", 1)
    assert f.extra["tc"]["tc_string"] is None
    assert [e.data.get("marker") for e in f.evidence if e.kind == "ui"] == ["policy_shown", "consent_accepted"]
    assert [e.kind for e in f.evidence].count("flow") == 1
    assert only(rep, "tcf_ad_id_after_reject") == []


def test_ad_id_after_reject_by_marker_and_by_tc_string(trace: Trace) -> None:
    trace.consent_run("reject", accept_at=5.0, policy_at=1.0, declined=True)
    tc_write(trace, 5.1, REJECT_ALL, "reject")
    ad_request(trace, 7.0, "reject")
    trace.consent_run("relaunch", t0=100.0, accept_at=150.0, policy_at=None)  # no decline marker in this one
    tc_write(trace, 101.0, REJECT_ALL, "relaunch")                            # but the stored string refuses
    ad_request(trace, 102.0, "relaunch")
    rep = analyze_run(trace.write(), None)
    found = only(rep, "tcf_ad_id_after_reject")
    [f] = found
    assert f.count == 2 and set(f.scenarios) == {"reject", "relaunch"}
    tc_ev = [e for e in f.evidence if e.kind == "hook"]
    assert tc_ev and tc_ev[0].data["tc"]["purposes_consent"] == []
    assert "consent_declined" in [e.data.get("marker") for e in f.evidence if e.kind == "ui"]


def test_ad_id_after_accept_is_clean(trace: Trace) -> None:
    trace.consent_run("accept", accept_at=5.0, policy_at=1.0)
    tc_write(trace, 5.1, ACCEPT_ALL, "accept")
    ad_request(trace, 7.0, "accept")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "tcf_ad_id_after_reject") == [] and only(rep, "tcf_ad_id_before_interaction") == []


def test_consent_stored_only_on_accept(trace: Trace, tmp_path) -> None:
    trace.consent_run("accept", accept_at=5.0, policy_at=1.0)
    tc_write(trace, 5.1, ACCEPT_ALL, "accept")
    trace.consent_run("reject", t0=100.0, accept_at=5.0, policy_at=1.0, declined=True)
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "tcf_consent_stored_only_on_accept")
    assert (f.extra["accept_scenario"], f.extra["reject_scenario"]) == ("accept", "reject")
    [hook] = [e for e in f.evidence if e.kind == "hook"]
    assert hook.data["tc"]["purposes_consent"] == list(range(1, 11)) and hook.data["tc"]["vendor_consents"] == [755]
    assert [e.data.get("marker") for e in f.evidence if e.kind == "ui"] == ["consent_accepted", "consent_declined"]
    # the compliant CMP stores the refusal too
    fair = Trace(tmp_path / "fair")
    fair.consent_run("accept", accept_at=5.0, policy_at=1.0)
    tc_write(fair, 5.1, ACCEPT_ALL, "accept")
    fair.consent_run("reject", t0=100.0, accept_at=5.0, policy_at=1.0, declined=True)
    tc_write(fair, 105.1, REJECT_ALL, "reject")
    assert only(analyze_run(fair.write(), None), "tcf_consent_stored_only_on_accept") == []


def test_stored_only_on_accept_skips_without_signals(trace: Trace) -> None:
    trace.consent_run("accept", accept_at=5.0)
    rep = analyze_run(trace.write(), None)
    status = {s.rule.id: s for s in rep.rules}["tcf_consent_stored_only_on_accept"]
    assert status.status == "skipped" and "IABTCF_TCString" in status.reason


def test_ad_id_after_consent_mode_denied(trace: Trace, tmp_path) -> None:
    trace.consent_run("accept", accept_at=5.0, policy_at=1.0)
    trace.hook(6.0, None, "app", event="write", scenario="accept",
               api="com.google.firebase.analytics.FirebaseAnalytics.setConsent",
               values={"args": {"0": "{AD_STORAGE=DENIED, ANALYTICS_STORAGE=GRANTED, AD_USER_DATA=DENIED, "
                                     "AD_PERSONALIZATION=DENIED}"}})
    trace.events[-1]["hook_id"] = "consent.firebase_set_consent"
    ad_request(trace, 7.0, "accept")
    [f] = only(analyze_run(trace.write(), None), "tcf_ad_id_after_reject")
    [hook] = [e for e in f.evidence if e.kind == "hook" and e.data.get("tc")]
    assert hook.data["tc"] == {"consent_mode": {"AD_STORAGE": "DENIED", "ANALYTICS_STORAGE": "GRANTED",
                                                "AD_USER_DATA": "DENIED", "AD_PERSONALIZATION": "DENIED"}}
    granted = Trace(tmp_path / "granted")
    granted.consent_run("accept", accept_at=5.0, policy_at=1.0)
    granted.hook(6.0, None, "app", event="write", scenario="accept",
                 values={"args": {"0": "{AD_STORAGE=GRANTED, AD_USER_DATA=GRANTED}"}})
    granted.events[-1]["hook_id"] = "consent.firebase_set_consent"
    ad_request(granted, 7.0, "accept")
    assert only(analyze_run(granted.write(), None), "tcf_ad_id_after_reject") == []
