"""The JVM stand-in device: the probe app on the host's JVM, driven over its control channel.

The same verbs as an Android device: "spawn suspended" is launching the probe, which waits
for `start` (so the agent is attached before Application.onCreate runs); the proxy is the
JVM's -Dhttp(s).proxyHost/Port plus a truststore holding the run's CA; taps, home and
resume go over the control channel; process state comes from the OS (is the pid alive).
The probe has no screen: a step's "screenshot" is the `ui` XML dump it showed (screens/*.xml).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harness.device.adb import subprocess_runner
from harness.device.interface import AppState, AppTarget, AttachAgent, Canaries, DeviceProfile, KnownValue
from harness.device.journal import kill_undo
from harness.device.restore import Restorer
from harness.device.uiautomator import UiDump, UiNode, parse_dump
from harness.errors import DeviceError
from harness.persona.model import Persona

PROBE_PACKAGE = "com.example.probe"
EXIT_GRACE = 2.0
"""Seconds to wait for a probe whose control channel closed to finish exiting."""
EMPTY_SCREEN = '<hierarchy rotation="0"></hierarchy>'
_STATE = {"consent_dialog": AppState.FOREGROUND, "main": AppState.FOREGROUND,
          "background": AppState.BACKGROUND, "exited": AppState.NOT_RUNNING,
          "not_started": AppState.FOREGROUND}


def probe_target() -> AppTarget:
    return AppTarget(package=PROBE_PACKAGE, name="Probe (JVM stand-in)")


class JvmDevice:
    """Device verbs over harness.probe.ProbeProcess (see harness.device.interface.Device)."""

    kind = "jvm"
    name = "jvm"

    def __init__(self, *, lang: str = "zh", poll_interval_ms: int = 2000, work_dir: Path | None = None,
                 persona: Persona | None = None, youth: str = "compliant", variant: str = "") -> None:
        self.lang = lang
        self.variant = variant
        """The probe's seeded user-rights flaw (`--variant`, ui/Variant.java); "" is the clean probe."""
        self.persona = persona
        self.youth = youth
        """The probe's youth-mode behaviour for a child persona: "compliant" or "leaky" (see Persona.java)."""
        self.poll_interval_ms = poll_interval_ms
        self.work_dir = work_dir
        self.classpath: Path | None = None
        self.proxy: tuple[str, int] | None = None
        self.truststore: Path | None = None
        self.canaries: list[tuple[str, str]] = []
        self.proc: Any = None
        self.restorer: Restorer | None = None
        self._last_xml = ""
        self._screens = 0

    # ---- setup ------------------------------------------------------------------------------
    def prepare(self, restorer: Restorer) -> None:
        from harness.probe import build_probe

        self.restorer = restorer
        self.classpath = build_probe()

    def describe(self) -> dict[str, Any]:
        import platform

        out = {"kind": self.kind, "serial": "jvm", "java": _java_version(), "os": platform.platform(),
               "lang": self.lang, "variant": self.variant or "clean", "note": "JVM stand-in: the probe app with Android-named stand-in classes"}
        if self.persona is not None:
            out["persona"] = {"name": self.persona.name, "applied": sorted(self.persona.attributes),
                              "youth": self.youth}
        return out

    def _launch_probe(self, *, with_proxy: bool) -> Any:
        from harness.probe import ProbeProcess

        if self.classpath is None:
            raise DeviceError("JVM device used before prepare()")
        proc = ProbeProcess.launch(self.classpath, proxy=self.proxy if with_proxy else None,
                                   truststore=self.truststore if with_proxy else None,
                                   lang=self.lang, poll_interval_ms=self.poll_interval_ms,
                                   jvm_args=persona_jvm_args(self.persona), extra_args=("--youth", self.youth)
                                   + (("--variant", self.variant) if self.variant else ()))
        if self.restorer is not None:
            self.restorer.expect(f"probe pid {proc.pid} ended", kill_undo(proc.pid))
            self.restorer.push(f"probe pid {proc.pid} ended", proc.terminate)
        return proc

    def profile(self) -> DeviceProfile:
        """The probe's `profile` (read from a short-lived probe that never runs `start`)."""
        proc = self._launch_probe(with_proxy=False)
        try:
            raw = proc.command("profile", timeout=10)
        finally:
            proc.terminate()
            if self.restorer is not None:
                self.restorer.discard(f"probe pid {proc.pid} ended")
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise DeviceError(f"probe 'profile' reply is not JSON: {raw[:80]}") from e
        known = [KnownValue(k["data_type"], str(k["value"]), k.get("source", "device_profile"), k.get("detail", ""))
                 for k in data.get("known_values", []) if k.get("data_type") and k.get("value")]
        return DeviceProfile(device=data.get("device", {}), build=data.get("build", {}), known_values=known)

    def plant_canaries(self, tag: str) -> list[KnownValue]:
        """Unique values planted into every probe launch (before `start`)."""
        c = Canaries.from_tag(tag)
        lat, lng = c.lat, c.lng
        if self.persona is not None and "location.lat" in self.persona.attributes:
            # the persona's position is the device's: it is the value to look for in the traffic
            lat, lng = float(self.persona.attributes["location.lat"]), float(self.persona.attributes["location.lon"])
        location = f"{lat:.7f},{lng:.7f}"
        self.canaries = [("clipboard", c.clipboard), ("contact", f"{c.contact_name}|{c.phone_number}"),
                         ("location", location), ("device_name", c.device_name)]
        return [KnownValue("clipboard", c.clipboard, "canary", "clipboard text"),
                KnownValue("contacts", c.contact_name, "canary", "contact name"),
                KnownValue("contacts", c.phone_number, "canary", "contact number"),
                KnownValue("location", location, "canary", "location fix"),
                KnownValue("device_name", c.device_name, "canary", "device name")]

    def set_proxy(self, host: str, port: int, ca_pem: Path) -> None:
        from harness.probe import make_truststore

        self.proxy = (host, port)
        dest = (self.work_dir or ca_pem.parent) / "probe-truststore.p12"
        self.truststore = make_truststore(ca_pem, dest)

    # ---- app lifecycle -------------------------------------------------------------------------
    def install(self, app: AppTarget) -> None:
        """Nothing to install: the probe runs from its compiled classes."""

    def clear_data(self, app: AppTarget) -> None:
        """Each launch is a fresh process with fresh state: the probe keeps no data between runs."""
        self.stop(app)

    def grant(self, app: AppTarget, permission: str) -> bool:
        return False

    def revoke(self, app: AppTarget, permission: str) -> bool:
        return False

    def launch(self, app: AppTarget, attach: AttachAgent | None) -> int:
        """Start the probe (it waits), plant canaries, attach the agent, then send `start`."""
        self.stop(app)
        proc = self._launch_probe(with_proxy=True)
        self.proc = proc
        for kind, value in self.canaries:
            proc.command(f"plant {kind} {value}", timeout=10)
        spec = persona_command(self.persona)
        if spec:
            proc.command(spec, timeout=10)  # an `err` reply raises ProbeCommandError (a DeviceError)
        if attach is not None:
            import frida

            try:
                session = frida.attach(proc.pid)
            except frida.ProcessNotFoundError as e:
                raise DeviceError(f"probe pid {proc.pid} vanished before frida could attach") from e
            except frida.PermissionDeniedError as e:
                raise DeviceError(f"frida may not attach to pid {proc.pid}: {e} "
                                  "(ptrace restricted? sysctl kernel.yama.ptrace_scope=0)") from e
            attach(session, proc.pid)
        proc.command("start", timeout=30)
        return proc.pid

    def stop(self, app: AppTarget) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if self.restorer is None or self.restorer.run_one(f"probe pid {proc.pid} ended") is None:
            proc.terminate()

    def state(self, app: AppTarget) -> AppState:
        proc = self.proc
        if proc is None or not proc.alive:
            return AppState.NOT_RUNNING
        try:
            reply = proc.command("state", timeout=5)
        except DeviceError:
            # The channel is gone: the app is on its way out (decline -> System.exit); give it a moment.
            try:
                proc.wait(EXIT_GRACE)
            except DeviceError:
                return AppState.UNKNOWN
            return AppState.NOT_RUNNING
        return _STATE.get(reply.split()[0] if reply else "", AppState.UNKNOWN)

    def _cmd(self, line: str, timeout: float = 30) -> str:
        if self.proc is None or not self.proc.alive:
            raise DeviceError(f"probe is not running (cannot send {line.split()[0]!r})")
        return self.proc.command(line, timeout=timeout)

    # ---- screen ------------------------------------------------------------------------------------
    def ui_dump(self) -> UiDump:
        """The probe's screen; an app that is gone (or on its way out) shows an empty screen."""
        proc = self.proc
        self._last_xml = EMPTY_SCREEN
        if proc is not None and proc.alive:
            try:
                self._last_xml = proc.command("ui", timeout=10)
            except DeviceError:
                if self.state(probe_target()) is not AppState.NOT_RUNNING:
                    raise
        return parse_dump(self._last_xml)

    def screenshot(self, path: Path) -> Path | None:
        """The probe has no pixels: store the current `ui` dump as the step's screen."""
        try:
            self.ui_dump()
        except DeviceError:
            return None
        path = path.with_suffix(".xml")
        path.write_text(self._last_xml, encoding="utf-8")
        return path

    def tap(self, node: UiNode) -> None:
        target = node.text or node.content_desc or node.resource_id
        if not target:
            raise DeviceError(f"cannot tap node #{node.index}: no text, content-desc or resource-id")
        self._cmd(f"tap {target}")

    def home(self) -> None:
        self._cmd("home")

    def resume(self, app: AppTarget) -> None:
        self._cmd("resume")

    def back(self) -> None:
        self._cmd("back")

    def scroll(self, node: UiNode) -> None:
        """The probe scrolls its one scrollable list a page per call (a swipe up on Android)."""
        self._cmd("scroll")

    def input_text(self, node: UiNode, text: str) -> None:
        self._cmd(f"input {node.resource_id or node.text} {text}")

    def current_activity(self) -> tuple[str | None, str | None]:
        """(package, activity) in the foreground, from the probe's `focus` (Android: dumpsys window)."""
        if self.proc is None or not self.proc.alive:
            return None, None
        fields = dict(f.split("=", 1) for f in self._cmd("focus", timeout=5).split() if "=" in f)
        pkg, _, act = fields.get("activity", "").partition("/")
        return (pkg or None), (act or None)

    def monkey(self, app: AppTarget, events: int, seed: int) -> str:
        return "skipped"

    def user_action(self, name: str, arg: str = "") -> str:
        if name == "paste":
            return self._cmd("paste")
        if name == "feature":
            return self._cmd(f"feature {arg}")
        if name == "shop":
            return self._cmd("shop")
        if name == "tap":
            return self._cmd(f"tap {arg}")
        raise DeviceError(f"unknown user action {name!r} (JVM stand-in: paste, feature, shop, tap)")


