"""Multidex, targetSdk 22, obfuscated and split-set fixtures: exact expected results."""

from __future__ import annotations

import pytest

P = "android.permission."


def sites(rep) -> set[tuple[str, str, str, str]]:
    return {(c.hook_id, c.caller, c.actor_key, c.dex) for c in rep.call_sites}


def test_multidex_reads_both_dex_files(report) -> None:
    rep = report("multidex")
    assert (rep.package, rep.app.version_code, rep.target_sdk) == ("com.example.multidex", 12, 29)
    assert sites(rep) == {
        # ContactsContract$Contacts.CONTENT_URI read as a static field: the authority filter matches.
        ("content_resolver.query_contacts", "com.example.multidex.Main.contacts", "app", "classes.dex"),
        # getPackageInfo("com.tencent.mm") probes another app; getPackageInfo(getPackageName()) is absent.
        ("package_manager.get_package_info_other", "com.example.multidex.Main.hasWechat", "app", "classes.dex"),
        ("telephony.get_imei", "com.example.multidex.Main.imei", "app", "classes.dex"),
        ("telephony.get_all_cell_info", "com.qq.e.comm.managers.status.DeviceStatus.cells", "tencent_gdt",
         "classes2.dex"),
        ("telephony.get_line1_number", "com.tencent.bugly.crashreport.common.info.b.a", "bugly", "classes2.dex"),
        ("telephony.get_network_operator", "com.tencent.bugly.crashreport.common.info.b.a", "bugly", "classes2.dex"),
        ("gaid.get_advertising_id_info", "com.google.android.gms.ads.internal.AdRequester.request", "google_ads",
         "classes2.dex"),
        ("gaid.info_get_id", "com.google.android.gms.ads.internal.AdRequester.request", "google_ads", "classes2.dex"),
    }
    assert rep.sdk_ids() == ["bugly", "google_ads", "google_ads_identifier", "tencent_gdt"]
    assert {u.url: u.sources for u in rep.urls} == {
        "https://android.bugly.qq.com/rqd/async": ("classes2.dex",),
        "https://api.multidex-demo.test/register": ("classes.dex",),
        "https://googleads.g.doubleclick.net/mads/gma": ("classes2.dex",),
        "https://mi.gdt.qq.com/gdt_mview.fcg": ("classes2.dex",),
    }
    assert {p.name.removeprefix(P): p.used_in_code for p in rep.permissions} == {
        "INTERNET": None, "READ_PHONE_STATE": True, "READ_CONTACTS": True, "ACCESS_COARSE_LOCATION": True}
    assert rep.flags == ()
    assert [(c.type, c.name, c.explicit, c.permission) for c in rep.exported_components] == [
        ("activity", "com.example.multidex.Main", True, None),
        ("provider", "com.example.multidex.Files", True, "com.example.multidex.READ")]
    assert rep.network.network_security_config is None and rep.network.cleartext_default is False


def test_target_sdk_22_is_bundled_consent(report) -> None:
    rep = report("legacy22")
    assert (rep.package, rep.app.min_sdk, rep.target_sdk) == ("com.example.legacy", 16, 22)
    assert [(f.id, f.items) for f in rep.flags] == [
        ("target_sdk_below_23", (P + "ACCESS_FINE_LOCATION", P + "READ_PHONE_STATE", P + "READ_SMS",
                                 P + "RECORD_AUDIO")),
        ("permissions_unused_in_code", (P + "READ_SMS", P + "RECORD_AUDIO")),
    ]
    # Calls reached past fill-array-data / packed-switch / sparse-switch payloads and a const-string/jumbo.
    assert sites(rep) == {
        ("location_manager.get_last_known_location", "com.example.legacy.Main.onCreate", "app", "classes.dex"),
        ("telephony.get_device_id", "com.example.legacy.Main.onCreate", "app", "classes.dex"),
        ("telephony.get_sim_serial_number", "com.example.legacy.Main.pick", "app", "classes.dex"),
        ("telephony.get_subscriber_id", "com.example.legacy.Main.pick", "app", "classes.dex"),
    }
    assert [u.url for u in rep.urls] == ["http://legacy-demo.test/jumbo", "http://legacy-demo.test/report"]
    net = rep.network
    assert (net.uses_cleartext_traffic, net.cleartext_default) == (None, True)  # targetSdk < 28 default
    # The provider has no android:exported and targetSdk > 16: not exported. The launcher activity is.
    assert [(c.type, c.name, c.explicit) for c in rep.exported_components] == [
        ("activity", "com.example.legacy.Main", False)]


