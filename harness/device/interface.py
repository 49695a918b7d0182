"""What the conductor and the scenario runner need from a device, Android or the JVM stand-in.

Both implementations (android.py over adb + frida-server, jvm.py over the probe app) give
the same verbs, so a scenario step means the same thing on each. Anything a device changes
is registered with the run's Restorer as it happens, so the undo runs even on Ctrl-C.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from harness.device.uiautomator import UiDump, UiNode


class AppState(StrEnum):
    """Process state of the app under test, as the device can tell it."""

    NOT_RUNNING = "not_running"
    FOREGROUND = "foreground"
    BACKGROUND = "background"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class AppTarget:
    """The app under audit: a package name, the files to install (none for the probe)."""

    package: str
    apks: tuple[Path, ...] = ()
    name: str = ""
    permissions: tuple[str, ...] = ()
    """Runtime permissions the app requests (from static analysis), for grant/revoke."""


@dataclass(frozen=True, slots=True)
class KnownValue:
    """A value the device holds or we planted, for the traffic matcher (device.json known_values)."""

    data_type: str
    value: str
    source: str  # "device_profile" | "canary"
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        out = {"data_type": self.data_type, "value": self.value, "source": self.source}
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True, slots=True)
class Canaries:
    """The values a run plants, derived from its tag: both device kinds plant the same ones."""

    contact_name: str
    phone_number: str
    lat: float
    lng: float
    device_name: str
    clipboard: str

    @classmethod
    def from_tag(cls, tag: str) -> Canaries:
        digits = str(int(hashlib.sha1(tag.encode()).hexdigest(), 16))[-8:]
        return cls(f"Aph Canary {tag}", f"+86138{digits}", 31.0 + int(digits[:4]) / 1e5,
                   121.0 + int(digits[4:]) / 1e5, f"aph-{tag}", f"aph-clip-{tag}")


@dataclass(slots=True)
class DeviceProfile:
    """device.json: who the device is, its build, and the values the matcher looks for."""

    device: dict[str, Any] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    known_values: list[KnownValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "build": self.build,
                "known_values": [k.to_json() for k in self.known_values], "notes": self.notes}


# Called with a freshly attached frida.core.Session and the pid before the app runs on;
# returns the agent session (harness.agent.loader.AgentSession) the conductor closes later.
AttachAgent = Callable[[Any, int], Any]


@runtime_checkable
class Device(Protocol):
    """The verbs of one device. Errors are DeviceError (one line, exit 3)."""

    kind: str
    """"android" or "jvm"."""
    name: str
    """Serial, "jvm", ...: recorded in run.json."""

    def describe(self) -> dict[str, Any]:
        """Facts for run.json's `device`."""

    def prepare(self, restorer: Any) -> None:
        """Connect, start what the audit needs (frida-server, ...), registering each undo."""

    def profile(self) -> DeviceProfile:
        """Device identifiers and build fields (read, never changed)."""

    def plant_canaries(self, tag: str) -> list[KnownValue]:
        """Plant unique contact / clipboard / location / device-name values; undo is registered."""

    def set_proxy(self, host: str, port: int, ca_pem: Path) -> None:
        """Route the app's traffic through the proxy and make it trust `ca_pem`."""

    def install(self, app: AppTarget) -> None: ...

    def clear_data(self, app: AppTarget) -> None: ...

    def grant(self, app: AppTarget, permission: str) -> bool: ...

    def revoke(self, app: AppTarget, permission: str) -> bool: ...

    def launch(self, app: AppTarget, attach: AttachAgent | None) -> int:
        """Start the app suspended, call `attach(session, pid)`, then let it run; returns the pid."""

    def stop(self, app: AppTarget) -> None: ...

    def state(self, app: AppTarget) -> AppState: ...

    def ui_dump(self) -> UiDump: ...

    def screenshot(self, path: Path) -> Path | None:
        """Save the screen to `path` (a suffix may be changed); None when it cannot."""

    def tap(self, node: UiNode) -> None: ...

    def home(self) -> None: ...

    def resume(self, app: AppTarget) -> None: ...

    def monkey(self, app: AppTarget, events: int, seed: int) -> str: ...

    def user_action(self, name: str, arg: str = "") -> str:
        """A device-specific user action (the probe's `paste`, `feature X`); DeviceError when unknown."""


@runtime_checkable
class Navigable(Protocol):
    """The extra verbs the UI explorer (harness.explore) needs; both harness devices have them."""

    def back(self) -> None:
        """The system back key."""

    def scroll(self, node: UiNode) -> None:
        """One page further in a scrollable view (a swipe up inside its bounds)."""

    def input_text(self, node: UiNode, text: str) -> None:
        """Focus a text field and type ASCII text."""

    def current_activity(self) -> tuple[str | None, str | None]:
        """(package, activity) of the focused window."""
