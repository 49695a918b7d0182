"""The main fixture APK (own code + Umeng, Tencent, Google ads SDK code): exact expected results."""

from __future__ import annotations

import json
import re
import subprocess

from support.apks import FIXTURE_DIR, build_apk

APP = "app"
P = "android.permission."


def test_identity_and_signing_match_apksigner(report) -> None:
    rep = report(APP)
    a = rep.app
    assert (a.package, a.version_code, a.version_name, a.min_sdk, a.target_sdk, a.app_name) == (
        "com.example.privacyapp", 7, "1.7.0", 21, 30, "Privacy Demo")
    assert rep.signing.schemes == ("v1", "v2", "v3")
    out = subprocess.run(["apksigner", "verify", "-v", "--print-certs", str(build_apk(APP))],
                         capture_output=True, text=True, check=True).stdout
    digest = re.search(r"certificate SHA-256 digest: ([0-9a-f]{64})", out).group(1)
    assert [c.sha256 for c in rep.signing.certificates] == [digest]
    assert rep.signing.certificates[0].subject == (
        "Common Name: Harness Fixture, Organization: App Privacy Harness, Country: CN")


def test_permissions_levels_groups_and_use(report) -> None:
    got = {p.name.removeprefix(P): (p.protection_level, p.group, p.special, p.max_sdk, p.used_in_code)
           for p in report(APP).permissions}
    assert got == {
        "ACCESS_BACKGROUND_LOCATION": ("dangerous", "LOCATION", "background_location", None, True),
        "ACCESS_COARSE_LOCATION": ("dangerous", "LOCATION", None, None, True),
        "ACCESS_FINE_LOCATION": ("dangerous", "LOCATION", None, None, True),
        "ACCESS_WIFI_STATE": ("normal", None, None, None, True),
        "CAMERA": ("dangerous", "CAMERA", None, None, False),
        "INTERNET": ("normal", None, None, None, None),
        "PACKAGE_USAGE_STATS": ("special", None, "usage_stats", None, None),
        "QUERY_ALL_PACKAGES": ("normal", None, "query_all_packages", None, True),
        "READ_CONTACTS": ("dangerous", "CONTACTS", None, None, False),
        "READ_PHONE_STATE": ("dangerous", "PHONE", None, None, True),
        "SYSTEM_ALERT_WINDOW": ("special", None, "overlay", None, None),
        "WRITE_EXTERNAL_STORAGE": ("dangerous", "STORAGE", None, 28, False),
    }
    by_name = {p.name: p for p in report(APP).permissions}
    assert by_name[P + "READ_CONTACTS"].data_types == ("accounts", "contacts")
    assert by_name[P + "ACCESS_WIFI_STATE"].data_types == ("mac_address", "wifi_info")  # from catalogue entries


def test_special_access_and_exported_components(report) -> None:
    rep = report(APP)
    assert [(s.kind, s.name.removeprefix(P), s.via) for s in rep.special_permissions] == [
        ("background_location", "ACCESS_BACKGROUND_LOCATION", "uses-permission"),
        ("overlay", "SYSTEM_ALERT_WINDOW", "uses-permission"),
        ("usage_stats", "PACKAGE_USAGE_STATS", "uses-permission"),
        ("query_all_packages", "QUERY_ALL_PACKAGES", "uses-permission"),
        ("accessibility", "BIND_ACCESSIBILITY_SERVICE", "service:com.example.privacyapp.HelperAccessibilityService"),
    ]
    assert [(c.type, c.name, c.explicit, c.permission, c.actions, c.sdk_id) for c in rep.exported_components] == [
        ("activity", "com.example.privacyapp.MainActivity", False, None, ("android.intent.action.MAIN",), None),
        ("service", "com.example.privacyapp.HelperAccessibilityService", True, P + "BIND_ACCESSIBILITY_SERVICE",
         ("android.accessibilityservice.AccessibilityService",), None),
        ("service", "com.umeng.message.UmengIntentService", True, None, (), "umeng"),
        ("receiver", "com.example.privacyapp.BootReceiver", False, None, ("android.intent.action.BOOT_COMPLETED",), None),
    ]  # SettingsActivity, AdActivity (exported=false) and the unexported provider are absent


def test_cleartext_and_network_security_config(report) -> None:
    net = report(APP).network
    assert net.uses_cleartext_traffic is True
    assert net.cleartext_default is False  # the config's base-config wins over the attribute (API 24+)
    nsc = net.network_security_config
    assert nsc.resource == "res/xml/network_security_config.xml"
    assert (nsc.base_cleartext, nsc.trust_user_certs) == (False, True)
    assert [(d.domain, d.include_subdomains, d.cleartext, d.pins) for d in nsc.domains] == [
        ("log.shop-demo.test", True, True, 0), ("legacy.shop-demo.test", False, True, 0),
        ("api.shop-demo.test", True, None, 2)]


