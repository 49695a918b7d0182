"""Values worth looking for in traffic: what the app read, the device profile, and planted canaries.

A value only counts when it is specific enough that finding it in a request means the
app sent it: placeholders Android hands out when access is denied ("02:00:00:00:00:00",
"unknown", zeros) and very short strings are skipped, or every flow would "contain" them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harness.trace.rundir import RunDir

MIN_LENGTH = 4
"""Shorter values (and coordinates with fewer digits) match by chance, so they are not searched."""

MAX_LENGTH = 512
"""Longer hook returns are dumps (lists, objects), not one identifier."""

_JUNK = frozenset({
    "", "unknown", "null", "none", "nil", "undefined", "true", "false", "0", "-1", "n/a", "na",
    "02:00:00:00:00:00", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "<unknown ssid>", "[]", "{}",
    "00000000-0000-0000-0000-000000000000",
})
"""Placeholders: denied MAC, zero GAID/OAID, empty containers."""

_COORDS = re.compile(r"(-?\d{1,3}\.\d+)\s*[,; ]\s*(-?\d{1,3}\.\d+)")


@dataclass(frozen=True, slots=True)
class KnownValue:
    """One value of one data type, and where the harness learned it."""

    data_type: str
    value: str
    source: str = "user"
    """"hook" (the app read it in this run), "device_profile", "canary" (planted), "user" (--identifier)."""


def is_junk(value: str) -> bool:
    """True for placeholders and values too short or too long to identify anything."""
    v = value.strip()
    if v.lower() in _JUNK or len(v) < MIN_LENGTH or len(v) > MAX_LENGTH:
        return True
    core = re.sub(r"[\s:.\-_,]", "", v)
    return len(core) < MIN_LENGTH or len(set(core)) == 1


def normalize(data_type: str, value: Any) -> str | None:
    """The searchable form of a value, or None when it is junk. Locations become "lat,lng"."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    if data_type in ("location", "coarse_location"):
        m = _COORDS.search(text)
        if not m:
            return None
        lat, lng = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
            return None
        return f"{m.group(1)},{m.group(2)}"
    if text.startswith("[") and text.endswith("]"):
        return None  # a list dump (installed apps, accounts): the canaries name single items instead
    return None if is_junk(text) else text


def dedupe(values: list[KnownValue]) -> list[KnownValue]:
    """Keep the first KnownValue per (data_type, value), in order."""
    seen: set[tuple[str, str]] = set()
    out = []
    for kv in values:
        key = (kv.data_type, kv.value)
        if key not in seen:
            seen.add(key)
            out.append(kv)
    return out


def parse_identifier(spec: str) -> KnownValue:
    """`TYPE=VALUE` from the command line (ValueError with a one-line reason otherwise)."""
    from harness.taxonomy import taxonomy

    if "=" not in spec:
        raise ValueError(f"--identifier {spec!r}: expected TYPE=VALUE, e.g. imei=860000000000001")
    data_type, value = spec.split("=", 1)
    data_type = data_type.strip()
    if data_type not in taxonomy():
        raise ValueError(f"--identifier {spec!r}: unknown data type {data_type!r}")
    norm = normalize(data_type, value)
    if norm is None:
        raise ValueError(f"--identifier {spec!r}: value too short or a placeholder; it would match by chance")
    return KnownValue(data_type, norm, "user")


NOISY_TYPES = frozenset({"device_info", "network_state", "carrier_info", "sensors"})
"""Hook-read values of these types (model names, "wifi", "China Mobile") are in every request's
User-Agent or are too generic to prove anything; the device profile may still list them."""


class KnownValueCollector:
    """Collects known values record by record, for callers that already stream events.jsonl once.

    `add_event(rec)` takes any events.jsonl record (hooks and snapshots count), `add_device(doc)`
    takes device.json; `values()` returns them deduplicated in order. `skip_noisy=False` keeps
    NOISY_TYPES, for callers (analysis) that tell a User-Agent match apart themselves. A location read as two
    calls (Location.getLatitude, then getLongitude) is paired into "lat,lng".
    """

    def __init__(self, limit: int = 10_000, *, skip_noisy: bool = True) -> None:
        self._out: list[KnownValue] = []
        self._seen: set[tuple[str, str]] = set()
        self._last_lat: str | None = None
        self._raw_seen: set[tuple[str, str, str]] = set()
        self.limit = limit
        self._skip = NOISY_TYPES if skip_noisy else frozenset()

    def _add(self, data_type: str, raw: Any, source: str) -> None:
        norm = normalize(data_type, raw)
        if norm is None or len(self._out) >= self.limit or (data_type, norm) in self._seen:
            return
        self._seen.add((data_type, norm))
        self._out.append(KnownValue(data_type, norm, source))

    def add_event(self, rec: dict[str, Any]) -> None:
        kind = rec.get("kind")
        data_type = rec.get("data_type")
        if not data_type or kind not in ("hook", "snapshot") or data_type in self._skip:
            return
        values = rec.get("values") or {}
        if not isinstance(values, dict):
            return
        if kind == "snapshot":
            for raw in values.values():
                self._add(data_type, raw, "hook")
            return
        if rec.get("event") not in (None, "read", "native"):
            return
        api = str(rec.get("api") or "")
        raw_key = (data_type, str(values.get("return")), str(values.get("location")))
        if raw_key in self._raw_seen and not api.endswith(("getLatitude", "getLongitude")):
            return  # the same read again (a million-event trace repeats a few values): normalised once
        if len(self._raw_seen) < 4 * self.limit:
            self._raw_seen.add(raw_key)
        self._add(data_type, values.get("location"), "hook")
        self._add(data_type, values.get("return"), "hook")
        if data_type in ("location", "coarse_location") and api.endswith(("getLatitude", "getLongitude")):
            if api.endswith("getLatitude"):
                self._last_lat = str(values.get("return"))
            elif self._last_lat is not None:
                self._add(data_type, f"{self._last_lat},{values.get('return')}", "hook")
                self._last_lat = None

    def add_device(self, device: Any) -> None:
        for item in device.get("known_values", []) if isinstance(device, dict) else []:
            # device.json is read back from disk: only string types and scalar values are planted values
            if isinstance(item, dict) and isinstance(item.get("data_type"), str) and item["data_type"] \
                    and isinstance(item.get("value"), str | int | float | None):
                self._add(item["data_type"], item.get("value"), str(item.get("source") or "device_profile"))

    def values(self) -> list[KnownValue]:
        return list(self._out)


def known_values_from_run(run: RunDir) -> list[KnownValue]:
    """Hook return values (and snapshots) from events.jsonl, then device.json's profile and canaries."""
    collector = KnownValueCollector()
    for rec in run.reader(RunDir.EVENTS):
        collector.add_event(rec)
    collector.add_device(run.read_json(RunDir.DEVICE, default={}) or {})
    return collector.values()
