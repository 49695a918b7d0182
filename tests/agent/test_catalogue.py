"""The hook catalogue: every shipped entry is valid, coverage of the issue's list, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.agent.catalogue import HOOKS_DIR, RecordFilter, frida_type, load_catalogue, uri_authority
from harness.errors import CatalogueError
from harness.taxonomy import taxonomy

AREAS = ["identifiers", "telephony", "location", "network", "apps", "contacts-media-files",
         "clipboard-camera-mic-sensors", "permissions", "native", "consent-signals"]


@pytest.fixture(scope="module")
def cat():  # noqa: ANN201
    return load_catalogue()


def test_one_file_per_area_and_all_load(cat) -> None:
    assert sorted(p.stem for p in HOOKS_DIR.glob("*.yaml")) == sorted(AREAS)
    assert len(cat) > 150
    assert len({e.id for e in cat}) == len(cat)
    for e in cat:
        assert e.data_type is None or e.data_type in taxonomy(), e.id
        assert e.reasoning and e.source.startswith("hooks/") and ":" in e.source


def _has(cat, cls: str, method: str, data_type: str | None = None) -> bool:
    return any(e.java_class == cls and e.method == method and (data_type is None or e.data_type == data_type)
               for e in cat)


@pytest.mark.parametrize(("cls", "method", "data_type"), [
    # reference 3.1-3.8 samples
    ("android.telephony.TelephonyManager", "getDeviceId", "imei"),
    ("android.telephony.TelephonyManager", "getImei", "imei"),
    ("android.telephony.TelephonyManager", "getSubscriberId", "imsi"),
    ("android.telephony.TelephonyManager", "getSimSerialNumber", "iccid"),
    ("android.telephony.TelephonyManager", "getLine1Number", "phone_number"),
    ("android.telephony.TelephonyManager", "getAllCellInfo", "cell_info"),
    ("android.provider.Settings$Secure", "getString", "android_id"),
    ("android.net.wifi.WifiInfo", "getMacAddress", "mac_address"),
    ("java.net.NetworkInterface", "getHardwareAddress", "mac_address"),
    ("android.location.LocationManager", "getLastKnownLocation", "location"),
    ("android.net.wifi.WifiManager", "getScanResults", "wifi_scan"),
    ("android.app.ActivityManager", "getRunningAppProcesses", "running_apps"),
    ("android.content.ClipboardManager", "getPrimaryClip", "clipboard"),
    ("android.hardware.Camera", "open", "camera"),
    ("android.media.AudioRecord", "startRecording", "microphone"),
    ("android.bluetooth.BluetoothAdapter", "getAddress", "bluetooth_address"),
    ("android.accounts.AccountManager", "getAccounts", "accounts"),
    # differentiators no surveyed tool hooks
    ("com.google.android.gms.ads.identifier.AdvertisingIdClient$Info", "getId", "advertising_id"),
    ("com.bun.miitmdid.supplier.msa.MsaIdSupplier", "getOAID", "oaid"),
    ("com.google.android.gms.appset.AppSetIdInfo", "getId", "app_set_id"),
    ("android.telephony.SubscriptionManager", "getPhoneNumber", "phone_number"),
    ("android.hardware.SensorManager", "registerListener", "sensors"),
    ("android.app.ApplicationPackageManager", "getPackageInfo", "installed_apps"),
    ("android.app.ApplicationPackageManager", "getInstalledPackages", "installed_apps"),
    ("androidx.core.app.ActivityCompat", "requestPermissions", None),
    ("android.app.Activity", "requestPermissions", None),
])
def test_coverage(cat, cls: str, method: str, data_type: str | None) -> None:
    assert _has(cat, cls, method, data_type)


def test_provider_and_special_entries(cat) -> None:
    authorities = {a: e.data_type for e in cat.by_api("android.content.ContentResolver", "query")
                   for a in e.record_filter.authority}
    assert authorities["com.android.contacts"] == "contacts"
    assert authorities["call_log"] == "call_log"
    assert authorities["sms"] == "sms"
    assert authorities["com.android.calendar"] == "calendar"
    assert authorities["media"] == "photos_media"
    assert authorities["com.google.android.gsf.gservices"] == "gsf_id"
    assert authorities["com.vivo.vms.IdProvider"] == "oaid"
    other = cat.get("package_manager.get_package_info_other")
    assert other.record_filter.other_package and not other.record_filter.matches("com.x", ("com.x",))
    assert cat.get("permissions.activity_compat_request").event == "permission_request"
    assert cat.get("lifecycle.activity_on_resume").foreground == "enter"
    snap = cat.get("build.snapshot")
    assert snap.kind == "snapshot" and "MODEL" in snap.snapshot_fields and "SERIAL" in snap.snapshot_fields
    natives = {e.native_symbol for e in cat if e.kind == "native"}
    assert {"open", "openat", "fopen", "__system_property_get", "getifaddrs", "ioctl"} <= natives
    assert not any(e.java_class == "android.content.pm.PackageManager" for e in cat)  # abstract on Android


def test_spec_is_json_ready(cat) -> None:
    spec = cat.to_spec(api_level=33, app_packages=["com.example.probe"])
    ids = {e["id"] for e in spec["entries"]}
    assert "telephony.get_device_id" in ids  # no max_api: a refused call is an attempt worth recording
    assert "activity_manager.get_running_app_processes" not in ids  # own process only since API 22
    assert all(e["group"] for e in spec["entries"])
    assert "subscription_manager.get_phone_number" in ids
    compat = next(e for e in spec["entries"] if e["id"] == "settings.secure_android_id")
    assert compat["overloads"] == [["android.content.ContentResolver", "java.lang.String"]]
    assert frida_type("java.lang.String[]") == "[Ljava.lang.String;"
    assert frida_type("int[][]") == "[[I"
    no_native = cat.to_spec(native=False)["entries"]
    assert all(e["kind"] != "native" for e in no_native)


def test_filter_twin() -> None:
    f = RecordFilter(arg=0, authority=("call_log",), glob=("/sys/class/net/*/address",))
    assert f.matches("content://call_log/calls")
    assert not f.matches("content://call_logx/calls")
    assert f.matches("/sys/class/net/wlan0/address")
    assert not f.matches(None)
    assert uri_authority("content://sms/inbox?limit=1") == "sms"
    assert uri_authority("no uri") is None


GOOD = """\
  - id: t.ok
    class: android.telephony.TelephonyManager
    method: getDeviceId
    data_type: imei
    reasoning: test
