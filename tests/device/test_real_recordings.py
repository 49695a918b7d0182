"""The adb parsers on outputs printed by real devices, copied from public sources.

Every file under tests/device/data/real/ is a recording someone made on a real phone or emulator
and published (repository file or issue paste); tests/device/data/README.md ("Real recordings")
names the source of each and says which ones are excerpts.
"""

from __future__ import annotations

import re

import pytest
from recordings import DATA

from harness.device.adb import (
    parse_devices,
    parse_getprop,
    parse_resumed_activity,
    parse_window_focus,
    select_device,
)
from harness.device.android import BUILD_PROPS, AndroidDevice
from harness.device.frida_server import ABI_TO_ARCH, acquire_root, server_file_name
from harness.device.interface import AppState, AppTarget
from harness.errors import DeviceError

REAL = DATA / "real"


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


# ---- adb devices -------------------------------------------------------------------------------

def test_devices_l_usb_phone_xiaomi() -> None:
    # Windows host: no usb: field, transport_id present.
    [dev] = parse_devices(real("adb_devices_l_xiaomi_mi11lite.txt"))
    assert (dev.serial, dev.state) == ("6563c026", "device")
    assert dev.props == {"product": "courbet_tr", "model": "M2101K9AG", "device": "courbet", "transport_id": "5"}
    assert not dev.is_emulator
    assert dev.describe() == "6563c026 (device, M2101K9AG)"


def test_select_the_only_real_device(adb, replay) -> None:
    replay.on(r"devices -l", real("adb_devices_l_xiaomi_mi11lite.txt"))
    assert select_device(adb, None).serial == "6563c026"
    assert replay.calls == [(None, "devices -l")]


def test_devices_wireless_debugging_serial_and_emulator(adb, replay) -> None:
    # Android 11+ wireless debugging: the serial is an mDNS service name with dots; tab separated.
    devices = parse_devices(real("adb_devices_wireless_tls_and_emulator.txt"))
    tls = "adb-33311HFDD8N2PQ-a4QqY3._adb-tls-connect._tcp"
    assert [(d.serial, d.state) for d in devices] == [(tls, "device"), ("emulator-5554", "device")]
    assert [d.is_emulator for d in devices] == [False, True]
    assert all(d.props == {} for d in devices)  # plain `adb devices`: no -l fields
    replay.on(r"devices -l", real("adb_devices_wireless_tls_and_emulator.txt"))
    with pytest.raises(DeviceError, match="several devices attached") as e:
        select_device(adb, None)
    assert tls in str(e.value) and "\n" not in str(e.value)
    assert select_device(adb, tls).serial == tls


def test_devices_after_daemon_start_on_windows() -> None:
    # The two "* daemon ..." lines adb prints when it had to start the server are not devices.
    assert [(d.serial, d.state) for d in parse_devices(real("adb_devices_daemon_start_windows.txt"))] == \
        [("DEFNW18B29003825", "device")]


# ---- getprop -----------------------------------------------------------------------------------

def test_getprop_real_user_build_motorola() -> None:
    props = parse_getprop(real("getprop_motorola_edge20_excerpt.txt"))
    assert props["ro.product.model"] == "motorola edge 20"
    assert props["ro.product.manufacturer"] == props["ro.product.brand"] == "motorola"
    assert props["ro.build.version.sdk"] == "33" and props["ro.build.version.release"] == "13"
    assert props["ro.build.type"] == "user"
    assert props["ro.build.fingerprint"] == \
        "motorola/berlin_global/berlin:13/T1RGS33.135-109-9-1/cd9ba-7b59ee:user/release-keys"
    assert props["ro.product.cpu.abi"] == "arm64-v8a"
    assert props["ro.serialno"] == props["ro.boot.serialno"] == "0074732151"
    assert props["ro.hwui.use_vulkan"] == ""  # empty values are kept
    assert props["ro.build.version.known_codenames"].endswith(",Sv2,Tiramisu")
    assert "ro.kernel.qemu" not in props  # a phone: only ro.kernel.qemu.gles
    assert ABI_TO_ARCH[props["ro.product.cpu.abi"]] == "arm64"
    assert server_file_name("17.25.2", ABI_TO_ARCH[props["ro.product.cpu.abi"]]) == \
        "frida-server-17.25.2-android-arm64"


