"""Decode the core segment of an IAB TCF v2 TC string (TCF v2.2, "Consent string and vendor list formats v2").

The string is base64url without padding; segments are separated by "."; the first is the core
segment, read as a bit field in this order: Version 6, Created 36 and LastUpdated 36
(deciseconds since the epoch), CmpId 12, CmpVersion 12, ConsentScreen 6, ConsentLanguage 12
(two 6-bit letters, A=0), VendorListVersion 12, TcfPolicyVersion 6, IsServiceSpecific 1,
UseNonStandardTexts 1, SpecialFeatureOptIns 12, PurposesConsent 24, PurposesLITransparency 24,
PurposeOneTreatment 1, PublisherCC 12, then the vendor consent and vendor legitimate-interest
sections, each MaxVendorId 16 and IsRangeEncoding 1 followed by a bit field of MaxVendorId bits,
or NumEntries 12 and entries (IsARange 1, StartOrOnlyVendorId 16, EndVendorId 16 when a range).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MAX_LENGTH = 100_000
"""A TC string is a few hundred characters; a longer value is not one."""
MAX_VENDOR_ID = 65_535


class TCStringError(ValueError):
    """The value is not a decodable TCF v2 core segment."""


class _Bits:
    def __init__(self, data: bytes) -> None:
        self.value = int.from_bytes(data, "big") if data else 0
        self.length = len(data) * 8
        self.pos = 0

    def read(self, n: int) -> int:
        if self.pos + n > self.length:
            raise TCStringError(f"core segment ends at bit {self.length}, needed {self.pos + n}")
        shift = self.length - self.pos - n
        self.pos += n
        return (self.value >> shift) & ((1 << n) - 1)

    def flags(self, n: int) -> tuple[int, ...]:
        """1-based ids whose bit is set among the next n bits."""
        v = self.read(n)
        return tuple(i + 1 for i in range(n) if v >> (n - 1 - i) & 1)

    def letters(self) -> str:
        return "".join(chr(ord("A") + self.read(6)) for _ in range(2))


@dataclass(frozen=True, slots=True)
class TCString:
    version: int
    created: datetime
    last_updated: datetime
    cmp_id: int
    cmp_version: int
    consent_screen: int
    consent_language: str
    vendor_list_version: int
    policy_version: int
    is_service_specific: bool
    use_non_standard_texts: bool
    special_features: tuple[int, ...]
    purposes_consent: tuple[int, ...]
    purposes_li: tuple[int, ...]
    purpose_one_treatment: bool
    publisher_cc: str
    vendor_consents: frozenset[int]
    vendor_li: frozenset[int]

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "created": self.created.isoformat(),
                "last_updated": self.last_updated.isoformat(), "cmp_id": self.cmp_id,
                "cmp_version": self.cmp_version, "consent_screen": self.consent_screen,
                "consent_language": self.consent_language, "vendor_list_version": self.vendor_list_version,
                "policy_version": self.policy_version, "is_service_specific": self.is_service_specific,
                "special_features": list(self.special_features), "purposes_consent": list(self.purposes_consent),
                "purposes_li": list(self.purposes_li), "purpose_one_treatment": self.purpose_one_treatment,
                "publisher_cc": self.publisher_cc, "vendor_consents": sorted(self.vendor_consents)[:200],
                "vendor_li": sorted(self.vendor_li)[:200]}

    @property
    def refuses_storage(self) -> bool:
        """Purpose 1 (store and/or access information on a device) has no consent: the user said no."""
        return 1 not in self.purposes_consent


def _vendors(bits: _Bits) -> frozenset[int]:
    max_id = bits.read(16)
    if bits.read(1) == 0:
        return frozenset(bits.flags(max_id))
    out: set[int] = set()
    for _ in range(bits.read(12)):
        is_range = bits.read(1)
        start = bits.read(16)
        end = bits.read(16) if is_range else start
        if not 0 < start <= end <= max(max_id, start):
            raise TCStringError(f"vendor range {start}-{end} outside 1-{max_id}")
        out.update(range(start, end + 1))
    return frozenset(out)


def _time(deciseconds: int) -> datetime:
    return datetime.fromtimestamp(deciseconds / 10, UTC)


def decode_tc_string(value: str) -> TCString:
    """The core segment of a TC string; TCStringError (one line) for anything else."""
    if not isinstance(value, str) or not value or len(value) > MAX_LENGTH:
        raise TCStringError("empty or oversized TC string")
    core = value.strip().split(".", 1)[0].rstrip("=")
    try:
        data = base64.urlsafe_b64decode(core + "=" * (-len(core) % 4))
    except (binascii.Error, ValueError) as e:
        raise TCStringError(f"not base64url: {e}") from e
    bits = _Bits(data)
    version = bits.read(6)
    if version != 2:
        raise TCStringError(f"version {version}, expected 2")
    return TCString(
        version=version, created=_time(bits.read(36)), last_updated=_time(bits.read(36)), cmp_id=bits.read(12),
        cmp_version=bits.read(12), consent_screen=bits.read(6), consent_language=bits.letters(),
        vendor_list_version=bits.read(12), policy_version=bits.read(6), is_service_specific=bool(bits.read(1)),
        use_non_standard_texts=bool(bits.read(1)), special_features=bits.flags(12), purposes_consent=bits.flags(24),
        purposes_li=bits.flags(24), purpose_one_treatment=bool(bits.read(1)), publisher_cc=bits.letters(),
        vendor_consents=_vendors(bits), vendor_li=_vendors(bits))
