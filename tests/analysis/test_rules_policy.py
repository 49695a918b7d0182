"""Policy-, frequency-, background- and traffic-based rules: exact evidence when they fire, silence in close cases."""

from __future__ import annotations

from tracekit import Trace, make_policy

from harness.analysis import analyze_run
from harness.policy.model import CollectionTime, DataItem, Frequency, FunctionKind, ThirdParty


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


def refs(f):
    return [e.ref for e in f.evidence]


# ---- over_collection --------------------------------------------------------------------------------
def test_over_collection_only_undeclared_types(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "location", "app")
    trace.hook(3.0, "installed_apps", "app")
    trace.hook(4.0, "imei", "umeng")
    pol = make_policy(data=(DataItem("location"), DataItem("device_identifier")))
    rep = analyze_run(trace.write(), pol)
    [f] = only(rep, "over_collection")
    assert (f.data_type, f.actor_key, refs(f)) == ("installed_apps", "app", ["event#2"])


def test_policy_rules_skip_without_policy(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(3.0, "installed_apps", "app")
    rep = analyze_run(trace.write(), None)
    status = {s.rule.id: s for s in rep.rules}
    for rid in ("over_collection", "beyond_necessary", "undeclared_third_party",
                "sensitive_without_separate_consent", "undeclared_sdk"):
        assert status[rid].status == "skipped" and status[rid].reason == "skipped: no policy"
    assert only(rep, "over_collection") == []


# ---- beyond_necessary -------------------------------------------------------------------------------
def test_beyond_necessary_by_category(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "location", "app")
    trace.hook(3.0, "phone_number", "app", value="+8613912340517")
    news = analyze_run(trace.write(), make_policy(category="news", data=(DataItem("location"), DataItem("phone_number"))))
    assert sorted(f.data_type for f in only(news, "beyond_necessary")) == ["location", "phone_number"]
    nav = analyze_run(trace.path, make_policy(category="map_navigation", data=(DataItem("location"),)))
    assert [f.data_type for f in only(nav, "beyond_necessary")] == ["phone_number"]


def test_beyond_necessary_extended_feature_used(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=60.0)
    trace.hook(9.0, "contacts", "app")
    trace.marker(10.0, "feature_used", "accept", {"feature": "friends"})
    trace.hook(11.0, "contacts", "app")
    item = DataItem("contacts", function=FunctionKind.EXTENDED, when=CollectionTime.ON_FEATURE_USE, feature="friends")
    rep = analyze_run(trace.write(), make_policy(category="news", data=(item,)))
    [f] = only(rep, "beyond_necessary")
    assert refs(f) == ["event#1"]


def test_beyond_necessary_skips_category_other(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "location", "app")
    rep = analyze_run(trace.write(), make_policy(category="other", data=(DataItem("location"),)))
    st = {s.rule.id: s for s in rep.rules}["beyond_necessary"]
    assert st.status == "skipped" and "baseline" in st.reason


# ---- excessive_frequency ----------------------------------------------------------------------------
def test_excessive_frequency_polling(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=100.0)
    for i in range(5):
        trace.hook(10.0 + 2 * i, "location", "app")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "excessive_frequency")
    assert refs(f) == ["event#1", "event#2", "event#3", "event#4"] and f.count == 5
    assert f.extra["reads_total"] == 5 and f.extra["reads_per_minute"] == {"0": 5}
    assert f.extra["burst_reads_per_minute"] == 30.0 and f.extra["limit"]["declared"] is False


def test_excessive_frequency_close_cases(trace: Trace) -> None:
    trace.consent_run("a", 0.0, accept_at=1.0, end=100.0)
    for i in range(5):
        trace.hook(10.0 + 15 * i, "location", "app", scenario="a")  # every 15 s: 4/min
    for k, name in enumerate(("b", "c", "d")):  # one IMEI read per fresh launch in three scenarios
        trace.consent_run(name, 100.0 + 5 * k, accept_at=1.0, end=5.0)
        trace.hook(100.5 + 5 * k, "imei", "umeng", scenario=name)
    rep = analyze_run(trace.write(), None)
    assert only(rep, "excessive_frequency") == []


def test_excessive_frequency_declared_limit(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=100.0)
    trace.hook(10.0, "location", "app")
    trace.hook(40.0, "location", "app")
    item = DataItem("location", frequency=Frequency(1, 60.0))
    [f] = only(analyze_run(trace.write(), make_policy(data=(item,))), "excessive_frequency")
    assert f.extra["limit"] == {"count": 1, "per_seconds": 60.0, "declared": True}
    assert refs(f) == ["event#1", "event#2"]


