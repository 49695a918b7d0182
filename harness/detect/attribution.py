"""Who made a call: the first stack frame outside the platform names the caller.

The caller's class is matched by longest prefix: the app's own package makes it first
party, a knowledge-base entry names the SDK (kind "sdk", with its organisation and the matching
signature), a library that sends nothing by itself (kind "library"), or an app framework
whose calls are the app's (first party, "via" the framework); anything else is unknown. Unlike a substring search
over the whole stack ("last match wins"), only the innermost non-framework frame counts,
which is the code that asked for the data.
"""

from __future__ import annotations

import re
from typing import Any

from harness.detect.sdk_db import Match, SdkDatabase, _under, is_framework, sdk_database

_FRAME = re.compile(r"^\s*(?:at\s+)?(?:[\w.]+/)?(?P<cls>[\w$.\-]+)\.(?P<meth>[\w$<>]+)\(")


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
        m = db.match_package(cls)
        if any(_under(cls, p) for p in app_packages):
            # An SDK nested inside the app's namespace is still the SDK.
            if m is not None and len(max(m.sdk.packages, key=len, default="")) > max(map(len, app_packages)):
                return known_actor(m, cls, frame)
            return {"kind": "first_party", "name": "app", "package": cls.rsplit(".", 1)[0],
                    "frame": frame, "sdk_id": None}
        if m is not None:
            return known_actor(m, cls, frame)
        return {"kind": "unknown", "name": None, "package": cls.rsplit(".", 1)[0], "frame": frame, "sdk_id": None}
    return {"kind": "system", "name": None, "package": None, "frame": None, "sdk_id": None}


def known_actor(m: Match, cls: str, frame: str | None) -> dict[str, Any]:
    """The actor for a class the knowledge base knows, with the organisation and the signature as evidence."""
    sdk = m.sdk
    pkg = cls.rsplit(".", 1)[0]
    if sdk.kind == "app":
        return {"kind": "first_party", "name": "app", "package": pkg, "frame": frame, "sdk_id": None,
                "via": sdk.name, "via_id": sdk.id, "signature": m.signature}
    kind = "library" if sdk.sends_nothing else "sdk"
    return {"kind": kind, "name": sdk.name, "package": pkg, "frame": frame, "sdk_id": sdk.id,
            "org": sdk.vendor, "sdk_kind": sdk.kind, "signature": m.signature}