def test_category_news_makes_every_pi_permission_unrelated(report) -> None:
    rep = report("legacy22", category="news")
    assert rep.flag("permissions_unrelated_to_category").items == (
        P + "ACCESS_FINE_LOCATION", P + "READ_PHONE_STATE", P + "READ_SMS", P + "RECORD_AUDIO")


def test_obfuscated_sdk_found_by_prefix_meta_data_and_components(report) -> None:
    rep = report("obfuscated")
    assert sites(rep) == {
        ("settings.secure_android_id", "com.umeng.a.a.a", "umeng", "classes.dex"),  # b() reads bluetooth_name: absent
        ("telephony.get_device_id", "o.a.a", "unknown", "classes.dex"),
        ("telephony.get_sim_serial_number", "com.example.obf.a.a", "app", "classes.dex"),
    }
    sdks = {s.id: s.evidence for s in rep.sdks}
    assert set(sdks) == {"jpush", "umeng"}
    assert (sdks["jpush"].class_count, sdks["jpush"].components, sdks["jpush"].meta_data) == (
        0, ("cn.jpush.android.service.PushService", "cn.jpush.android.service.PushReceiver"),
        ("JPUSH_APPKEY", "JPUSH_CHANNEL"))
    assert (sdks["umeng"].classes, sdks["umeng"].components) == (("com.umeng.a.a",), ())
    assert [(s.kind, s.name, s.via) for s in rep.special_permissions] == [
        ("notification_listener", P + "BIND_NOTIFICATION_LISTENER_SERVICE", "service:com.example.obf.b"),
        ("device_admin", P + "BIND_DEVICE_ADMIN", "receiver:com.example.obf.c")]
    assert [(c.name, c.sdk_id) for c in rep.exported_components] == [
        ("com.example.obf.a", None), ("cn.jpush.android.service.PushReceiver", "jpush"), ("com.example.obf.b", None),
        ("com.example.obf.c", None)]
    assert {h.host: h.sdk_id for h in rep.hosts} == {"tsis.jpush.cn": "jpush"}


@pytest.mark.parametrize("name, kind, prefix", [
    ("splits_dir", "dir", ""), ("splits_apks", "apks", "splits/"), ("splits_xapk", "xapk", "")])
def test_split_sets_merge_base_feature_and_config(report, name: str, kind: str, prefix: str) -> None:
    rep = report(name)
    assert (rep.input_kind, rep.package, rep.app.version_code, rep.target_sdk) == (kind, "com.example.splitapp", 3, 34)
    base = "base-master.apk" if kind == "apks" else "base.apk"
    assert [(f.name, f.split) for f in rep.files] == [
        (prefix + base, None), (prefix + "split_config.xxhdpi.apk", "config.xxhdpi"),
        (prefix + "split_feature.apk", "feature_nearby")]
    assert sites(rep) == {
        ("telephony.get_subscriber_id", "com.example.splitapp.Main.imsi", "app", "classes.dex"),
        ("location_manager.get_last_known_location", "com.example.splitapp.nearby.Nearby.where", "app",
         f"{prefix}split_feature.apk!classes.dex"),
    }
    assert {u.url: u.sources for u in rep.urls} == {
        "https://cdn.splitapp.test/xxhdpi/": (f"{prefix}split_config.xxhdpi.apk!resources.arsc",),
        "https://nearby.splitapp.test/api/places": (f"{prefix}split_feature.apk!classes.dex",),
    }
    assert [p.name for p in rep.permissions] == [P + "ACCESS_FINE_LOCATION", P + "READ_PHONE_STATE"]
    assert rep.flags == ()