# ---- background_collection --------------------------------------------------------------------------
def test_background_collection(trace: Trace) -> None:
    trace.consent_run("background", accept_at=1.0, end=60.0)
    trace.marker(10.0, "app_background", "background", {"by": "home"})
    trace.marker(20.0, "app_foreground", "background", {"by": "resume"})
    trace.hook(5.0, "location", "app", scenario="background", foreground=None)
    trace.hook(12.0, "location", "app", scenario="background", foreground=None)
    trace.hook(21.0, "location", "app", scenario="background")
    trace.hook(30.0, "android_id", "umeng", scenario="background", foreground=False)
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("location"), DataItem("android_id"))))
    got = {(f.data_type, f.actor_key): refs(f) for f in only(rep, "background_collection")}
    assert got == {("location", "app"): ["event#2"], ("android_id", "sdk:umeng"): ["event#4"]}


def test_background_declared_is_fine(trace: Trace) -> None:
    trace.consent_run("background", accept_at=1.0, end=60.0)
    trace.marker(10.0, "app_background", "background")
    trace.hook(12.0, "location", "app", scenario="background")
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("location", background=True),)))
    assert only(rep, "background_collection") == []


# ---- undeclared_third_party -------------------------------------------------------------------------
def test_undeclared_third_party_entity_sensitive(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "android_id", "umeng")
    trace.hook(2.5, "imei", "umeng")
    trace.flow(3.0, "https://alog.umeng.com/app_logs", body='{"aid":"a3f1c9e27b5d4086","imei":"867530901234565"}')
    trace.hook(4.0, "advertising_id", "google_ads")
    trace.flow(5.0, "https://googleads.g.doubleclick.net/mads/gma?rdid=c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25", method="GET")
    trace.flow(6.0, "https://api.example.com/v1/feed", headers=[["X-Device-Id", "a3f1c9e27b5d4086"]])
    umeng = ThirdParty("Umeng", sdk_id="umeng", packages=("com.umeng",), domains=("umeng.com",), data_types=("android_id",))
    pol = make_policy(data=(DataItem("android_id"), DataItem("imei"), DataItem("advertising_id")), third_parties=(umeng,))
    rep = analyze_run(trace.write(), pol)
    got = {(f.data_type, f.actor_key): f for f in only(rep, "undeclared_third_party")}
    assert set(got) == {("imei", "sdk:umeng"), ("advertising_id", "sdk:google_ads")}
    assert refs(got[("imei", "sdk:umeng")]) == ["event#2", "flow:f1"]
    assert got[("imei", "sdk:umeng")].extra["reason"] == "type_not_listed"
    assert got[("advertising_id", "sdk:google_ads")].extra["reason"] == "party_not_listed"
    assert refs(got[("advertising_id", "sdk:google_ads")]) == ["event#3", "flow:f2"]


def test_undeclared_third_party_close_case_declared_sdk(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "android_id", "bugly")
    trace.flow(3.0, "https://android.bugly.qq.com/rqd/async", body="deviceId=a3f1c9e27b5d4086")
    bugly = ThirdParty("Bugly", sdk_id="bugly", packages=("com.tencent.bugly",), domains=("bugly.qq.com",),
                       data_types=("device_identifier",))
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("android_id"),), third_parties=(bugly,)))
    assert only(rep, "undeclared_third_party") == []


# ---- sensitive_without_separate_consent -------------------------------------------------------------
def test_sensitive_without_separate_consent(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "location", "app")
    trace.hook(3.0, "android_id", "app")
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("location"), DataItem("android_id"))))
    [f] = only(rep, "sensitive_without_separate_consent")
    assert (f.data_type, refs(f), f.extra["sensitive_category"]) == ("location", ["event#1"], "whereabouts")


def test_sensitive_close_cases(trace: Trace) -> None:
    trace.consent_run("a", 0.0, accept_at=1.0, end=10.0)
    trace.hook(2.0, "location", "app", scenario="a")
    trace.marker(10.0, "scenario_start", "b")
    trace.marker(11.0, "consent_accepted", "b", {"button": "同意", "separate": ["contacts"]})
    trace.hook(12.0, "contacts", "app", scenario="b")
    trace.marker(20.0, "scenario_end", "b")
    pol = make_policy(data=(DataItem("location", separate_consent=True), DataItem("contacts")))
    rep = analyze_run(trace.write(), pol)
    assert only(rep, "sensitive_without_separate_consent") == []