def test_meta_data_and_sdks_with_evidence(report) -> None:
    rep = report(APP)
    assert [(m.name, m.sdk_id) for m in rep.meta_data] == [
        ("UMENG_APPKEY", "umeng"), ("UMENG_CHANNEL", "umeng"),
        ("com.google.android.gms.ads.APPLICATION_ID", "google_ads"), ("app.theme.flavor", None)]
    assert {s.id: (s.evidence.classes, s.evidence.components, s.evidence.meta_data) for s in rep.sdks} == {
        "bugly": (("com.tencent.bugly.crashreport.common.info.b",), (), ()),
        "google_ads": (("com.google.android.gms.ads.internal.AdRequester",),
                       ("com.google.android.gms.ads.AdActivity",), ("com.google.android.gms.ads.APPLICATION_ID",)),
        "google_ads_identifier": (("com.google.android.gms.ads.identifier.AdvertisingIdClient",
                                   "com.google.android.gms.ads.identifier.AdvertisingIdClient$Info"), (), ()),
        "tencent_gdt": (("com.qq.e.comm.managers.status.DeviceStatus",), (), ()),
        "umeng": (("com.umeng.analytics.UMDeviceInfo",), ("com.umeng.message.UmengIntentService",),
                  ("UMENG_APPKEY", "UMENG_CHANNEL")),
    }
    assert all(s.source == "sdk_db" for s in rep.sdks)


EXPECTED_SITES = {
    ("permissions.activity_request", "com.example.privacyapp.MainActivity.onCreate", "app", None),
    ("activity_manager.get_running_app_processes", "com.umeng.analytics.UMDeviceInfo.processes", "umeng", "running_apps"),
    ("package_manager.get_installed_packages", "com.example.privacyapp.DeviceInfo.installedApps", "app", "installed_apps"),
    ("clipboard.get_primary_clip", "com.example.privacyapp.DeviceInfo.clipboard", "app", "clipboard"),
    ("location_manager.get_last_known_location", "com.example.privacyapp.DeviceInfo.lastLocation", "app", "location"),
    ("wifi_info.get_bssid", "com.umeng.analytics.UMDeviceInfo.wifi", "umeng", "wifi_info"),
    ("wifi_info.get_mac_address", "com.example.privacyapp.DeviceInfo.macAddress", "app", "mac_address"),
    ("wifi_manager.get_connection_info", "com.example.privacyapp.DeviceInfo.macAddress", "app", "wifi_info"),
    ("wifi_manager.get_connection_info", "com.umeng.analytics.UMDeviceInfo.wifi", "umeng", "wifi_info"),
    ("settings.secure_android_id", "com.example.privacyapp.DeviceInfo.androidId", "app", "android_id"),
    ("settings.secure_android_id", "io.hiddentracker.sdk.Beacon.ping", "unknown", "android_id"),
    ("telephony.get_all_cell_info", "com.qq.e.comm.managers.status.DeviceStatus.cells", "tencent_gdt", "cell_info"),
    ("telephony.get_device_id", "com.example.privacyapp.DeviceInfo.imei", "app", "imei"),
    ("telephony.get_device_id", "com.umeng.analytics.UMDeviceInfo.collect", "umeng", "imei"),
    ("telephony.get_line1_number", "com.tencent.bugly.crashreport.common.info.b.a", "bugly", "phone_number"),
    ("telephony.get_network_operator", "com.tencent.bugly.crashreport.common.info.b.a", "bugly", "carrier_info"),
    ("telephony.get_subscriber_id", "com.umeng.analytics.UMDeviceInfo.collect", "umeng", "imsi"),
    ("gaid.get_advertising_id_info", "com.google.android.gms.ads.internal.AdRequester.request", "google_ads",
     "advertising_id"),
    ("gaid.info_get_id", "com.google.android.gms.ads.internal.AdRequester.request", "google_ads", "advertising_id"),
}


def test_call_sites_attributed_to_app_and_sdks(report) -> None:
    sites = report(APP).call_sites
    assert {(c.hook_id, c.caller, c.actor_key, c.data_type) for c in sites} == EXPECTED_SITES
    assert len(sites) == len(EXPECTED_SITES)
    # Hooked on ApplicationPackageManager, referenced through PackageManager: the alias resolves it.
    pm = next(c for c in sites if c.hook_id == "package_manager.get_installed_packages")
    assert (pm.api, pm.descriptor) == ("android.app.ApplicationPackageManager.getInstalledPackages",
                                       "(I)Ljava/util/List;")
    # A virtual call written against the app's own Activity subclass still reaches Activity.requestPermissions.
    umeng = next(c for c in sites if c.actor_key == "umeng")
    assert umeng.actor == {"kind": "sdk", "name": "Umeng+ (友盟)", "package": "com.umeng.analytics",
                           "frame": None, "sdk_id": "umeng", "org": "Alibaba (友盟同欣)", "sdk_kind": "sdk",
                           "signature": "package com.umeng"}
    assert {c.dex for c in sites} == {"classes.dex"}
    assert not any(c.hook_id.startswith("lifecycle.") for c in sites)  # platform callbacks are not call sites
    apis = {a.hook_id: (a.callers, a.actors) for a in report(APP).apis}
    assert apis["telephony.get_device_id"] == (2, ("app", "umeng"))


