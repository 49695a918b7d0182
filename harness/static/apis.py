"""Which method references are hook-catalogue APIs: the bridge from DEX refs to catalogue ids.

A DEX method reference names the class the compiler saw, which is not always the class
the catalogue hooks: the catalogue hooks concrete platform classes (ApplicationPackageManager)
while code calls the public type (PackageManager), and a virtual call on the app's own
Activity subclass is written against that subclass. So a reference matches an entry when
the entry's class is the referenced class, one of its app-defined superclasses, or a public
alias of a hooked implementation class. Entries with a `record_filter` (Settings$Secure
.getString only for "android_id", ContentResolver.query only for a contacts URI) match only
when the calling method's literals show the filtered value: a constant string, or a
provider contract's CONTENT_URI field for `authority` filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from harness.agent.catalogue import glob_match
from harness.static.dex import MethodRef

IMPL_ALIASES: dict[str, tuple[str, ...]] = {
    "android.app.ApplicationPackageManager": ("android.content.pm.PackageManager",),
    "android.app.ContextImpl": ("android.content.Context", "android.content.ContextWrapper"),
    "android.app.ContextImpl$ApplicationContentResolver": ("android.content.ContentResolver",),
    "android.hardware.SystemSensorManager": ("android.hardware.SensorManager",),
}
"""Hooked implementation class -> the public types code references instead."""

CONTRACT_AUTHORITIES: dict[str, tuple[str, ...]] = {
    "android.provider.ContactsContract": ("com.android.contacts",),
    "android.provider.Contacts": ("contacts",),
    "android.provider.CallLog": ("call_log",),
    "android.provider.Telephony$Sms": ("sms",),
    "android.provider.Telephony$Mms": ("mms",),
    "android.provider.Telephony$MmsSms": ("mms-sms",),
    "android.provider.Telephony$Threads": ("mms-sms",),
    "android.provider.CalendarContract": ("com.android.calendar",),
    "android.provider.MediaStore": ("media",),
    "android.provider.Browser": ("browser",),
    "android.provider.UserDictionary": ("user_dictionary",),
}
"""Contract classes whose CONTENT_URI fields carry a provider authority (static field reads)."""

EXCLUDED_EVENTS = frozenset({"lifecycle", "snapshot", "tls", "native"})
"""Lifecycle callbacks are called by the platform, not by the app: a reference proves nothing."""

_PACKAGE_LIKE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)+$")


def _method_name(entry: Any) -> str:
    return "<init>" if entry.method == "$init" else entry.method


class ApiIndex:
    """Catalogue Java entries indexed by method name, with class aliases resolved."""

    def __init__(self, entries: Iterable[Any]) -> None:
        self.by_name: dict[str, list[Any]] = {}
        for e in entries:
            if e.kind != "java" or not e.java_class or not e.method:
                continue
            if e.event in EXCLUDED_EVENTS:
                continue
            self.by_name.setdefault(_method_name(e), []).append(e)
        self.names = frozenset(self.by_name)

    def classes_for(self, entry: Any) -> tuple[str, ...]:
        return (entry.java_class, *IMPL_ALIASES.get(entry.java_class, ()))

    def candidates(self, ref: MethodRef, hierarchy: dict[str, str]) -> list[Any]:
        """Entries this reference may call, before record filters."""
        entries = self.by_name.get(ref.name)
        if not entries:
            return []
        chain = [ref.cls]
        seen = {ref.cls}
        cls = ref.cls
        while (cls := hierarchy.get(cls)) and cls not in seen:  # app-defined superclasses, then the first platform one
            chain.append(cls)
            seen.add(cls)
        out = []
        for e in entries:
            if not any(c in chain for c in self.classes_for(e)):
                continue
            if e.overloads != "all" and ref.params not in e.overloads:
                continue
            out.append(e)
        return out


def _glob_evidence(literal: str, pattern: str) -> bool:
    """A literal matches a glob, or is a long enough fixed part of it (an Intent action inside "*act=ACTION*")."""
    if glob_match(literal, pattern):
        return True
    return len(literal) >= 8 and any(literal in part for part in pattern.split("*"))


def filter_matches(entry: Any, strings: tuple[str, ...], fields: tuple[str, ...], app_package: str) -> bool:
    """Does the caller's literal evidence satisfy the entry's record_filter? (True without a filter.)

    The run-time test is the catalogue's RecordFilter.matches (the agent filter's Python twin), applied
    to each string literal of the calling method. Static evidence adds what literals alone cannot show:
    a contract class's field (ContactsContract.CONTENT_URI) stands for its provider authority, a literal
    that is a fixed part of a glob counts, an int event mask is never a string literal (the reference
    stays a candidate), and "another package" needs a literal that looks like a package name.
    """
    f = entry.record_filter
    if f is None:
        return True
    exact = replace(f, other_package=False, any_bit=0)
    if any(exact.matches(s) for s in strings):
        return True
    if f.glob and any(_glob_evidence(s, g) for s in strings for g in f.glob):
        return True
    if f.any_bit:
        return True
    if f.authority and _contract_authorities(fields) & set(f.authority):
        return True
    if f.other_package:
        return any(_PACKAGE_LIKE.match(s) and s != app_package and not s.startswith(app_package + ".")
                   and not s.startswith(("android.", "java.", "com.android.")) for s in strings)
    return False


def _contract_authorities(fields: tuple[str, ...]) -> set[str]:
    """Provider authorities named by the contract-class fields a method reads."""
    out: set[str] = set()
    for fld in fields:
        cls = fld.rsplit(".", 1)[0]
        for contract, names in CONTRACT_AUTHORITIES.items():
            if cls == contract or cls.startswith(contract + "$"):
                out.update(names)
    return out
