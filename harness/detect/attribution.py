"""Who made a call: the first stack frame outside the platform names the caller.

The caller's class is matched by longest prefix: the app's own package makes it first
party, an SDK prefix names that SDK, anything else is unknown. Unlike a substring search
over the whole stack ("last match wins"), only the innermost non-framework frame counts,
which is the code that asked for the data.
"""

from __future__ import annotations

import re
from typing import Any

from harness.detect.sdk_db import SdkDatabase, _under, is_framework, sdk_database

_FRAME = re.compile(r"^\s*(?:at\s+)?(?:[\w.]+/)?(?P<cls>[\w$.]+)\.(?P<meth>[\w$<>]+)\(")


def frame_class(frame: str) -> str | None:
    """'com.umeng.analytics.Umeng.init(Umeng.java:12)' -> 'com.umeng.analytics.Umeng'."""
    m = _FRAME.match(frame)
    return m.group("cls") if m else None


def attribute_stack(stack: list[str], app_packages: tuple[str, ...] = (),
                    db: SdkDatabase | None = None, skip_classes: tuple[str, ...] = ()) -> dict[str, Any]:
    """Actor for a Java stack (innermost first): {kind, name, package, frame, sdk_id}.

    `skip_classes` are extra classes to pass over (e.g. the hooked API's own class, which a
    stand-in on the JVM does not put under a framework prefix).
    """
    db = db or sdk_database()
    for frame in stack:
        cls = frame_class(frame)
        if cls is None or is_framework(cls) or cls.startswith(skip_classes):
            continue
        sdk = db.by_package(cls)
        if any(_under(cls, p) for p in app_packages):
            # An SDK nested inside the app's namespace is still the SDK.
            if sdk is not None and len(max(sdk.packages, key=len, default="")) > max(map(len, app_packages)):
                return _sdk_actor(sdk, cls, frame)
            return {"kind": "first_party", "name": "app", "package": cls.rsplit(".", 1)[0],
                    "frame": frame, "sdk_id": None}
        if sdk is not None:
            return _sdk_actor(sdk, cls, frame)
        return {"kind": "unknown", "name": None, "package": cls.rsplit(".", 1)[0], "frame": frame, "sdk_id": None}
    return {"kind": "system", "name": None, "package": None, "frame": None, "sdk_id": None}


def _sdk_actor(sdk: Any, cls: str, frame: str) -> dict[str, Any]:
    return {"kind": "sdk", "name": sdk.name, "package": cls.rsplit(".", 1)[0], "frame": frame, "sdk_id": sdk.id}
