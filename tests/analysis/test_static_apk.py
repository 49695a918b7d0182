"""Static rules on the static.json of real fixture APKs (helper "static": aapt + smali + apksigner builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tracekit import Trace, make_policy

from harness.analysis import analyze_run
from harness.policy.model import DataItem, ThirdParty


@pytest.fixture(scope="module")
def static_json() -> dict[str, dict]:
    """Built with Debian's aapt, smali and apksigner: `make test` installs them, so a failure here is real."""
    from support.apks import build_apk

    from harness.static import analyze_apk

    return {name: analyze_apk(build_apk(name)).to_json() for name in ("app", "legacy22")}


def test_undeclared_sdks_and_permissions_of_a_real_apk(static_json: dict, tmp_path: Path) -> None:
    tr = Trace(tmp_path / "run")
    tr.consent_run()
    umeng = ThirdParty("Umeng", sdk_id="umeng", packages=("com.umeng",), data_types=("android_id",))
    bugly = ThirdParty("Bugly", sdk_id="bugly", packages=("com.tencent.bugly",), data_types=("android_id",))
    pol = make_policy(category="map_navigation", data=(DataItem("location"),), third_parties=(umeng, bugly))
    rep = analyze_run(tr.write(static=static_json["app"]), pol)
    sdks = {f.actor_key for f in rep.findings if f.rule == "undeclared_sdk"}
    assert sdks == {f"sdk:{s['id']}" for s in static_json["app"]["sdks"]} - {"sdk:umeng", "sdk:bugly"}
    assert "sdk:google_ads" in sdks
    perms = {f.extra["permission"]: f.extra["reasons"] for f in rep.findings
             if f.rule == "unused_or_unrelated_permission"}
    # location is necessary for navigation; contacts and camera are neither necessary nor used
    assert "android.permission.ACCESS_FINE_LOCATION" not in perms
    assert perms["android.permission.READ_CONTACTS"] == ["unrelated", "unused"]
    assert perms["android.permission.CAMERA"] == ["unrelated", "unused"]
    assert perms["android.permission.READ_PHONE_STATE"] == ["unrelated"]
    assert all(p in {x["name"] for x in static_json["app"]["permissions"] if x["protection_level"] == "dangerous"}
               for p in perms)


def test_legacy_target_sdk_is_bundled_consent(static_json: dict, tmp_path: Path) -> None:
    tr = Trace(tmp_path / "run")
    tr.consent_run()
    rep = analyze_run(tr.write(static=static_json["legacy22"]), None)
    [f] = [f for f in rep.findings if f.rule == "bundled_permission_request"]
    assert f.extra["target_sdk"] == 22 and f.evidence[0].ref == "static:manifest"
    unused = {f.extra["permission"] for f in rep.findings if f.rule == "unused_or_unrelated_permission"}
    assert unused == {"android.permission.READ_SMS", "android.permission.RECORD_AUDIO"}
    assert rep.static_facts["target_sdk"] == 22