"""


@pytest.mark.parametrize(("body", "message"), [
    ("  - id: t.bad\n    class: a.B\n    method: m\n    data_type: imeii\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'data_type': unknown data type 'imeii'"),
    ("  - id: t.bad\n    method: m\n    data_type: imei\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'class': missing (or give 'native' / 'snapshot')"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n    overloads: [int]\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'overloads': signature 'int' is not a list of type names"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n    record_filter: {arg: 0}\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'record_filter': needs one of equals, prefix, glob, authority, interface_token, any_bit or other_package"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n    dat_type: imei\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'dat_type': unknown field (typo?)"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n    event: poke\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'event': unknown event 'poke'"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n    min_api: 30\n    max_api: 20\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'max_api': 20 is below min_api 30"),
    ("  - id: t.bad\n    native: {symbol: open, args: [utf9]}\n    reasoning: r\n",
     "x.yaml: entry 't.bad' (#2): field 'native': unknown argument type 'utf9'"),
    ("  - id: t.bad\n    class: a.B\n    method: m\n",
     "x.yaml: entry 't.bad' (#2): field 'reasoning': missing"),
    ("  - id: t.ok\n    class: a.B\n    method: m\n    reasoning: r\n",
     "x.yaml: entry 't.ok': field 'id': duplicate of x.yaml:2"),
    ("  - id: t.bad\n    class: [a\n", "x.yaml: not valid YAML (line "),
])
def test_malformed_entry_is_one_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("hooks:\n" + GOOD + body, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue([path])
    text = str(err.value).replace(str(tmp_path) + "/", "")
    assert text.startswith(message), text
    assert "\n" not in text


def test_not_a_catalogue(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"x.yaml: expected a mapping with a 'hooks:' list"):
        load_catalogue([path])


def test_entries_on_one_hook_point_share_a_group(tmp_path: Path) -> None:
    f = tmp_path / "g.yaml"
    f.write_text("hooks:\n"
                 "  - {id: a.one, class: a.B, method: m, group: g1, data_type: imei, reasoning: r}\n"
                 "  - {id: a.two, class: a.B, method: m, group: g2, data_type: imei, reasoning: r}\n",
                 encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"entry 'a.two': field 'group': 'g2' differs from 'g1'"):
        load_catalogue([f])


def test_any_bit_filter_twin(cat) -> None:
    listen = cat.get("telephony.listen").record_filter
    assert listen.matches("16") and listen.matches("1024") and listen.matches("1040")
    assert not listen.matches("32") and not listen.matches("x")
    gaid = cat.get("binder.transact_gaid").record_filter
    assert gaid.matches("com.google.android.gms.ads.identifier.internal.IAdvertisingIdService")
    assert not gaid.matches("android.content.IContentProvider")


def test_concrete_from_names_an_unfiltered_java_factory(tmp_path: Path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("hooks:\n"
                 "  - {id: a.f, class: a.F, method: make, data_type: imei, reasoning: r,\n"
                 "     record_filter: {arg: 0, equals: [x]}}\n"
                 "  - {id: a.m, class: a.I, method: m, concrete_from: a.f, data_type: imei, reasoning: r}\n",
                 encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"entry 'a.m': field 'concrete_from': 'a.f' has a record_filter"):
        load_catalogue([f])
    assert load_catalogue().get("fused_location.get_last_location").concrete_from == "fused_location.get_client"
