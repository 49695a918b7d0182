"""The shipped knowledge base: size, coverage of the common SDKs, unambiguous signatures, user overrides."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.detect.attribution import attribute_stack
from harness.detect.destinations import attribute_host
from harness.detect.sdk_db import KINDS, load_user_database, sdk_database
from harness.errors import InputError


def test_at_least_300_entries_each_with_organisation_kind_and_sources() -> None:
    db = sdk_database()
    assert len(db.sdks) >= 300
    for sdk in db.sdks.values():
        assert sdk.name and sdk.vendor and sdk.kind in KINDS and sdk.sources, sdk.id
    kinds = Counter(s.kind for s in db.sdks.values())
    assert kinds["sdk"] >= 200 and kinds["library"] >= 20 and kinds["platform"] >= 10 and kinds["app"] >= 5


def test_every_signature_belongs_to_one_entry() -> None:
    db = sdk_database()
    for field in ("packages", "domains", "meta_data", "components", "native_libs", "assets"):
        owners = Counter(v for s in db.sdks.values() for v in getattr(s, field))
        assert not [v for v, n in owners.items() if n > 1], field


@pytest.mark.parametrize(("cls", "org"), [
    ("com.google.android.gms.internal.ads.zzbzt", "Google"), ("com.google.android.gms.common.GoogleApiAvailability", "Google"),
    ("com.facebook.c.c", "Meta"), ("io.fabric.sdk.android.Fabric", "Google (Fabric; formerly Twitter)"),
    ("com.applovin.impl.sdk.o", "AppLovin"), ("com.unity3d.services.ads.UnityAdsImplementation", "Unity"),
    ("com.ironsource.mediationsdk.IronSource", "Unity (ironSource)"), ("com.mbridge.msdk.MBridgeSDK", "Mobvista (汇量科技)"),
    ("com.vungle.warren.Vungle", "Liftoff (Vungle)"), ("com.chartboost.sdk.Chartboost", "Chartboost (Zynga / Take-Two)"),
    ("com.inmobi.sdk.InMobiSdk", "InMobi"), ("com.bytedance.sdk.openadsdk.TTAdSdk", "ByteDance (字节跳动)"),
    ("com.adjust.sdk.Adjust", "Adjust"), ("com.appsflyer.AppsFlyerLib", "AppsFlyer"), ("io.branch.referral.Branch", "Branch Metrics"),
    ("com.kochava.tracker.Tracker", "Kochava"), ("com.singular.sdk.Singular", "Singular Labs"),
    ("io.bidmachine.BidMachine", "BidMachine (Appodeal / Explorer Media)"), ("com.amazon.device.ads.AdRegistration", "Amazon"),
    ("com.criteo.publisher.Criteo", "Criteo"), ("com.yandex.mobile.ads.common.MobileAds", "Yandex"),
    ("com.umeng.commonsdk.UMConfigure", "Alibaba (友盟同欣)"), ("cn.jpush.android.api.JPushInterface", "Aurora Mobile (极光)"),
    ("com.igexin.sdk.PushManager", "Getui (每日互动)"), ("com.tencent.bugly.crashreport.CrashReport", "Tencent (腾讯)"),
    ("com.qq.e.ads.splash.SplashAD", "Tencent (腾讯)"), ("com.baidu.mobads.sdk.api.SplashAd", "Baidu (百度)"),
    ("com.alibaba.sdk.android.push.CloudPushService", "Alibaba (阿里云)"), ("com.kwad.sdk.api.KsAdSDK", "Kuaishou (快手)"),
    ("com.tendcloud.tenddata.TalkingDataSDK", "TalkingData (腾云天下)"), ("com.ishumei.smantifraud.SmAntiFraud", "ShuMei (数美科技)"),
    ("com.sensorsdata.analytics.android.sdk.SensorsDataAPI", "Sensors Data (神策)"), ("com.growingio.android.sdk.GrowingIO", "GrowingIO"),
    ("com.bun.miitmdid.core.MdidSdkHelper", "China Academy of ICT / MSA"), ("com.huawei.hms.push.HmsMessaging", "Huawei (华为)"),
    ("com.xiaomi.mipush.sdk.MiPushClient", "Xiaomi (小米)"), ("com.heytap.msp.push.HeytapPushManager", "OPPO"),
    ("com.vivo.push.PushClient", "vivo"),
])
def test_common_sdks_are_named_with_their_organisation(cls: str, org: str) -> None:
    actor = attribute_stack([f"{cls}.init(Unknown Source)"], ("com.example.app",))
    assert (actor["kind"], actor["org"]) == ("sdk", org)


@pytest.mark.parametrize("cls", ["com.bumptech.glide.Glide", "okhttp3.OkHttpClient", "org.osmdroid.views.MapView",
                                 "com.google.gson.Gson", "com.squareup.picasso.Picasso", "io.reactivex.Observable"])
def test_libraries_send_nothing_by_themselves(cls: str) -> None:
    actor = attribute_stack([f"{cls}.go(Unknown Source)"], ("com.example.app",))
    assert actor["kind"] == "library" and sdk_database().sdks[actor["sdk_id"]].sends_nothing


def test_app_frameworks_act_for_the_app() -> None:
    actor = attribute_stack(["com.facebook.react.modules.core.Timing.go(Unknown Source)"], ("com.example.app",))
    assert (actor["kind"], actor["via"]) == ("first_party", "React Native")


def test_org_level_domains_name_the_organisation_when_no_sdk_does() -> None:
    assert attribute_host("someservice.qq.com")["org"] == "Tencent (腾讯)"
    assert attribute_host("android.bugly.qq.com")["sdk_id"] == "bugly"  # the longer suffix wins


def test_user_file_overrides_by_id_adds_and_disables(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("sdks:\n"
                 "  - {id: umeng, name: Umeng (ours), vendor: Alibaba, packages: [com.umeng], domains: [umeng.com]}\n"
                 "  - {id: acme, name: Acme Beacon, vendor: Acme Inc, category: analytics, packages: [io.acme],"
                 " domains: [beacon.acme.io]}\n"
                 "  - {id: bugly, disabled: true}\n", encoding="utf-8")
    db = load_user_database(f)
    assert db.sdks["umeng"].name == "Umeng (ours)" and db.by_host("ulogs.umeng.co") is None  # replaced whole
    assert db.by_package("io.acme.Beacon").vendor == "Acme Inc"  # type: ignore[union-attr]
    assert "bugly" not in db.sdks and db.by_package("com.tencent.bugly.CrashReport").id == "tencent_org"  # type: ignore[union-attr]
    assert len(db.sdks) == len(sdk_database().sdks)  # one added, one removed


@pytest.mark.parametrize(("text", "error"), [
    ("sdks: {}", "expected a top-level 'sdks:' list"),
    ("sdks:\n  - {name: x}", "an entry needs an 'id' string"),
    ("sdks:\n  - {id: x, name: X, vendor: V}", "x: no signature"),
    ("sdks:\n  - {id: x, name: X, vendor: V, kind: tracker, packages: [a.b]}", "kind 'tracker' is not one of"),
    ("sdks:\n  - {id: x, name: X, vendor: V, classes: ['(']}", "bad class regex"),
    ("sdks:\n  - {id: x, name: X, vendor: V, package: [a.b]}", "unknown key(s) package"),
    ("sdks: [", "not valid YAML"),
])
def test_bad_user_file_is_one_line_error(tmp_path: Path, text: str, error: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="bad.yaml") as e:
        load_user_database(f)
    assert error in str(e.value)


def test_cli_sdk_db_bad_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    har = tmp_path / "x.har"
    har.write_text('{"log": {"version": "1.2", "entries": []}}', encoding="utf-8")
    assert main(["traffic", str(har), "--sdk-db", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: no such file" in capsys.readouterr().err


def test_analyze_uses_the_user_file(tmp_path: Path) -> None:
    from tests.analysis.tracekit import Trace

    tr = Trace(tmp_path / "run")
    tr.consent_run("accept", accept_at=1.0)
    tr.flow(3.0, "https://beacon.acme.io/v1/collect", body="x=1", scenario="accept")
    run = tr.write()
    mine = tmp_path / "mine.yaml"
    mine.write_text("sdks:\n  - {id: acme, name: Acme Beacon, vendor: Acme Inc, domains: [acme.io]}\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["analyze", str(run), "--sdk-db", str(mine), "--out", str(out)]) == 0
    import json

    hosts = {h["host"]: h for h in json.loads(out.read_text(encoding="utf-8"))["hosts"]}
    assert (hosts["beacon.acme.io"]["org"], hosts["beacon.acme.io"]["signature"]) == ("Acme Inc", "domain acme.io")
