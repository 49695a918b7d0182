"""Static rules read static.json (shape of helper "static"); without it undeclared_sdk falls back to run time."""

from __future__ import annotations

from tracekit import Trace, make_policy

from harness.analysis import analyze_run
from harness.policy.model import DataItem, DeclaredPermission, ThirdParty

STATIC = {
    "schema": "aph-static/1",
    "app": {"package": "com.example.app", "target_sdk": 30, "min_sdk": 21},
    "permissions": [
        {"name": "android.permission.READ_CONTACTS", "protection_level": "dangerous", "group": "CONTACTS",
         "data_types": ["contacts", "accounts"], "used_in_code": True},
        {"name": "android.permission.ACCESS_FINE_LOCATION", "protection_level": "dangerous", "group": "LOCATION",
         "data_types": ["location"], "used_in_code": True},
        {"name": "android.permission.CAMERA", "protection_level": "dangerous", "group": "CAMERA",
         "data_types": ["camera"], "used_in_code": False},
        {"name": "android.permission.INTERNET", "protection_level": "normal", "group": None,
         "data_types": [], "used_in_code": None},
    ],
    "sdks": [
        {"id": "umeng", "name": "Umeng+ (友盟)", "evidence": {"classes": ["com.umeng.analytics.A"], "class_count": 3}},
        {"id": "google_ads", "name": "Google Mobile Ads (AdMob)", "evidence": {"classes": ["com.google.android.gms.ads.B"]}},
        {"id": "okhttp", "name": "OkHttp", "evidence": {"classes": ["okhttp3.OkHttpClient"]}},
    ],
    "flags": [{"id": "permissions_unused_in_code", "detail": "1 permission", "items": ["android.permission.CAMERA"]}],
}
UMENG = ThirdParty("Umeng", sdk_id="umeng", packages=("com.umeng",), domains=("umeng.com",), data_types=("android_id",))


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_undeclared_sdk_from_static(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(static=STATIC), make_policy(third_parties=(UMENG,)))
    [f] = only(rep, "undeclared_sdk")
    assert f.actor_key == "sdk:google_ads" and f.evidence[0].ref == "static:sdks/google_ads"
    assert f.evidence[0].data["evidence"] == {"classes": ["com.google.android.gms.ads.B"]}
    assert f.extra["basis"] == "static"


def test_undeclared_sdk_runtime_fallback(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "android_id", "umeng")
    trace.hook(3.0, "advertising_id", "google_ads")
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("android_id"),), third_parties=(UMENG,)))
    [f] = only(rep, "undeclared_sdk")
    assert f.actor_key == "sdk:google_ads" and f.extra["basis"] == "runtime"
    assert f.evidence[0].data["first_seen"] == "event#2"


def test_unused_or_unrelated_permission(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(static=STATIC), make_policy(category="map_navigation"))
    got = {f.extra["permission"]: f.extra["reasons"] for f in only(rep, "unused_or_unrelated_permission")}
    assert got == {"android.permission.READ_CONTACTS": ["unrelated"],
                   "android.permission.CAMERA": ["unrelated", "unused"]}


def test_unused_permission_without_policy_is_partial(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(static=STATIC), None)
    got = {f.extra["permission"]: f.extra["reasons"] for f in only(rep, "unused_or_unrelated_permission")}
    assert got == {"android.permission.CAMERA": ["unused"]}
    st = {s.rule.id: s for s in rep.rules}["unused_or_unrelated_permission"]
    assert st.status == "failed" and st.reason.startswith("partial")


def test_static_rules_without_static_json(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(), make_policy())
    st = {s.rule.id: s for s in rep.rules}["unused_or_unrelated_permission"]
    assert st.status == "skipped" and "static.json" in st.reason
    assert any("no static.json" in n for n in rep.notes)


def test_partial_rule_without_findings_says_partial_not_passed(trace: Trace) -> None:
    trace.consent_run()
    used_only = {**STATIC, "permissions": [{**p, "used_in_code": True} if p["name"].endswith("CAMERA") else p
                                           for p in STATIC["permissions"]], "flags": []}
    rep = analyze_run(trace.write(static=used_only), None)
    assert only(rep, "unused_or_unrelated_permission") == []
    st = {s.rule.id: s for s in rep.rules}["unused_or_unrelated_permission"]
    assert st.status == "partial" and st.reason.startswith("partial: no policy")


# ---- permission_not_in_policy ----------------------------------------------------------------------
def _with_permissions(*groups: str):
    from dataclasses import replace

    return replace(make_policy(), permissions=tuple(DeclaredPermission(g, "why") for g in groups))


def test_permission_not_in_policy_from_manifest_and_run_time(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    seq = trace.hook(4.0, None, "app", event="permission_request", scenario="accept",
                     values={"args": {"1": "[android.permission.RECORD_AUDIO, android.permission.CAMERA]"}})
    rep = analyze_run(trace.write(static=STATIC), _with_permissions("CAMERA", "LOCATION"))
    got = {f.extra["group"]: f for f in only(rep, "permission_not_in_policy")}
    assert set(got) == {"CONTACTS", "MICROPHONE"}   # CAMERA and LOCATION are explained
    contacts, mic = got["CONTACTS"], got["MICROPHONE"]
    assert [e.ref for e in contacts.evidence] == ["static:permissions"] and not contacts.extra["requested_at_run_time"]
    assert contacts.message == ("permission group CONTACTS (android.permission.READ_CONTACTS) declared by the app "
                                "but not explained in the policy's permission list")
    assert [e.ref for e in mic.evidence] == [f"event#{seq}"] and mic.extra["requested_at_run_time"]
    assert mic.extra["permissions"] == ["android.permission.RECORD_AUDIO"]


def test_permission_not_in_policy_in_chinese_and_counted_once_per_group(trace: Trace) -> None:
    trace.consent_run(accept_at=1.0)
    trace.hook(4.0, None, "app", event="permission_request", scenario="accept",
               values={"args": {"1": "[android.permission.READ_CONTACTS]"}})
    rep = analyze_run(trace.write(static=STATIC), _with_permissions("CAMERA", "LOCATION"), lang="zh")
    [f] = only(rep, "permission_not_in_policy")
    assert f.count == 1 and [e.kind for e in f.evidence] == ["static", "hook"]   # declared and requested: one finding
    assert f.message == "App 申请了权限组 CONTACTS（android.permission.READ_CONTACTS），隐私政策的权限说明未列出"


def test_permission_not_in_policy_is_skipped_without_a_permission_list(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(static=STATIC), make_policy())
    assert only(rep, "permission_not_in_policy") == []
    st = {s.rule.id: s for s in rep.rules}["permission_not_in_policy"]
    assert st.status == "skipped" and "no permissions list" in st.reason


def test_permission_not_in_policy_ignores_a_permission_no_supported_device_asks(trace: Trace) -> None:
    import copy

    static = copy.deepcopy(STATIC)   # min_sdk 21
    static["permissions"] += [
        {"name": "android.permission.READ_EXTERNAL_STORAGE", "protection_level": "dangerous", "max_sdk": 18},
        {"name": "android.permission.READ_CALENDAR", "protection_level": "dangerous", "max_sdk": 28}]
    trace.consent_run()
    rep = analyze_run(trace.write(static=static), _with_permissions("CAMERA", "LOCATION", "CONTACTS"))
    assert {f.extra["group"] for f in only(rep, "permission_not_in_policy")} == {"CALENDAR"}   # 21..28 asks it
