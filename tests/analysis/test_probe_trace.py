"""A recorded real trace of the JVM probe (`harness audit probe --device jvm --scenario all`, agent
bookkeeping records dropped) with a copy of policies/examples/probe.yaml: exactly the findings the
probe's behaviour table and the policy's deliberate gaps imply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.analysis import analyze_run
from harness.policy.loader import load_policy

DATA = Path(__file__).parent / "data" / "probe-run"

WITH_POLICY = {
    ("pre_consent_collection", "android_id", "sdk:umeng"),
    ("pre_consent_collection", "imei", "sdk:umeng"),
    ("pre_consent_collection", "mac_address", "sdk:umeng"),
    ("pre_consent_collection", "wifi_info", "sdk:umeng"),
    ("post_refusal_collection", "android_id", "sdk:umeng"),
    ("post_refusal_collection", "imei", "sdk:umeng"),
    ("post_refusal_collection", "mac_address", "sdk:umeng"),
    ("post_refusal_collection", "oaid", "sdk:umeng"),
    ("post_refusal_collection", "wifi_info", "sdk:umeng"),
    ("tcf_ad_id_after_reject", "oaid", "sdk:umeng"),                         # OAID sent after 拒绝
    ("forced_consent", None, "app|consent_declined"),
    ("undeclared_third_party", "advertising_id", "sdk:google_ads"),          # G1
    ("sensitive_without_separate_consent", "location", "app"),               # G5
    ("cleartext_personal_information", "android_id", "app"),
    ("cleartext_personal_information", "location", "app"),
    ("bundled_permission_request", None, "app"),
    ("frequent_reprompt", None, "app|consent"),
    ("over_collection", "advertising_id", "sdk:google_ads"),                 # G2
    ("over_collection", "installed_apps", "app"),                            # G2
    ("beyond_necessary", "advertising_id", "sdk:google_ads"),
    ("beyond_necessary", "android_id", "app"),
    ("beyond_necessary", "android_id", "sdk:bugly"),
    ("beyond_necessary", "android_id", "sdk:umeng"),
    ("beyond_necessary", "clipboard", "app"),
    ("beyond_necessary", "device_info", "sdk:bugly"),
    ("beyond_necessary", "imei", "sdk:umeng"),
    ("beyond_necessary", "installed_apps", "app"),
    ("beyond_necessary", "location", "app"),                                 # G6
    ("beyond_necessary", "mac_address", "sdk:umeng"),
    ("beyond_necessary", "oaid", "sdk:umeng"),
    ("beyond_necessary", "wifi_info", "sdk:umeng"),
    ("excessive_frequency", "location", "app"),                              # G4
    ("background_collection", "location", "app"),                            # G3
    ("hardware_identifier", "imei", "sdk:umeng"),
    ("hardware_identifier", "mac_address", "sdk:umeng"),
    ("clipboard_read", "clipboard", "app"),
    ("undeclared_sdk", None, "sdk:google_ads"),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("probe") / "run"
    shutil.copytree(DATA, dest)
    return dest


def test_probe_findings_with_policy(run: Path) -> None:
    rep = analyze_run(run, load_policy(run / "policy.yaml"))
    assert {(f.rule, f.data_type, f.actor_key) for f in rep.findings} == WITH_POLICY
    assert len(rep.findings) == len(WITH_POLICY)
    by = {(f.rule, f.data_type, f.actor_key): f for f in rep.findings}
    # close cases: Bugly's declared Android ID is not a third-party gap; the paste read is not clipboard_read
    assert ("undeclared_third_party", "android_id", "sdk:bugly") not in by
    clip = by[("clipboard_read", "clipboard", "app")]
    assert clip.scenarios == ("accept", "deny_permissions", "background") and clip.count == 3
    # G4: 1 per 60 s declared, polled every 2 s in the background
    freq = by[("excessive_frequency", "location", "app")]
    assert freq.extra["limit"]["declared"] is True and freq.scenarios == ("background",)
    forced = by[("forced_consent", None, "app|consent_declined")]
    assert forced.extra["outcomes"] == ["exit"] and forced.count == 2
    pre = by[("pre_consent_collection", "imei", "sdk:umeng")]
    assert {e.kind for e in pre.evidence} == {"hook", "flow", "ui"}
    assert [e.data.get("marker") for e in pre.evidence if e.kind == "ui" and e.data.get("marker")] == ["policy_shown"]
    assert {e.data["encoding"] for e in pre.evidence if e.kind == "flow"} >= {"plain", "md5", "sha1"}


def test_probe_findings_without_policy(run: Path) -> None:
    rep = analyze_run(run, None)
    expected = {k for k in WITH_POLICY if k[0] in {
        "pre_consent_collection", "post_refusal_collection", "forced_consent", "cleartext_personal_information",
        "bundled_permission_request", "frequent_reprompt", "hardware_identifier", "clipboard_read",
        "background_collection", "tcf_ad_id_after_reject"}}
    # without a declared frequency the default limit still catches the 2 s polling
    expected.add(("excessive_frequency", "location", "app"))
    # without a policy there are no first-party domains: the cleartext host is named, not guessed to be the app
    expected -= {("cleartext_personal_information", t, "app") for t in ("android_id", "location")}
    expected |= {("cleartext_personal_information", t, "host:log.probe.example.com") for t in ("android_id", "location")}
    assert {(f.rule, f.data_type, f.actor_key) for f in rep.findings} == expected
    assert rep.policy is None and rep.partial is False


def test_messages_in_both_languages(run: Path) -> None:
    policy = load_policy(run / "policy.yaml")
    en = analyze_run(run, policy, lang="en")
    zh = analyze_run(run, policy, lang="zh")
    assert [f.fingerprint for f in en.findings] == [f.fingerprint for f in zh.findings]
    for a, b in zip(en.findings, zh.findings, strict=True):
        assert a.message and not any("\u4e00" <= ch <= "\u9fff" for ch in a.message.replace("友盟", ""))
        assert any("\u4e00" <= ch <= "\u9fff" for ch in b.message), b.message
        assert b.title != a.title
    freq = next(f for f in en.findings if f.rule == "excessive_frequency")
    assert freq.extra["reads_total"] == 6 and len(freq.extra["reads_by_api"]) == 3
    assert freq.extra["api"] == "android.location.LocationManager.getLastKnownLocation"
