"""Facts about Android permissions: protection level, group, and the special-access kinds.

Protection levels come from the AOSP permission tables androguard ships (the newest API
level it has), because they change across releases and are not ours to invent. Groups use
the taxonomy's `permission_group` names (TC260-PG-20204A Annex A), so a permission maps to
data types through the same vocabulary as the hook catalogue. Special permissions are the
ones a user grants on a separate settings screen (or by binding a system service), which
the 认定方法 treats as a heavier ask than a runtime prompt.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from harness.taxonomy import taxonomy
from harness.taxonomy.permissions import permission_facts

_P = "android.permission."

GROUPS: dict[str, str] = permission_facts().group_of
"""Android permission -> taxonomy permission_group (the taxonomy's one table)."""

SPECIAL_USES: dict[str, str] = {
    _P + "SYSTEM_ALERT_WINDOW": "overlay",
    _P + "PACKAGE_USAGE_STATS": "usage_stats",
    _P + "ACCESS_BACKGROUND_LOCATION": "background_location",
    _P + "MANAGE_EXTERNAL_STORAGE": "all_files_access",
    _P + "REQUEST_INSTALL_PACKAGES": "install_packages",
    _P + "WRITE_SETTINGS": "write_settings",
    _P + "QUERY_ALL_PACKAGES": "query_all_packages",
    _P + "SCHEDULE_EXACT_ALARM": "exact_alarm",
    _P + "BIND_ACCESSIBILITY_SERVICE": "accessibility",
    _P + "BIND_NOTIFICATION_LISTENER_SERVICE": "notification_listener",
    _P + "BIND_DEVICE_ADMIN": "device_admin",
}
"""Special access asked by <uses-permission>, or granted by binding a service/receiver guarded
by the BIND_* permission (`android:permission` on the component)."""

PROTECTION_LEVELS = ("dangerous", "normal", "signature", "signatureOrSystem", "special", "unknown")


@cache
def _aosp() -> dict[str, dict]:
    base = resources.files("androguard.core.api_specific_resources").joinpath("aosp_permissions")
    levels = sorted(int(p.name.split("_")[1].split(".")[0]) for p in base.iterdir() if p.name.startswith("permissions_"))
    return json.loads(base.joinpath(f"permissions_{levels[-1]}.json").read_text(encoding="utf-8"))["permissions"]


def protection_level(name: str) -> str:
    """Base protection level of a platform permission ('dangerous|instant' -> 'dangerous'), else 'unknown'."""
    raw = (_aosp().get(name) or {}).get("protectionLevel") or ""
    flags = [f.strip() for f in raw.split("|")]
    base = flags[0]
    if "appop" in flags and base != "dangerous":
        return "special"  # granted on a settings screen (app-op), not by a runtime prompt
    if base == "signatureOrSystem" or (base == "signature" and "privileged" in flags):
        return "signatureOrSystem"
    return base if base in PROTECTION_LEVELS else "unknown"


def group(name: str) -> str | None:
    return GROUPS.get(name)


def data_types(name: str) -> tuple[str, ...]:
    """Taxonomy ids a permission reaches: those of its permission group (() when it has none)."""
    return taxonomy().in_permission_group(GROUPS.get(name))


def special_kind(name: str) -> str | None:
    return SPECIAL_USES.get(name)
