"""Parsers of adb output, on recorded device output (tests/device/data)."""

from __future__ import annotations

import pytest
from recordings import recorded

from harness.device.adb import (
    parse_badging,
    parse_content_rows,
    parse_devices,
    parse_frida_version,
    parse_getprop,
    parse_parcel_string,
    parse_pidof,
    parse_pm_list_packages,
    parse_resumed_activity,
    parse_runtime_permissions,
    parse_window_focus,
    select_device,
)
from harness.errors import DeviceError


def test_devices_l() -> None:
    devices = parse_devices(recorded("adb_devices_l.txt"))
    assert [(d.serial, d.state) for d in devices] == [("emulator-5554", "device"), ("R58M12ABCDE", "unauthorized")]
    assert devices[0].props["model"] == "sdk_gphone64_x86_64"
    assert devices[0].is_emulator and not devices[1].is_emulator
    two = parse_devices(recorded("adb_devices_l_two.txt"))  # daemon start-up chatter skipped
    assert [d.serial for d in two] == ["emulator-5554", "0A081FDD4002QN"]
    assert two[1].props["model"] == "Pixel_6"
    assert parse_devices(recorded("adb_devices_l_none.txt")) == []


def test_select_device_by_serial_and_errors(adb, replay) -> None:
    replay.on(r"devices -l", recorded("adb_devices_l_two.txt"))
    assert select_device(adb, "0A081FDD4002QN").serial == "0A081FDD4002QN"
    with pytest.raises(DeviceError) as e:
        select_device(adb, None)
    msg = str(e.value)
    assert "several devices" in msg and "emulator-5554" in msg and "0A081FDD4002QN (device, Pixel_6)" in msg
    assert "\n" not in msg
    with pytest.raises(DeviceError, match=r"device nope is not attached \(attached: emulator-5554"):
        select_device(adb, "nope")


def test_select_device_unauthorized_and_none(adb, replay) -> None:
    replay.on(r"devices -l", recorded("adb_devices_l.txt"))
    assert select_device(adb, None).serial == "emulator-5554"  # the unauthorized one is not "ready"
    with pytest.raises(DeviceError, match="R58M12ABCDE is unauthorized .*USB debugging"):
        select_device(adb, "R58M12ABCDE")
    replay.on(r"devices -l", recorded("adb_devices_l_none.txt"))
    with pytest.raises(DeviceError, match="no Android device attached .*--device jvm"):
        select_device(adb, None)


def test_getprop() -> None:
    props = parse_getprop(recorded("getprop_emulator_api33.txt"))
    assert props["ro.build.version.sdk"] == "33"
    assert props["ro.product.cpu.abi"] == "x86_64"
    assert props["ro.build.fingerprint"].startswith("google/sdk_gphone64_x86_64/emu64xa:13/")
    assert props["bluetooth.device.class_of_device"] == "90,2,12"
    assert len(props) == 34


def test_window_focus_and_resumed_activity() -> None:
    assert parse_window_focus(recorded("dumpsys_window_dialog.txt")) == \
        ("com.example.news", "com.example.news.SplashActivity")
    assert parse_window_focus(recorded("dumpsys_window_launcher.txt"))[0] == "com.google.android.apps.nexuslauncher"
    assert parse_window_focus(recorded("dumpsys_window_shade.txt")) == (None, "NotificationShade")
    assert parse_resumed_activity(recorded("dumpsys_activity_activities.txt")) == \
        ("com.example.news", "com.example.news.SplashActivity")
    assert parse_resumed_activity("nothing here") == (None, None)


def test_pm_list_and_pidof_and_versions() -> None:
    pkgs = parse_pm_list_packages(recorded("pm_list_packages.txt"))
    assert "com.example.news" in pkgs and len(pkgs) == 6
    assert parse_pm_list_packages(recorded("pm_list_packages_f.txt")) == ["com.example.news", "com.android.systemui"]
    assert parse_pidof("12345\n") == [12345]
    assert parse_pidof("") == []
    assert parse_frida_version(recorded("frida_server_version.txt")) == "17.25.2"
    assert parse_frida_version(recorded("frida_server_version_old.txt")) == "16.1.4"
    assert parse_frida_version("sh: frida-server: not found") is None


def test_runtime_permissions() -> None:
    perms = parse_runtime_permissions(recorded("dumpsys_package_runtime_permissions.txt"))
    assert perms == {"android.permission.ACCESS_FINE_LOCATION": False,
                     "android.permission.READ_PHONE_STATE": True,
                     "android.permission.CAMERA": False}


def test_parcel_string() -> None:
    assert parse_parcel_string(recorded("service_call_iphonesubinfo_imei.txt")) == "358240051111110"
    assert parse_parcel_string(recorded("service_call_iphonesubinfo_denied.txt")) is None  # exception status
    assert parse_parcel_string("Result: Parcel(00000000 ffffffff   '........')") is None


def test_content_rows_and_badging() -> None:
    assert [r["_id"] for r in parse_content_rows(recorded("content_query_raw_contacts.txt"))] == ["7", "6", "1"]
    rows = parse_content_rows("Row: 0 _id=3, display_name=Li, Lei, number=+86 138")
    assert rows == [{"_id": "3", "display_name": "Li, Lei", "number": "+86 138"}]
    info = parse_badging("package: name='com.example.news' versionCode='42' versionName='4.2.0'\n"
                         "uses-permission: name='android.permission.CAMERA'\n"
                         "application-label:'News'\nlaunchable-activity: name='com.example.news.Splash'  label=''\n")
    assert info["package"] == "com.example.news" and info["permissions"] == ["android.permission.CAMERA"]
    assert info["launchable_activity"] == "com.example.news.Splash"
