"""Android dangerous permissions, their groups (TC260-PG-20204A Annex A) and the data types behind them.

Used by the permission rules: a request is "bundled" when it asks several of these at once,
and a permission is "unrelated" when no data type of its group is necessary for the app's
category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from harness.analysis.phases import marker_detail_value
from harness.taxonomy import Taxonomy

GROUPS: dict[str, tuple[str, ...]] = {
    "PHONE": ("READ_PHONE_STATE", "READ_PHONE_NUMBERS", "CALL_PHONE", "ANSWER_PHONE_CALLS", "ADD_VOICEMAIL",
              "USE_SIP", "READ_PRIVILEGED_PHONE_STATE"),
    "CALL_LOG": ("READ_CALL_LOG", "WRITE_CALL_LOG", "PROCESS_OUTGOING_CALLS"),
    "CONTACTS": ("READ_CONTACTS", "WRITE_CONTACTS", "GET_ACCOUNTS"),
    "LOCATION": ("ACCESS_FINE_LOCATION", "ACCESS_COARSE_LOCATION", "ACCESS_BACKGROUND_LOCATION",
                 "ACCESS_MEDIA_LOCATION"),
    "CAMERA": ("CAMERA",),
    "MICROPHONE": ("RECORD_AUDIO",),
    "SENSORS": ("BODY_SENSORS", "BODY_SENSORS_BACKGROUND"),
    "ACTIVITY_RECOGNITION": ("ACTIVITY_RECOGNITION",),
    "SMS": ("SEND_SMS", "RECEIVE_SMS", "READ_SMS", "RECEIVE_WAP_PUSH", "RECEIVE_MMS"),
    "STORAGE": ("READ_EXTERNAL_STORAGE", "WRITE_EXTERNAL_STORAGE", "READ_MEDIA_IMAGES", "READ_MEDIA_VIDEO",
                "READ_MEDIA_AUDIO", "READ_MEDIA_VISUAL_USER_SELECTED"),
    "CALENDAR": ("READ_CALENDAR", "WRITE_CALENDAR"),
    "NEARBY_DEVICES": ("BLUETOOTH_SCAN", "BLUETOOTH_CONNECT", "BLUETOOTH_ADVERTISE", "NEARBY_WIFI_DEVICES",
                       "UWB_RANGING"),
}
GROUP_OF: dict[str, str] = {f"android.permission.{p}": g for g, ps in GROUPS.items() for p in ps}
DANGEROUS = frozenset(GROUP_OF)

_PERM = re.compile(r"android\.permission\.[A-Z_]+")


def permissions_in(value: Any) -> list[str]:
    """Every `android.permission.X` named anywhere in a value (lists, dicts, "[a, b]" strings), in order."""
    found: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            found.extend(_PERM.findall(v))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    walk(value)
    return list(dict.fromkeys(found))


def denied_permissions(detail: Any) -> list[str]:
    """The permission(s) a permission_denied marker names: android.permission.X strings, else its "permission".

    Empty when the marker names none: a missing name must not become the permission "None".
    """
    found = permissions_in(detail)
    if found:
        return found
    named = marker_detail_value(detail, "permission")
    return [str(named)] if named not in (None, "") else []


def dangerous(perms: Iterable[str]) -> list[str]:
    return [p for p in perms if p in DANGEROUS]


def data_types_of(permission: str, tax: Taxonomy) -> list[str]:
    """Taxonomy ids whose permission group is the permission's group."""
    group = GROUP_OF.get(permission)
    if group is None:
        return []
    return [t.id for t in tax if t.permission_group == group]