def test_urls_hosts_and_privacy_policy(report) -> None:
    rep = report(APP)
    assert {u.url: u.sources for u in rep.urls} == {
        "http://log.shop-demo.test/upload?v=2": ("classes.dex",),
        "https://alog.umeng.com/app_logs": ("classes.dex",),
        "https://android.bugly.qq.com/rqd/async": ("classes.dex",),
        "https://api.shop-demo.test/v1/collect": ("classes.dex",),
        "https://cdn.shop-demo.test": ("assets/config.json",),
        "https://config.shop-demo.test/v2/settings": ("assets/config.json",),
        "https://googleads.g.doubleclick.net/mads/gma": ("classes.dex",),
        "https://help.shop-demo.test/faq": ("resources.arsc",),
        "https://mi.gdt.qq.com/gdt_mview.fcg": ("classes.dex",),
        "https://t.hidden-tracker.test/b": ("classes.dex",),
        "https://www.shop-demo.test/legal/privacy-policy.html": ("resources.arsc",),
        "https://www.shop-demo.test/legal/user-agreement.html": ("resources.arsc",),
    }  # the xmlns URL of the manifest and resources is a name, not an endpoint: absent
    assert {h.host: h.sdk_id for h in rep.hosts if h.sdk_id} == {
        "alog.umeng.com": "umeng", "android.bugly.qq.com": "bugly",
        "googleads.g.doubleclick.net": "google_ads", "mi.gdt.qq.com": "tencent_gdt"}
    assert len(rep.hosts) == 11
    assert rep.privacy_policy_urls == ("https://www.shop-demo.test/legal/privacy-policy.html",)


def test_flags(report) -> None:
    rep = report(APP)
    assert [(f.id, f.items) for f in rep.flags] == [
        ("permissions_unused_in_code", (P + "CAMERA", P + "READ_CONTACTS", P + "WRITE_EXTERNAL_STORAGE"))]


def test_category_flags_permissions_unrelated_to_it(report) -> None:
    # map_navigation needs location (and trip info) only: Wi-Fi/MAC, the app list, camera, contacts, phone
    # identity and storage are unrelated to it; the three location permissions are not flagged.
    rep = report(APP, category="map_navigation")
    flag = rep.flag("permissions_unrelated_to_category")
    assert flag.items == (P + "ACCESS_WIFI_STATE", P + "CAMERA", P + "QUERY_ALL_PACKAGES", P + "READ_CONTACTS",
                          P + "READ_PHONE_STATE", P + "WRITE_EXTERNAL_STORAGE")
    assert rep.category == "map_navigation"
    assert report(APP, category="other").flag("permissions_unrelated_to_category") is None  # no baseline


def test_exodus_trackers_add_sdks_and_attribution(report) -> None:
    rep = report(APP, trackers=FIXTURE_DIR / "exodus_trackers.json")
    hidden = next(s for s in rep.sdks if s.id == "exodus:901")
    assert (hidden.name, hidden.source, hidden.evidence.classes) == (
        "Hidden Tracker", "exodus", ("io.hiddentracker.sdk.Beacon",))
    assert "exodus:902" not in rep.sdk_ids()  # the shipped umeng prefix wins over an imported duplicate
    beacon = next(c for c in rep.call_sites if c.caller == "io.hiddentracker.sdk.Beacon.ping")
    assert (beacon.actor["kind"], beacon.actor["sdk_id"]) == ("sdk", "exodus:901")
    assert {h.host: h.sdk_id for h in rep.hosts}["t.hidden-tracker.test"] == "exodus:901"


def test_to_json_is_the_documented_shape(report) -> None:
    doc = json.loads(json.dumps(report(APP).to_json()))
    assert list(doc) == ["schema", "mode", "input", "app", "signing", "permissions", "special_permissions",
                         "exported_components", "network", "meta_data", "sdks", "call_sites", "attribution", "apis", "urls",
                         "hosts", "privacy_policy_urls", "flags", "category", "notes"]
    assert (doc["schema"], doc["mode"], doc["input"]["kind"]) == ("aph-static/1", "tables", "apk")
    assert doc["input"]["files"][0]["split"] is None and len(doc["input"]["files"][0]["sha256"]) == 64
    site = doc["call_sites"][0]
    assert set(site) == {"caller", "caller_class", "api", "descriptor", "hook_id", "data_type", "permission",
                         "actor", "dex"}
    assert set(site["actor"]) == {"kind", "name", "package", "frame", "sdk_id"}
    assert doc["flags"][0]["items"] == [P + "CAMERA", P + "READ_CONTACTS", P + "WRITE_EXTERNAL_STORAGE"]
