"""IABTCF_* SharedPreferences reads and writes (hooks/consent-signals.yaml) as a per-scenario ledger.

The TCF rules ask it: what TC string was stored in this scenario by time t, and was one ever
stored after the user declined? Each TC string is decoded once, when it is written.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from harness.consent.tcf import TCString, TCStringError, decode_tc_string

HOOK_PREFIX = "consent."
TC_KEY = "IABTCF_TCString"
AD_ID_TYPES = frozenset({"advertising_id", "aaid", "oaid", "vaid"})
"""Resettable advertising identifiers: what TCF purpose 1 (store/access on a device) and ad purposes gate."""
MAX_SIGNALS = 10_000


@dataclass(slots=True)
class Signal:
    t: float
    scenario: str | None
    event: str
    """"write" (SharedPreferences.Editor put*) or "read" (SharedPreferences get*)."""
    key: str
    value: Any
    record: dict[str, Any]
    phase: Any
    tc: TCString | None = None
    error: str | None = None
    """Why a TC string value could not be decoded."""


def signal_of(record: dict[str, Any], phase: Any) -> Signal | None:
    """The IABTCF_* access a consent-signals hook event records, or None for any other event."""
    if not str(record.get("hook_id") or "").startswith(HOOK_PREFIX):
        return None
    values = record.get("values") if isinstance(record.get("values"), dict) else {}
    args = values.get("args") if isinstance(values.get("args"), dict) else {}
    key = str(args.get("0") or "")
    if not key.startswith("IABTCF_"):
        return None
    event = "write" if record.get("event") == "write" else "read"
    value = args.get("1") if event == "write" else values.get("return")
    s = Signal(float(record.get("t") or 0.0), phase.scenario, event, key, value, record, phase)
    if key == TC_KEY and isinstance(value, str) and value:
        try:
            s.tc = decode_tc_string(value)
        except TCStringError as e:
            s.error = str(e)
    return s


@dataclass
class TcfLedger:
    """TC string writes per scenario, in time order (events arrive in time order)."""

    writes: dict[str | None, list[Signal]] = field(default_factory=dict)
    reads: int = 0
    count: int = 0

    def add(self, record: dict[str, Any], phase: Any) -> Signal | None:
        s = signal_of(record, phase)
        if s is None or self.count >= MAX_SIGNALS:
            return None
        self.count += 1
        if s.event == "read":
            self.reads += 1
        elif s.key == TC_KEY:
            self.writes.setdefault(s.scenario, []).append(s)
        return s

    def stored_at(self, scenario: str | None, t: float) -> Signal | None:
        """The last TC string written in this scenario at or before t."""
        ws = self.writes.get(scenario) or []
        i = bisect.bisect_right([w.t for w in ws], t)
        return ws[i - 1] if i else None

    def stored_after(self, scenario: str | None, t: float) -> list[Signal]:
        return [w for w in self.writes.get(scenario) or [] if w.t >= t]

    @property
    def seen(self) -> bool:
        return self.count > 0


def tc_summary(s: Signal | None) -> dict[str, Any]:
    """What the consent state was, for a finding's evidence."""
    if s is None:
        return {"tc_string": None, "note": "no IABTCF_TCString stored yet in this scenario"}
    out: dict[str, Any] = {"tc_string": str(s.value)[:300], "stored_at": s.t, "ref": f"event#{s.record.get('seq')}"}
    if s.tc is not None:
        out.update(purposes_consent=list(s.tc.purposes_consent), cmp_id=s.tc.cmp_id,
                   vendor_consents=len(s.tc.vendor_consents), refuses_storage=s.tc.refuses_storage)
    if s.error:
        out["decode_error"] = s.error
    return out