def test_getprop_multi_line_value_keeps_its_first_line() -> None:
    """persist.sys.boot.reason.history spans four lines on this phone; it used to vanish."""
    text = real("getprop_motorola_edge20_excerpt.txt")
    props = parse_getprop(text)
    assert props["persist.sys.boot.reason.history"] == "reboot,hardware_reset,1728776411"
    assert props["persist.sys.bootupvolume"] == "0"  # the line after the value still parses
    assert not any(k.startswith("reboot") for k in props)  # continuation lines are not keys
    # Every property line of the file is accounted for: 92 lines, 3 of them continuations.
    starts = [line for line in text.splitlines() if re.match(r"^\[[^\]]+\]: \[", line)]
    assert len(props) == len(starts) == 89


def test_getprop_replayed_and_build_profile(adb, replay) -> None:
    serial = "0074732151"
    replay.on(r"shell getprop", real("getprop_motorola_edge20_excerpt.txt"))
    dev = AndroidDevice(serial, adb=adb)
    dev.props = dev.adb.getprop()
    assert replay.calls[-1] == (serial, "shell getprop")
    prof = dev.profile()  # the shell reads answer empty: no android_id, MAC or IMEI from this replay
    assert prof.build == {k: dev.props[k] for k in BUILD_PROPS if k != "ro.kernel.qemu"}
    values = {(k.data_type, k.value) for k in prof.known_values}
    assert ("serial_number", "0074732151") in values
    assert ("device_info", dev.props["ro.build.fingerprint"]) in values
    assert dev.describe()["model"] == "motorola edge 20" and dev.describe()["sdk"] == "33"


def test_user_build_phone_is_not_rooted_via_adb_root(adb, replay) -> None:
    """ro.build.type=user and a USB serial: no `adb root`, straight to `su` (absent here)."""
    props = parse_getprop(real("getprop_motorola_edge20_excerpt.txt"))
    with pytest.raises(DeviceError, match="0074732151: no root"):
        acquire_root(adb.for_serial("0074732151"), props)
    assert [c for _, c in replay.calls] == ["shell su -c 'id -u'"]


# ---- dumpsys window / activity ----------------------------------------------------------------

def test_window_focus_app_activity_google_photos() -> None:
    assert parse_window_focus(real("dumpsys_window_focus_google_photos.txt")) == \
        ("com.google.android.apps.photos", "com.google.android.apps.photos.home.HomeActivity")


def test_window_focus_follows_mcurrentfocus_not_mfocusedapp() -> None:
    # Android 4.x car head unit: the launcher window has focus while mFocusedApp still names another app.
    assert parse_window_focus(real("dumpsys_window_windows_car_launcher.txt")) == \
        ("com.incall.apps.launcher", "com.incall.apps.launcher.Launcher")


def test_window_focus_null_and_app_window_without_activity() -> None:
    assert parse_window_focus(real("dumpsys_window_focus_null.txt")) == (None, None)
    # A window of the app that is not an activity (dialog/popup): package only.
    assert parse_window_focus(real("dumpsys_window_focus_app_dialog.txt")) == \
        ("com.lookout.enterprise", "com.lookout.enterprise")


def test_resumed_activity_android13_mediatek() -> None:
    text = real("dumpsys_activity_activities_mediatek_excerpt.txt")
    # "mLastPausedActivity:" and "Resumed:" come first; the parser takes "ResumedActivity:".
    assert parse_resumed_activity(text) == ("com.mediatek.camera", "com.mediatek.camera.CameraLauncher")
    # The same dump names the lock-screen shade as the focused window.
    assert parse_window_focus(text) == (None, "NotificationShade")


def test_state_on_real_focus_outputs(adb, replay) -> None:
    photos = AppTarget("com.google.android.apps.photos")
    dev = AndroidDevice("emulator-5554", adb=adb)
    replay.on(r"shell pidof com.google.android.apps.photos", "20834\n")
    replay.on(r"shell dumpsys window", real("dumpsys_window_focus_google_photos.txt"))
    assert dev.state(photos) is AppState.FOREGROUND
    replay.on(r"shell dumpsys window", real("dumpsys_window_windows_car_launcher.txt"))
    assert dev.state(photos) is AppState.BACKGROUND
    replay.on(r"shell dumpsys window", real("dumpsys_window_focus_null.txt"))
    replay.on(r"shell dumpsys activity activities", real("dumpsys_activity_activities_mediatek_excerpt.txt"))
    assert dev.state(photos) is AppState.BACKGROUND  # the resumed activity is the camera
    replay.on(r"shell dumpsys activity activities", "")
    assert dev.state(photos) is AppState.UNKNOWN


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.txt")))
def test_real_text_recordings_are_not_empty(name: str) -> None:
    assert real(name).strip()