PERSONA_PROPERTIES = {"device.model": "ro.product.model", "device.brand": "ro.product.brand",
                      "device.manufacturer": "ro.product.manufacturer", "device.os_version": "ro.build.version.release"}
"""Persona attributes that are system properties on Android: set on the JVM before the app's classes load."""


def persona_jvm_args(persona: Persona | None) -> tuple[str, ...]:
    if persona is None:
        return ()
    return tuple(f"-D{prop}={persona.attributes[key]}" for key, prop in PERSONA_PROPERTIES.items()
                 if key in persona.attributes)


def persona_command(persona: Persona | None) -> str:
    """The probe's `persona k=v;...` line for the attributes the app itself knows (URL-encoded values)."""
    if persona is None:
        return ""
    pairs = []
    for key, value in persona.attributes.items():
        if key in ("location.lat", "location.lon"):
            continue  # planted as the location canary
        text = ",".join(value) if isinstance(value, tuple) else str(value).lower() if isinstance(value, bool) \
            else str(value)
        pairs.append(f"{key}={quote(text, safe='')}")
    return "persona " + ";".join(pairs) if pairs else ""


def _java_version() -> str | None:
    try:
        res = subprocess_runner(["java", "-version"], timeout=10)
    except (DeviceError, OSError):
        return None
    first = (res.stderr or res.stdout).decode("utf-8", "replace").splitlines()
    return first[0] if first else None
