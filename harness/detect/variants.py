"""Every usual written form of a known value: what SDKs actually put on the wire.

Trackers rarely send an IMEI as is: they hash it (md5/sha*, of the upper or lower case
form), base64 it, hex it, strip a MAC's colons, drop a phone's country code or round a
coordinate. Each form becomes one pattern for the multi-pattern matcher, labelled with
the encoding that produced it so a finding can say "sha256 of the IMEI".
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import quote, quote_plus

from harness.detect.known_values import MIN_LENGTH, KnownValue

HASHES = ("md5", "sha1", "sha256", "sha512")
COUNTRY_CODES = ("86", "852", "853", "886", "1", "44", "81", "82", "49", "33", "91", "65", "61", "7")
"""Country codes tried when a phone number is given in international form (longest first)."""

_NUMERIC = re.compile(r"^[+-]?[\d.]+$")
_MAC = re.compile(r"^[0-9A-Fa-f]{2}([:-]?)(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$")


@dataclass(frozen=True, slots=True)
class Variant:
    """One pattern: the text searched, what it stands for, and how it must be matched."""

    pattern: str
    kv: KnownValue
    encoding: str
    case_sensitive: bool = False
    bounded: bool = False
    """Only a match not glued to more letters/digits counts (short patterns, coordinates)."""
    coord: tuple[str, int] | None = None
    """("lat"|"lng", decimals) for one half of a location: kept only when the other half is there too."""


def _b64_forms(raw: bytes) -> list[tuple[str, str]]:
    std = base64.b64encode(raw).decode()
    url = base64.urlsafe_b64encode(raw).decode()
    forms = [(std, "base64"), (std.rstrip("="), "base64"), (url, "base64url"), (url.rstrip("="), "base64url")]
    return forms


def _hash_forms(text: str) -> list[tuple[str, str]]:
    out = []
    for case_form in dict.fromkeys((text, text.upper(), text.lower())):
        data = case_form.encode()
        for name in HASHES:
            out.append((hashlib.new(name, data).hexdigest(), name))
    return out


def _encoded_forms(text: str, label: str) -> list[tuple[str, str, bool]]:
    """(pattern, encoding, case_sensitive) of one base form: itself, url, base64, hex, hashes."""
    out: list[tuple[str, str, bool]] = [(text, label, False)]
    for enc in (quote(text, safe=""), quote_plus(text, safe="")):
        if enc != text:
            out.append((enc, "url", False))
    for case_form in dict.fromkeys((text, text.upper(), text.lower())):
        out.extend((p, e, True) for p, e in _b64_forms(case_form.encode()))
    out.append((text.encode().hex(), "hex", False))
    out.extend((p, e, False) for p, e in _hash_forms(text))
    return out


def _mac_forms(value: str) -> list[tuple[str, str]]:
    hexes = re.sub(r"[:-]", "", value).lower()
    pairs = [hexes[i:i + 2] for i in range(0, 12, 2)]
    return [(":".join(pairs), "plain"), ("-".join(pairs), "mac_dash"), (hexes, "mac_nosep")]


def _phone_forms(value: str) -> list[tuple[str, str]]:
    digits = re.sub(r"\D", "", value)
    intl = value.strip().startswith(("+", "00"))
    if value.strip().startswith("00"):
        digits = digits[2:]
    national, cc = digits, None
    if intl:
        for code in sorted(COUNTRY_CODES, key=len, reverse=True):
            if digits.startswith(code) and len(digits) - len(code) >= 6:
                cc, national = code, digits[len(code):]
                break
    elif digits.startswith("86") and len(digits) == 13:
        cc, national = "86", digits[2:]
    elif len(digits) == 11 and digits.startswith("1"):
        cc = "86"  # an 11-digit number starting with 1 is a Chinese mobile number
    forms = [(value.strip(), "plain"), (national, "phone_national")]
    if cc:
        forms += [(f"+{cc}{national}", "phone_intl"), (f"{cc}{national}", "phone_intl"),
                  (f"00{cc}{national}", "phone_intl"), (f"+{cc} {national}", "phone_intl")]
    if len(national) == 11:
        forms.append((f"{national[:3]} {national[3:7]} {national[7:]}", "phone_national"))
        forms.append((f"{national[:3]}-{national[3:7]}-{national[7:]}", "phone_national"))
    return forms


def _coord_forms(part: str) -> list[tuple[str, int]]:
    """A coordinate rounded and truncated to 2..7 decimals (not more decimals than it has)."""
    try:
        d = Decimal(part)
    except InvalidOperation:
        return []
    have = max(0, -d.as_tuple().exponent) if isinstance(d.as_tuple().exponent, int) else 0
    out: list[tuple[str, int]] = []
    for n in range(2, min(7, have) + 1):
        q = Decimal(1).scaleb(-n)
        for mode in (ROUND_HALF_UP, ROUND_DOWN):
            text = str(d.quantize(q, rounding=mode))
            if (text, n) not in out:
                out.append((text, n))
    return out


def variants_of(kv: KnownValue) -> list[Variant]:
    """All patterns of one known value (deduplicated; patterns shorter than MIN_LENGTH dropped)."""
    value = kv.value
    base: list[tuple[str, str]]
    if _MAC.match(value):
        base = _mac_forms(value)
    elif kv.data_type == "phone_number":
        base = _phone_forms(value)
    else:
        base = [(value, "plain")]
    out: dict[tuple[str, bool], Variant] = {}

    def add(pattern: str, encoding: str, case_sensitive: bool, coord: tuple[str, int] | None = None) -> None:
        if len(pattern) < MIN_LENGTH:
            return
        key = (pattern if case_sensitive else pattern.lower(), case_sensitive)
        if key not in out:
            # A number inside a longer number is another number; a short word inside a longer word too.
            bounded = coord is not None or len(pattern) < 12 or _NUMERIC.match(pattern) is not None
            out[key] = Variant(pattern, kv, encoding, case_sensitive, bounded, coord)

    for text, label in base:
        for pattern, encoding, cs in _encoded_forms(text, label):
            add(pattern, encoding, cs)
    if kv.data_type in ("location", "coarse_location") and "," in value:
        lat, lng = value.split(",", 1)
        add(f"{lng},{lat}", "plain", False)  # AMap and others put longitude first
        for which, part in (("lat", lat), ("lng", lng)):
            for text, n in _coord_forms(part):
                add(text, f"coord_{n}dp", False, (which, n))
    return list(out.values())
