"""Who is behind a host: the app itself (its policy's domains), a named SDK/tracker, or unknown.

The same SDK database that names the caller of a hooked API names the receiver of a
request, so a report can say "Umeng read the IMEI and sent it to umeng.com".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from harness.detect.sdk_db import SdkDatabase, _host_under, sdk_database


def normalize_host(host: str) -> str:
    """Lower case, no trailing dot, no port, no IPv6 brackets."""
    h = (host or "").strip().lower().rstrip(".")
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h[1:]
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h


def attribute_host(host: str, first_party_domains: Iterable[str] = (), db: SdkDatabase | None = None) -> dict[str, Any]:
    """{"party": "first"|"third"|"unknown", "sdk_id", "name", "category", "org", "signature"} for one host.

    First party wins over the SDK database: an app's own domain that happens to sit under a
    cloud provider's suffix is still the app's. Longest domain suffix decides among SDKs.
    """
    h = normalize_host(host)
    for domain in first_party_domains:
        d = normalize_host(domain).lstrip("*.")
        if d and _host_under(h, d):
            return {"party": "first", "sdk_id": None, "name": "app", "category": None, "org": None,
                    "signature": f"first-party domain {d}"}
    m = (db or sdk_database()).match_host(h) if h else None
    if m is not None:
        return {"party": "third", "sdk_id": m.sdk.id, "name": m.sdk.name, "category": m.sdk.category or None,
                "org": m.sdk.vendor, "signature": m.signature}
    return {"party": "unknown", "sdk_id": None, "name": None, "category": None, "org": None, "signature": None}
