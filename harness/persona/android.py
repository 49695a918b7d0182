"""What of a persona can be applied to a real Android device over adb, and what cannot.

Applied (each undone by the restorer): the location on an emulator (`adb emu geo fix`), the app's
locale (`cmd locale set-app-locales`, API 33+), Wi-Fi versus mobile data (`svc wifi`), and "new
user" as cleared app data. Not applied, and said so in the run's notes: device model and OS
version (system properties the app reads; changing them would need hooks that change what the app
sees, and hooks here only observe), the installed-app set, and account attributes (they come from
the account the tester signs in with).
"""

from __future__ import annotations

from typing import Any

from harness.device.restore import Restorer
from harness.persona.model import Persona

NOT_APPLIED = {
    "device.model": "a system property the app reads (ro.product.model): not changed, hooks only observe",
    "device.brand": "a system property (ro.product.brand): not changed, hooks only observe",
    "device.manufacturer": "a system property (ro.product.manufacturer): not changed, hooks only observe",
    "device.os_version": "the device's Android release: pick a device or emulator image of that version",
    "device.sdk_int": "the device's API level: pick a device or emulator image of that level",
    "installed_apps": "the device's installed apps are left as they are",
    "network.carrier": "the SIM's carrier cannot be changed over adb",
    "account.member": "comes from the account signed in to the app",
    "account.age_days": "comes from the account signed in to the app",
    "account.user_id": "comes from the account signed in to the app",
    "age": "the stated age is entered in the app's age gate by the scenario or the tester",
}


def apply_to_android(adb: Any, serial: str, package: str, persona: Persona, restorer: Restorer) -> list[str]:
    """Apply what adb can; returns one note per attribute saying applied or why not."""
    notes: list[str] = []
    attrs = persona.attributes
    if "location.lat" in attrs:
        lat, lon = attrs["location.lat"], attrs["location.lon"]
        if serial.startswith("emulator-"):
            adb.run("emu", "geo", "fix", str(lon), str(lat))  # the console takes longitude first
            notes.append(f"persona location {lat},{lon}: applied (emulator geo fix)")
        else:
            notes.append("persona location: not applied (a real device's GPS cannot be set over adb; "
                         "use a mock-location app)")
    if "locale" in attrs:
        adb.shell("cmd", "locale", "set-app-locales", package, "--locales", str(attrs["locale"]), check=False)
        restorer.push(f"app locale of {package} reset",
                      lambda: adb.shell("cmd", "locale", "set-app-locales", package, "--locales", "", check=False))
        notes.append(f"persona locale {attrs['locale']}: applied to the app (cmd locale, API 33+)")
    network = attrs.get("network.type")
    if network in ("wifi", "mobile"):
        adb.shell("svc", "wifi", "enable" if network == "wifi" else "disable", check=False)
        if network == "mobile":
            adb.shell("svc", "data", "enable", check=False)
            restorer.push("Wi-Fi re-enabled", lambda: adb.shell("svc", "wifi", "enable", check=False))
        notes.append(f"persona network {network}: applied (svc)")
    if attrs.get("account.returning") is False:
        adb.shell("pm", "clear", package, check=False)
        notes.append("persona new user: app data cleared before the run")
    for key in sorted(attrs):
        if key in NOT_APPLIED:
            notes.append(f"persona {key}: not applied on Android ({NOT_APPLIED[key]})")
    return notes
