"""Label rules: each fires on a crafted trace with evidence from both sides, and stays silent on a clean one."""

from __future__ import annotations

from pathlib import Path

from labelkit import DATA, busy_run
from tracekit import VALUES, Trace, make_policy

from harness.analysis import analyze_run
from harness.labels.loader import load_label
from harness.policy.model import DataItem, ThirdParty


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


def label_refs(f):
    return [e.ref for e in f.evidence if e.ref.startswith("label:")]


def test_label_rules_skip_without_label(trace: Trace) -> None:
    rep = analyze_run(busy_run(trace), None)
    status = {s.rule.id: s for s in rep.rules}
    for rid in ("label_undeclared_data", "label_no_data_contradicted", "label_encryption_contradicted",
                "label_policy_mismatch"):
        assert status[rid].status == "skipped"


def test_undeclared_data_against_play_form(trace: Trace) -> None:
    label = load_label(DATA / "play_location_only.csv")
    rep = analyze_run(busy_run(trace), None, labels=(label,))
    found = {(f.data_type, f.actor_key, tuple(sorted(f.extra["gaps"].values()))) for f in only(rep, "label_undeclared_data")}
    # IMEI and advertising ID left the device, undeclared; location went to a host not the app's own: shared undeclared
    assert found == {("imei", "sdk:umeng", ("collected",)),
                     ("advertising_id", "sdk:google_ads", ("collected",)),
                     ("location", "host:api.example.com", ("shared",))}
    f = next(f for f in only(rep, "label_undeclared_data") if f.data_type == "location")
    assert label_refs(f) == [f"label:{DATA / 'play_location_only.csv'}:8"]
    assert [e.kind for e in f.evidence if e.kind == "flow"] == ["flow"]


def test_undeclared_data_clean_when_first_party(trace: Trace) -> None:
    label = load_label(DATA / "play_location_only.csv")
    trace.consent_run(accept_at=1.0)
    trace.flow(3.0, "https://api.example.com/pos", body=f"loc={VALUES['location']}", scenario="accept")
    trace.hook(4.0, "location", "app")
    rep = analyze_run(trace.write(), make_policy(data=(DataItem("location"),)), labels=(label,))
    assert only(rep, "label_undeclared_data") == []
    assert only(rep, "label_encryption_contradicted") == []


def test_undeclared_data_against_the_chinese_lists(trace: Trace) -> None:
    pi = load_label(DATA / "pi_list.html")
    sharing = load_label(DATA / "sharing_list.txt")
    trace.consent_run(accept_at=1.0)
    trace.hook(2.0, "location", "app")           # declared in 收集清单
    trace.hook(3.0, "installed_apps", "app")     # not declared
    trace.hook(4.0, "imei", "umeng")             # declared for 友盟
    trace.hook(5.0, "location", "umeng")         # 友盟 listed, location not
    trace.hook(6.0, "imei", "bugly")             # Bugly not listed at all
    rep = analyze_run(trace.write(), None, labels=(pi, sharing))
    found = {(f.data_type, f.actor_key, tuple(f.extra["gaps"].values())) for f in only(rep, "label_undeclared_data")}
    assert found == {("installed_apps", "app", ("收集",)), ("location", "sdk:umeng", ("共享类型",)),
                     ("imei", "sdk:bugly", ("共享对象",))}
    umeng = next(f for f in only(rep, "label_undeclared_data") if f.actor_key == "sdk:umeng")
    assert label_refs(umeng) == [f"label:{DATA / 'sharing_list.txt'}:3"]


def test_no_data_label_contradicted_and_clean(trace: Trace, tmp_path: Path) -> None:
    label = load_label(DATA / "play_no_data.csv")
    rep = analyze_run(busy_run(trace), None, labels=(label,))
    found = only(rep, "label_no_data_contradicted")
    assert {f.data_type for f in found} == {"location", "imei", "advertising_id"}
    assert all(label_refs(f) == [f"label:{DATA / 'play_no_data.csv'}:2"] for f in found)
    assert only(rep, "label_undeclared_data") == []  # one finding per fact, not two
    quiet = Trace(tmp_path / "quiet")
    quiet.consent_run(accept_at=1.0)
    quiet.hook(2.0, "location", "app")  # read on the device, never sent
    assert only(analyze_run(quiet.write(), None, labels=(label,)), "label_no_data_contradicted") == []


def test_encryption_claim_contradicted_by_cleartext(trace: Trace) -> None:
    label = load_label(DATA / "play_location_only.csv")
    rep = analyze_run(busy_run(trace), None, labels=(label,))
    [f] = only(rep, "label_encryption_contradicted")
    assert (f.data_type, f.actor_key) == ("imei", "sdk:umeng")
    assert label_refs(f) == [f"label:{DATA / 'play_location_only.csv'}:3"]
    assert [e.data["scheme"] for e in f.evidence if e.kind == "flow"] == ["http"]


def test_label_policy_mismatch_both_ways(trace: Trace) -> None:
    pi = load_label(DATA / "pi_list.html")
    sharing = load_label(DATA / "sharing_list.md")
    trace.consent_run(accept_at=1.0)
    policy = make_policy(data=(DataItem("location", line=4), DataItem("phone_number", line=5)),
                         third_parties=(ThirdParty("Umeng", sdk_id="umeng", packages=("com.umeng",), line=9),
                                        ThirdParty("Bugly", sdk_id="bugly", packages=("com.tencent.bugly",), line=12)))
    rep = analyze_run(trace.write(), policy, labels=(pi, sharing))
    got = {(f.data_type or f.actor.get("name"), f.extra["side"]) for f in only(rep, "label_policy_mismatch")}
    assert got == {("android_id", "label_only"), ("phone_number", "policy_only"), ("极光推送", "label_only"),
                   ("Bugly", "policy_only")}
    phone = next(f for f in only(rep, "label_policy_mismatch") if f.data_type == "phone_number")
    assert [e.ref for e in phone.evidence] == ["static:policy:test-policy.yaml:5", f"label:{DATA / 'pi_list.html'}:0"]
    clean = make_policy(data=(DataItem("location"), DataItem("device_identifier")),
                        third_parties=(ThirdParty("Umeng", sdk_id="umeng"), ThirdParty("JPush", sdk_id="jpush")))
    assert only(analyze_run(trace.path, clean, labels=(pi, sharing)), "label_policy_mismatch") == []


def test_label_policy_contradiction_shared(trace: Trace, tmp_path: Path) -> None:
    csv = tmp_path / "ids.csv"
    csv.write_text("\n".join([
        "Question ID (machine readable),Response ID (machine readable),Response value",
        "PSL_DATA_TYPES_IDENTIFIERS,PSL_DEVICE_ID,TRUE",
        "PSL_DATA_USAGE_RESPONSES:PSL_DEVICE_ID:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_COLLECTED,TRUE",
        "PSL_DATA_COLLECTION_USER_REQUEST_DELETE,,TRUE"]) + "\n", encoding="utf-8")
    label = load_label(csv)
    assert label.deletion_request.value is True and label.deletion_request.provenance.row == 4
    trace.consent_run(accept_at=1.0)
    policy = make_policy(data=(DataItem("android_id"),),
                         third_parties=(ThirdParty("Umeng", sdk_id="umeng", data_types=("imei",), line=7),))
    [f] = only(analyze_run(trace.write(), policy, labels=(label,)), "label_policy_mismatch")
    assert (f.data_type, f.actor["name"], f.extra["side"]) == ("imei", "Umeng", "contradicted")
    assert [e.ref for e in f.evidence] == [f"label:{csv}:2", "static:policy:test-policy.yaml:7"]
