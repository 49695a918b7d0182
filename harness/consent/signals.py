"""Consent signals (hooks/consent-signals.yaml) as a per-scenario ledger: IABTCF_* SharedPreferences
reads and writes, and Google Consent Mode v2 updates (FirebaseAnalytics.setConsent).

The TCF rules ask it: what TC string was stored in this scenario by time t, did the latest
signal refuse advertising, and was anything stored after the user declined? Each TC string is
decoded once, when it is written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from harness.consent.tcf import TCString, TCStringError, decode_tc_string

HOOK_PREFIX = "consent."
TC_KEY = "IABTCF_TCString"
CONSENT_MODE_HOOK = "consent.firebase_set_consent"
CONSENT_MODE_KEY = "ConsentMode"
AD_CONSENT_TYPES = ("AD_STORAGE", "AD_USER_DATA")
"""Consent Mode v2 types whose DENIED means: no advertising use of identifiers."""
_PAIR = re.compile(r"([A-Z_]+)=(GRANTED|DENIED)")
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
    consent_mode: dict[str, str] | None = None
    """Consent Mode v2 update: {"AD_STORAGE": "DENIED", ...}."""

    @property
    def refuses_ads(self) -> bool:
        """A TC string without purpose-1 consent, or a Consent Mode update denying ad storage/user data."""
        if self.tc is not None:
            return self.tc.refuses_storage
        return bool(self.consent_mode) and any(self.consent_mode.get(k) == "DENIED" for k in AD_CONSENT_TYPES)


def signal_of(record: dict[str, Any], phase: Any) -> Signal | None:
    """The IABTCF_* access a consent-signals hook event records, or None for any other event."""
    hook_id = str(record.get("hook_id") or "")
    if not hook_id.startswith(HOOK_PREFIX):
        return None
    values = record.get("values") if isinstance(record.get("values"), dict) else {}
    args = values.get("args") if isinstance(values.get("args"), dict) else {}
    if hook_id == CONSENT_MODE_HOOK:
        text = str(args.get("0") or "")
        return Signal(float(record.get("t") or 0.0), phase.scenario, "write", CONSENT_MODE_KEY, text, record, phase,
                      consent_mode=dict(_PAIR.findall(text)))
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
    modes: dict[str | None, list[Signal]] = field(default_factory=dict)
    """Consent Mode updates per scenario."""
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
        elif s.key == CONSENT_MODE_KEY:
            self.modes.setdefault(s.scenario, []).append(s)
        return s

    def refusal_at(self, scenario: str | None, t: float) -> Signal | None:
        """The latest TC string or Consent Mode update before t, when it refuses advertising."""
        latest = [s for s in (self.stored_at(scenario, t), _last_before(self.modes.get(scenario) or [], t)) if s]
        refusing = [s for s in latest if s.refuses_ads]
        return max(refusing, key=lambda s: s.t) if refusing else None

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


def _last_before(signals: list[Signal], t: float) -> Signal | None:
    i = bisect.bisect_right([s.t for s in signals], t)
    return signals[i - 1] if i else None


def tc_summary(s: Signal | None) -> dict[str, Any]:
    """What the consent state was, for a finding's evidence."""
    if s is None:
        return {"tc_string": None, "note": "no IABTCF_TCString stored yet in this scenario"}
    out: dict[str, Any] = {"tc_string": str(s.value)[:300], "stored_at": s.t, "ref": f"event#{s.record.get('seq')}"}
    if s.tc is not None:
        out.update(purposes_consent=list(s.tc.purposes_consent), cmp_id=s.tc.cmp_id,
                   vendor_consents=len(s.tc.vendor_consents), refuses_storage=s.tc.refuses_storage)
    if s.consent_mode is not None:
        out = {"consent_mode": s.consent_mode, "stored_at": s.t, "ref": out["ref"]}
    if s.error:
        out["decode_error"] = s.error
    return out