# ---- hardware_identifier ----------------------------------------------------------------------------
def test_hardware_identifier(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "imei", "umeng")
    trace.hook(2.1, "mac_address", "umeng")
    trace.hook(2.2, "android_id", "umeng")
    rep = analyze_run(trace.write(), None)
    assert sorted((f.data_type, tuple(refs(f))) for f in only(rep, "hardware_identifier")) == [
        ("imei", ("event#1",)), ("mac_address", ("event#2",))]


def test_hardware_identifier_risk_control_purpose(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "imei", "app")
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("imei", purpose="账号安全风控"),)))
    assert only(rep, "hardware_identifier") == []


# ---- clipboard_read ---------------------------------------------------------------------------------
def test_clipboard_read_without_paste(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=60.0)
    trace.hook(10.0, "clipboard", "app")
    trace.marker(20.0, "user_paste", "accept")
    trace.hook(20.3, "clipboard", "app")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "clipboard_read")
    assert refs(f) == ["event#1"]


# ---- cleartext_personal_information -----------------------------------------------------------------
def test_cleartext(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=60.0)
    trace.hook(2.0, "android_id", "app")
    trace.flow(3.0, "http://log.example.com/track?did=a3f1c9e27b5d4086", method="GET")
    trace.flow(4.0, "https://api.example.com/track?did=a3f1c9e27b5d4086", method="GET")
    trace.flow(5.0, "http://cdn.example.com/logo.png", method="GET")
    rep = analyze_run(trace.write(), None)
    [f] = only(rep, "cleartext_personal_information")
    assert refs(f) == ["flow:f1"] and f.evidence[0].data["location"] == "url.query:did"
    assert f.actor_key == "host:log.example.com"  # no policy: first party unknown


def test_over_collection_declared_through_sdk_entry(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "oaid", "umeng", value="7d3f9a2e-1b4c-4e8d-a6f0-93c5b2d1e847")
    trace.hook(3.0, "oaid", "bugly", value="7d3f9a2e-1b4c-4e8d-a6f0-93c5b2d1e847")
    umeng = ThirdParty("Umeng", sdk_id="umeng", packages=("com.umeng",), data_types=("oaid",))
    rep = analyze_run(trace.write(), make_policy(third_parties=(umeng,)))
    assert [(f.data_type, f.actor_key) for f in only(rep, "over_collection")] == [("oaid", "sdk:bugly")]


def test_excessive_frequency_counts_per_api(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0, end=100.0)
    for t in (10.0, 11.0):  # two fixes, each read as fix + latitude + longitude: 6 events, 2 per API
        trace.hook(t, "location", "app", api="android.location.LocationManager.getLastKnownLocation")
        trace.hook(t + 0.01, "location", "app", api="android.location.Location.getLatitude")
        trace.hook(t + 0.02, "location", "app", api="android.location.Location.getLongitude")
    for e in trace.events:
        e["hook_id"] = e["api"]
    rep = analyze_run(trace.write(), None)
    assert only(rep, "excessive_frequency") == []


def test_excessive_frequency_relaunch_starts_afresh(trace: Trace) -> None:
    trace.consent_run("reject", declined=True, accept_at=5.0, end=60.0)
    trace.hook(1.0, "android_id", "umeng", scenario="reject")
    trace.hook(6.0, "android_id", "umeng", scenario="reject")
    trace.marker(10.0, "app_relaunched", "reject")
    trace.hook(11.0, "android_id", "umeng", scenario="reject")
    trace.hook(16.0, "android_id", "umeng", scenario="reject")
    rep = analyze_run(trace.write(), None)
    assert only(rep, "excessive_frequency") == []


def test_user_agent_model_is_not_collection(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.flow(1.0, "https://alog.umeng.com/ping", headers=[["User-Agent", "Dalvik/2.1.0 (Linux; Android 13; Pixel 6)"]])
    rep = analyze_run(trace.write(device={"known_values": [
        {"data_type": "device_info", "value": "Pixel 6", "source": "device_profile"}]}), None)
    assert rep.findings == ()
    assert any("User-Agent" in n for n in rep.notes)
