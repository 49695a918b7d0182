"""An Android device or emulator over adb and frida-server.

Each change to the device registers its undo with the run's Restorer right after it
succeeds: proxy setting, adb reverse, system CA, frida-server, installed app, canaries.
Apps are spawned suspended under Frida, the agent is loaded and initialised, then the
app is resumed, so SDK initialisation in Application/ContentProvider.onCreate is seen.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import time
from pathlib import Path
from typing import Any

from harness.device import system_ca
from harness.device.adb import (
    Adb,
    AdbDevice,
    parse_content_rows,
    parse_parcel_string,
    parse_pidof,
    parse_resumed_activity,
    parse_runtime_permissions,
    parse_window_focus,
    select_device,
    staged_apks,
)
from harness.device.frida_server import ensure_server
from harness.device.interface import AppState, AppTarget, AttachAgent, Canaries, DeviceProfile, KnownValue
from harness.device.restore import Restorer
from harness.device.uiautomator import UiDump, UiNode, parse_dump
from harness.errors import DeviceError

UI_DUMP_PATH = "/sdcard/aph_window_dump.xml"
UI_DUMP_RETRY_SECONDS = 0.5
BUILD_PROPS = ("ro.product.manufacturer", "ro.product.brand", "ro.product.model", "ro.product.device",
               "ro.build.fingerprint", "ro.build.version.release", "ro.build.version.sdk", "ro.build.type",
               "ro.product.cpu.abi", "ro.kernel.qemu")
# `service call iphonesubinfo N`: transaction codes differ by release; tried in order, result validated.
IPHONESUBINFO_IMEI = (1, 4)
IPHONESUBINFO_LINE1 = (15, 12, 13)
_IMEI = re.compile(r"^\d{14,16}$")
_PHONE = re.compile(r"^\+?\d{5,15}$")
_MAC = re.compile(r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")


def ca_subject_hash_old(pem: bytes) -> str:
    """OpenSSL's subject_hash_old of a certificate: the file name Android's system CA store expects."""
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem)
    digest = hashlib.md5(cert.subject.public_bytes()).digest()  # noqa: S324 - OpenSSL's file naming
    return f"{int.from_bytes(digest[:4], 'little'):08x}"


class AndroidDevice:
    """The Device verbs over adb (see harness.device.interface.Device)."""

    kind = "android"

    def __init__(self, serial: str | None = None, *, adb: Adb | None = None, keep: bool = False,
                 frida_server: Path | None = None, system_ca: bool = False, avd: str | None = None,
                 frida_device: Any = None) -> None:
        self._adb_base = adb or Adb()
        self._want_serial = serial
        self.avd = avd
        self.keep = keep
        self.frida_server_path = frida_server
        self.system_ca = system_ca
        self.adb: Adb = self._adb_base.for_serial(serial) if serial else self._adb_base
        self.name = serial or (f"avd:{avd}" if avd else "android")
        self.props: dict[str, str] = {}
        self.info: AdbDevice | None = None
        self.server: dict[str, object] = {}
        self.restorer: Restorer | None = None
        self._frida_device = frida_device
        self._installed: set[str] = set()
        self.notes: list[str] = []
        """Things the run should say about this device (written to run.json notes by the conductor)."""

    # ---- setup -----------------------------------------------------------------------------
    def prepare(self, restorer: Restorer) -> None:
        self.restorer = restorer
        serial = self._want_serial
        if self.avd:
            from harness.device.emulator import boot_avd

            serial = boot_avd(self.avd, self._adb_base, restorer)
        self.info = select_device(self._adb_base, serial)
        self.name = self.info.serial
        self.adb = self._adb_base.for_serial(self.info.serial)
        self.props = self.adb.getprop()
        self.server = ensure_server(self.adb, self.props, restorer, user_path=self.frida_server_path)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "serial": self.name,
                "model": self.props.get("ro.product.model"), "sdk": self.props.get("ro.build.version.sdk"),
                "release": self.props.get("ro.build.version.release"), "frida_server": self.server}

    def frida(self) -> Any:
        if self._frida_device is None:
            import frida

            try:
                self._frida_device = frida.get_device(self.name, timeout=10)
            except (frida.InvalidArgumentError, frida.TimedOutError) as e:
                raise DeviceError(f"frida cannot reach {self.name}: {e}") from e
        return self._frida_device

    def _undo(self, name: str, fn: Any) -> None:
        if self.restorer is not None:
            self.restorer.push(name, fn)

    def _journal(self, name: str, *args: str, shell: bool = False) -> None:
        """Journal on disk, before the change, the adb command that undoes it (harness.device.journal)."""
        if self.restorer is not None:
            self.restorer.expect(name, {"adb": self.name, "args": ["shell", shlex.join(args)] if shell else list(args)})

    # ---- profile and canaries -------------------------------------------------------------
    def profile(self) -> DeviceProfile:
        prof = DeviceProfile(device={"serial": self.name},
                             build={k: self.props.get(k) for k in BUILD_PROPS if k in self.props})
        values: list[KnownValue] = []

        def add(data_type: str, value: str | None, detail: str) -> None:
            if value:
                values.append(KnownValue(data_type, value, "device_profile", detail))
                prof.device[detail] = value

        android_id = self.adb.shell("settings", "get", "secure", "android_id", check=False).strip()
        add("android_id", android_id if re.fullmatch(r"[0-9a-f]{8,16}", android_id) else None, "android_id")
        serial = self.props.get("ro.serialno") or self.props.get("ro.boot.serialno")
        add("serial_number", serial if serial and serial != "unknown" else None, "serial")
        mac = self.adb.shell("cat", "/sys/class/net/wlan0/address", check=False).strip().lower()
        add("mac_address", mac if _MAC.match(mac) else None, "wifi_mac")
        add("imei", self._iphonesubinfo(IPHONESUBINFO_IMEI, _IMEI), "imei")
        add("phone_number", self._iphonesubinfo(IPHONESUBINFO_LINE1, _PHONE), "phone_number")
        fingerprint = self.props.get("ro.build.fingerprint")
        if fingerprint:
            values.append(KnownValue("device_info", fingerprint, "device_profile", "build_fingerprint"))
        missing = [k for k in ("android_id", "imei", "phone_number", "wifi_mac") if k not in prof.device]
        if missing:
            prof.notes.append(f"not readable from the shell on {self.name}: {', '.join(missing)} "
                              "(the hooks still record what the app reads)")
        prof.known_values = values
        return prof

    def _iphonesubinfo(self, codes: tuple[int, ...], valid: re.Pattern[str]) -> str | None:
        for code in codes:
            out = self.adb.shell("service", "call", "iphonesubinfo", str(code), "s16", "com.android.shell",
                                 check=False)
            value = parse_parcel_string(out)
            if value and valid.match(value.strip()):
                return value.strip()
        return None

    def plant_canaries(self, tag: str) -> list[KnownValue]:
        """A contact, a location fix (emulators) and a device name, each unique to this run."""
        c = Canaries.from_tag(tag)
        planted: list[KnownValue] = []
        if self._insert_contact(c.contact_name, c.phone_number):
            planted += [KnownValue("contacts", c.contact_name, "canary", "contact name"),
                        KnownValue("contacts", c.phone_number, "canary", "contact number")]
        if self.info is not None and self.info.is_emulator:
            # The console takes longitude first.
            self.adb.cmd("emu", "geo", "fix", f"{c.lng:.5f}", f"{c.lat:.5f}", check=False)
            planted.append(KnownValue("location", f"{c.lat:.5f},{c.lng:.5f}", "canary", "geo fix"))
        old = self.adb.shell("settings", "get", "global", "device_name", check=False).strip()
        device_name = c.device_name
        self._journal("device name restored", "settings", "put", "global", "device_name", old or "Android", shell=True)
        self.adb.shell("settings", "put", "global", "device_name", device_name)
        self._undo("device name restored",
                   lambda: self.adb.shell("settings", "put", "global", "device_name", old or "Android", check=False))
        planted.append(KnownValue("device_name", device_name, "canary", "device name"))
        self.notes.append("clipboard canary not planted: Android has no shell command to set the clipboard "
                          "without a helper app (clipboard reads are still recorded by the hooks)")
        if self.info is None or not self.info.is_emulator:
            self.notes.append("location canary not planted: `adb emu geo fix` works on emulators only")
        return planted

    def _insert_contact(self, name: str, number: str) -> bool:
        adb = self.adb
        adb.shell("content", "insert", "--uri", "content://com.android.contacts/raw_contacts",
                  "--bind", "account_type:n:", "--bind", "account_name:n:", check=False)
        rows = parse_content_rows(adb.shell("content", "query", "--uri", "content://com.android.contacts/raw_contacts",
                                            "--projection", "_id", "--sort", "_id DESC", check=False))
        if not rows or not rows[0].get("_id", "").isdigit():
            return False
        raw_id = rows[0]["_id"]
        # Journalled once the id is known and before the name and number go in: a run killed in
        # between leaves at most an empty raw contact, never the canary's values.
        self._journal("canary contact deleted", "content", "delete", "--uri",
                      "content://com.android.contacts/raw_contacts", "--where", f"_id={raw_id}", shell=True)
        self._undo("canary contact deleted", lambda: adb.shell(
            "content", "delete", "--uri", "content://com.android.contacts/raw_contacts",
            "--where", f"_id={raw_id}", check=False))
        for mime, col, value in (("vnd.android.cursor.item/name", "data1", name),
                                 ("vnd.android.cursor.item/phone_v2", "data1", number)):
            adb.shell("content", "insert", "--uri", "content://com.android.contacts/data",
                      "--bind", f"raw_contact_id:i:{raw_id}", "--bind", f"mimetype:s:{mime}",
                      "--bind", f"{col}:s:{value}", check=False)
        return True

    # ---- proxy and CA -------------------------------------------------------------------------
    def set_proxy(self, host: str, port: int, ca_pem: Path) -> None:
        adb = self.adb
        self._journal("adb reverse removed", "reverse", "--remove", f"tcp:{port}")
        adb.cmd("reverse", f"tcp:{port}", f"tcp:{port}")
        self._undo("adb reverse removed", lambda: adb.cmd("reverse", "--remove", f"tcp:{port}", check=False))
        self._journal("proxy setting cleared", "settings", "delete", "global", "http_proxy", shell=True)
        adb.shell("settings", "put", "global", "http_proxy", f"127.0.0.1:{port}")
        self._undo("proxy setting cleared", self._clear_proxy)
        if self.system_ca:
            self._install_system_ca(ca_pem)

    def _clear_proxy(self) -> None:
        # ":0" is what the Settings app writes for "no proxy"; delete removes the key afterwards.
        self.adb.shell("settings", "put", "global", "http_proxy", ":0", check=False)
        self.adb.shell("settings", "delete", "global", "http_proxy", check=False)

    def _install_system_ca(self, ca_pem: Path) -> None:
        """The CA in the system store for this run (harness.device.system_ca): the Conscrypt APEX
        folder on API 34+, /system/etc/security/cacerts below, as a tmpfs in the shell's, the
        zygotes' and the running apps' mount namespaces; undone by unmounting each."""
        api = int(self.props.get("ro.build.version.sdk") or 0)
        target = system_ca.store_path(api)
        name = f"{ca_subject_hash_old(ca_pem.read_bytes())}.0"
        remote = f"/data/local/tmp/aph-ca-{name}"
        zygotes = system_ca.parse_pids(self.adb.shell("pidof", "zygote", "zygote64", check=False))
        if not zygotes:
            raise DeviceError(f"{self.name}: no zygote process found (pidof zygote zygote64): cannot reach the "
                              "apps' mount namespaces - drop --system-ca to rely on the in-app trust hooks")
        apps = system_ca.children_of(self.adb.shell("ps", "-A", check=False), set(zygotes))
        namespaces = [system_ca.SHELL, *map(str, zygotes), *map(str, apps)]
        self._journal(f"system CA unmounted from {target}", "sh", "-c",
                      system_ca.uninstall_script(target, remote, namespaces), shell=True)
        self.adb.cmd("push", str(ca_pem), remote)
        out = self.adb.shell("sh", "-c", system_ca.install_script(target, remote, name, namespaces), timeout=120)
        result = system_ca.parse_result(out)
        mounted = result.done

        def undo() -> None:
            res = system_ca.parse_result(self.adb.shell(
                "sh", "-c", system_ca.uninstall_script(target, remote, mounted), timeout=120, check=False))
            if res.failed:
                raise DeviceError(f"{self.name}: {target} still mounted in {len(res.failed)} namespace(s): "
                                  + "; ".join(f"{ns}: {why}" for ns, why in list(res.failed.items())[:3]))

        self._undo(f"system CA unmounted from {target}", undo)
        missing = [ns for ns in [system_ca.SHELL, *map(str, zygotes)] if ns not in mounted]
        if missing:
            why = "; ".join(f"{ns}: {result.failed.get(ns, 'no answer')}" for ns in missing[:3])
            raise DeviceError(f"{self.name}: could not mount the CA over {target} ({why}) - needs root "
                              "(adb root on a userdebug/google_apis image); drop --system-ca otherwise")
        if name not in self.adb.shell("ls", target, check=False).split():
            raise DeviceError(f"{self.name}: {target}/{name} is not visible after the mount")
        skipped = [ns for ns in map(str, apps) if ns not in mounted]
        if skipped:
            self.notes.append(f"--system-ca: {len(skipped)} running app(s) kept the old store "
                              f"(they ended or refused nsenter); apps started from now on see the CA")

    # ---- app lifecycle ---------------------------------------------------------------------------
    def install(self, app: AppTarget) -> None:
        if not app.apks:
            raise DeviceError(f"{app.package}: nothing to install (no APK given)")
        if not self.keep:
            self._journal(f"app {app.package} uninstalled", "uninstall", app.package)
        with staged_apks(app.apks) as paths:
            if len(paths) == 1:
                self.adb.cmd("install", "-r", paths[0], timeout=300)
            else:
                self.adb.cmd("install-multiple", "-r", *paths, timeout=300)
        self._installed.add(app.package)
        if self.keep:
            return
        self._undo(f"app {app.package} uninstalled",
                   lambda: self.adb.cmd("uninstall", app.package, check=False, timeout=60))

    def clear_data(self, app: AppTarget) -> None:
        out = self.adb.shell("pm", "clear", app.package, check=False).strip()
        if out and "Success" not in out:
            raise DeviceError(f"pm clear {app.package} on {self.name}: {out.splitlines()[0]}")

    def runtime_permissions(self, app: AppTarget) -> dict[str, bool]:
        return parse_runtime_permissions(self.adb.shell("dumpsys", "package", app.package, check=False))

    def grant(self, app: AppTarget, permission: str) -> bool:
        out = self.adb.shell("pm", "grant", app.package, permission, check=False)
        return "Exception" not in out and "Error" not in out

    def revoke(self, app: AppTarget, permission: str) -> bool:
        out = self.adb.shell("pm", "revoke", app.package, permission, check=False)
        return "Exception" not in out and "Error" not in out

    def launch(self, app: AppTarget, attach: AttachAgent | None) -> int:
        """Spawn suspended, attach and initialise the agent, then resume (the loader's one spawn path)."""
        from harness.agent.loader import spawn_attached

        return spawn_attached(self.frida(), [app.package], f"{app.package} on {self.name}",
                              attach or (lambda session, pid: None))

    def stop(self, app: AppTarget) -> None:
        self.adb.shell("am", "force-stop", app.package, check=False)

    def pid(self, app: AppTarget) -> int | None:
        pids = parse_pidof(self.adb.shell("pidof", app.package, check=False))
        return pids[0] if pids else None

    def state(self, app: AppTarget) -> AppState:
        if self.pid(app) is None:
            return AppState.NOT_RUNNING
        pkg, _ = parse_window_focus(self.adb.shell("dumpsys", "window", check=False))
        if pkg is None:
            pkg, _ = parse_resumed_activity(self.adb.shell("dumpsys", "activity", "activities", check=False))
        if pkg is None:
            return AppState.UNKNOWN
        return AppState.FOREGROUND if pkg == app.package else AppState.BACKGROUND

    # ---- screen -------------------------------------------------------------------------------
    def ui_dump(self, attempts: int = 3) -> UiDump:
        """`uiautomator dump`; it fails now and then ("could not get idle state" while animating): retried."""
        for attempt in range(attempts):
            out = self.adb.shell("uiautomator", "dump", UI_DUMP_PATH, timeout=30, check=False)
            if "dumped to" in out.lower() or attempt == attempts - 1:
                break
            time.sleep(UI_DUMP_RETRY_SECONDS)
        return parse_dump(self.adb.exec_out("cat", UI_DUMP_PATH).decode("utf-8", "replace"))

    def screenshot(self, path: Path) -> Path | None:
        data = self.adb.exec_out("screencap", "-p", timeout=30)
        if not data.startswith(b"\x89PNG"):
            return None
        path = path.with_suffix(".png")
        path.write_bytes(data)
        return path

    def tap(self, node: UiNode) -> None:
        x, y = node.center
        self.adb.shell("input", "tap", str(x), str(y))

    def home(self) -> None:
        self.adb.shell("input", "keyevent", "KEYCODE_HOME")

    def resume(self, app: AppTarget) -> None:
        self.adb.shell("monkey", "-p", app.package, "-c", "android.intent.category.LAUNCHER", "1", check=False)

    def back(self) -> None:
        self.adb.shell("input", "keyevent", "KEYCODE_BACK")

    def scroll(self, node: UiNode) -> None:
        """Swipe up inside a scrollable view, from 80% to 20% of its height (one page)."""
        x1, y1, x2, y2 = node.bounds
        x, h = (x1 + x2) // 2, y2 - y1
        self.adb.shell("input", "swipe", str(x), str(y1 + h * 4 // 5), str(x), str(y1 + h // 5), "300")

    def input_text(self, node: UiNode, text: str) -> None:
        """Focus the field and type ASCII text (`input text` cannot type CJK; canaries are ASCII)."""
        self.tap(node)
        self.adb.shell("input", "text", text.replace(" ", "%s"))

    def current_activity(self) -> tuple[str | None, str | None]:
        """(package, activity) of the focused window, from `dumpsys window` (activities as fallback)."""
        pkg, window = parse_window_focus(self.adb.shell("dumpsys", "window", check=False))
        if pkg is None:
            pkg, window = parse_resumed_activity(self.adb.shell("dumpsys", "activity", "activities", check=False))
        return pkg, window

    def monkey(self, app: AppTarget, events: int, seed: int) -> str:
        """Bounded, seeded exploration; system keys off so it cannot leave the app for long."""
        out = self.adb.shell("monkey", "-p", app.package, "-s", str(seed), "--throttle", "200",
                             "--pct-syskeys", "0", "--pct-appswitch", "0", str(events),
                             timeout=60 + events * 0.5, check=False)
        return "crashed" if "// CRASH" in out else ("aborted" if "Monkey aborted" in out else "ok")

    def user_action(self, name: str, arg: str = "") -> str:
        raise DeviceError(f"user action {name!r} is only scripted on the JVM stand-in")
