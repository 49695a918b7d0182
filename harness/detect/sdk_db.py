"""The SDK and library knowledge base, one for stack attribution, host attribution and static detection.

Entries live as YAML in `sdks.yaml` and `sdks.d/*.yaml` (format: `sdks.d/README.md`). Package
prefixes and host suffixes are matched longest first on name boundaries, so
`com.google.android.gms.ads.identifier` wins over `com.google.android.gms.ads` and
`com.umengx` never matches `com.umeng`; lookups walk up the name once instead of scanning
every prefix. Class-name regexes (the shape of Exodus code signatures) are tried only when no
prefix matches. A user file (`--sdk-db FILE`) overrides shipped entries by id; an Exodus
tracker JSON adds entries without replacing shipped ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from harness import safeload
from harness.errors import InputError

# Frames of these packages are the platform, not a caller (stack attribution skips them).
FRAMEWORK_PREFIXES: tuple[str, ...] = (
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "android.", "androidx.", "com.android.",
    "dalvik.", "libcore.", "kotlin.", "kotlinx.", "org.apache.harmony.", "org.json.", "org.xml.",
    "com.google.android.collect.", "org.chromium.", "java.base/",
)

KINDS = ("sdk", "platform", "library", "app")
"""sdk: receives data; platform: a vendor's platform client (Play services base, Firebase core,
HMS core) that talks to its vendor; library: sends nothing by itself; app: an app framework
(React Native, Flutter, Cordova) whose calls are made on the app's behalf."""
FIELDS = frozenset({"id", "name", "vendor", "kind", "category", "packages", "classes", "domains", "meta_data",
                    "components", "native_libs", "assets", "sources", "disabled"})
SIGNATURES = ("packages", "classes", "domains", "meta_data", "components", "native_libs", "assets")


@dataclass(frozen=True, slots=True)
class Sdk:
    id: str
    name: str
    vendor: str
    """The organisation behind the code."""
    category: str
    packages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    meta_data: tuple[str, ...] = ()
    code_regex: tuple[str, ...] = field(default=())
    """Class-name regexes: `classes` of a YAML entry, or an Exodus `code_signature`."""
    network_regex: tuple[str, ...] = field(default=())
    """Exodus `network_signature` regexes (imported trackers only)."""
    kind: str = "sdk"
    components: tuple[str, ...] = ()
    """Manifest component class names (exact), for SDKs whose code is renamed."""
    native_libs: tuple[str, ...] = ()
    """File names under lib/<abi>/ (e.g. libBugly.so)."""
    assets: tuple[str, ...] = ()
    """Paths under assets/ (a trailing / names a folder)."""
    sources: tuple[str, ...] = ()

    @property
    def sends_nothing(self) -> bool:
        """A library that sends nothing by itself: never a third party on its own."""
        return self.kind == "library" or self.category in ("library", "framework")


@dataclass(frozen=True, slots=True)
class Match:
    """An SDK and the signature that named it, for evidence."""

    sdk: Sdk
    signature: str
    """e.g. "package com.facebook", "domain applovin.com", "class ^com\\.uc\\.crashsdk\\."."""


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "$")


def _host_under(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


class SdkDatabase:
    """Lookups from class names, hosts, manifest keys, native libraries and assets to SDKs."""

    def __init__(self, sdks: list[Sdk]) -> None:
        self.sdks = {s.id: s for s in sdks}
        self._prefixes = {p: s for s in reversed(sdks) for p in s.packages}
        self._domains = {d.lower(): s for s in reversed(sdks) for d in s.domains}
        self._meta = {k: s for s in reversed(sdks) for k in s.meta_data}
        self._components = {c: s for s in reversed(sdks) for c in s.components}
        self._libs = {n: s for s in reversed(sdks) for n in s.native_libs}
        self._assets = [(a, s) for s in sdks for a in s.assets]
        self._code_res = [(re.compile(r), r, s) for s in sdks for r in s.code_regex]
        self._net_res = [(re.compile(r), r, s) for s in sdks for r in s.network_regex]

    def match_package(self, class_name: str) -> Match | None:
        """SDK owning a class or package name (longest prefix on a name boundary, then class regexes)."""
        n = class_name
        while n:
            sdk = self._prefixes.get(n)
            if sdk is not None:
                return Match(sdk, f"package {n}")
            cut = max(n.rfind("."), n.rfind("$"))
            if cut <= 0:
                break
            n = n[:cut]
        for rx, text, sdk in self._code_res:
            if rx.search(class_name):
                return Match(sdk, f"class {text}")
        return None

    def match_host(self, host: str) -> Match | None:
        """SDK or organisation behind a host name (longest domain suffix, then network regexes)."""
        h = host.lower().rstrip(".")
        n = h
        while n:
            sdk = self._domains.get(n)
            if sdk is not None:
                return Match(sdk, f"domain {n}")
            dot = n.find(".")
            if dot < 0:
                break
            n = n[dot + 1:]
        for rx, text, sdk in self._net_res:
            if rx.search(h):
                return Match(sdk, f"network {text}")
        return None

    def by_package(self, class_name: str) -> Sdk | None:
        m = self.match_package(class_name)
        return m.sdk if m else None

    def by_host(self, host: str) -> Sdk | None:
        m = self.match_host(host)
        return m.sdk if m else None

    def by_meta_data(self, key: str) -> Sdk | None:
        return self._meta.get(key)

    def by_component(self, name: str) -> Match | None:
        """A manifest component: its exact name first, then its package."""
        sdk = self._components.get(name)
        return Match(sdk, f"component {name}") if sdk else self.match_package(name)

    def by_native_lib(self, file_name: str) -> Sdk | None:
        return self._libs.get(file_name)

    def by_asset(self, path: str) -> Sdk | None:
        """An asset path relative to assets/ (exact file, or under a folder entry ending in /)."""
        for a, sdk in self._assets:
            if path == a or (a.endswith("/") and path.startswith(a)):
                return sdk
        return None

    def merged_with(self, extra: list[Sdk]) -> SdkDatabase:
        """A new database with `extra` added (imported entries never replace shipped ones)."""
        return SdkDatabase(list(self.sdks.values()) + [s for s in extra if s.id not in self.sdks])

    def overridden_by(self, user: list[Sdk], disabled: tuple[str, ...] = ()) -> SdkDatabase:
        """A new database where `user` entries replace shipped ones of the same id and `disabled` ids go."""
        mine = {s.id: s for s in user}
        kept = [mine.pop(s.id, s) for s in self.sdks.values() if s.id not in disabled]
        return SdkDatabase(kept + list(mine.values()))


def is_framework(class_name: str) -> bool:
    """True for platform classes (java.*, android.*, ...), which never count as the caller."""
    return class_name.startswith(FRAMEWORK_PREFIXES)


# ---- loading ------------------------------------------------------------------------------------

def _strings(where: str, item: dict[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def sdk_from_entry(item: Any, where: str) -> Sdk:
    """One YAML entry as an Sdk; InputError naming `where` and the problem."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"].strip():
        raise InputError(f"{where}: an entry needs an 'id' string")
    where = f"{where}: {item['id']}"
    unknown = sorted(set(item) - FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    for key in ("name", "vendor"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise InputError(f"{where}: '{key}' must be a non-empty string")
    kind = item.get("kind", "sdk")
    if kind not in KINDS:
        raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    sig = {k: _strings(where, item, k) for k in (*SIGNATURES, "sources")}
    if not any(sig[k] for k in SIGNATURES):
        raise InputError(f"{where}: no signature (one of {', '.join(SIGNATURES)})")
    for rx in sig["classes"]:
        try:
            re.compile(rx)
        except re.error as e:
            raise InputError(f"{where}: bad class regex {rx!r}: {e}") from None
    category = item.get("category") or ("library" if kind == "library" else "")
    return Sdk(id=item["id"].strip(), name=item["name"].strip(), vendor=item["vendor"].strip(),
               category=str(category), kind=kind, packages=sig["packages"], code_regex=sig["classes"],
               domains=tuple(d.lower() for d in sig["domains"]), meta_data=sig["meta_data"],
               components=sig["components"], native_libs=sig["native_libs"], assets=sig["assets"],
               sources=sig["sources"])


def parse_entries(text: str, where: str) -> tuple[list[Sdk], list[str]]:
    """(entries, ids marked `disabled: true`) of one YAML file's `sdks:` list."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        raise InputError(f"{where}{at}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    items = data.get("sdks") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(f"{where}: expected a top-level 'sdks:' list")
    out, disabled = [], []
    for item in items:
        if isinstance(item, dict) and item.get("disabled") is True and isinstance(item.get("id"), str):
            disabled.append(item["id"])
            continue
        out.append(sdk_from_entry(item, where))
    return out, disabled


def shipped_entries() -> list[Sdk]:
    """sdks.yaml then sdks.d/*.yaml in name order; a duplicate id is an error in the shipped files."""
    root = resources.files("harness.detect")
    files = [root.joinpath("sdks.yaml")]
    files += sorted((f for f in root.joinpath("sdks.d").iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    out: list[Sdk] = []
    seen: dict[str, str] = {}
    for f in files:
        entries, _ = parse_entries(f.read_text(encoding="utf-8"), f"harness/detect/{f.name}")
        for s in entries:
            if s.id in seen:
                raise InputError(f"harness/detect/{f.name}: {s.id}: id already defined in {seen[s.id]}")
            seen[s.id] = f.name
            out.append(s)
    return out


def load_sdk_database(path: Path | None = None) -> SdkDatabase:
    """The shipped knowledge base, or the shipped one overridden by a user file (see `load_user_database`)."""
    return sdk_database() if path is None else load_user_database(Path(path))


def load_user_database(path: Path, base: SdkDatabase | None = None) -> SdkDatabase:
    """Merge rule: a user entry replaces the shipped entry of the same id whole; a new id is added;
    `{id: X, disabled: true}` removes X. InputError (exit 2) for a missing or malformed file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}") from None
    entries, disabled = parse_entries(text, str(path))
    return (base or sdk_database()).overridden_by(entries, tuple(disabled))


@cache
def sdk_database() -> SdkDatabase:
    """The shipped database, loaded once."""
    return SdkDatabase(shipped_entries())


def build_database(sdk_db: Path | None = None, trackers: Path | None = None) -> SdkDatabase:
    """The database a command uses: shipped, then the user file's overrides, then Exodus additions."""
    db = sdk_database() if sdk_db is None else load_user_database(Path(sdk_db))
    if trackers is not None:
        db = db.merged_with(load_exodus_trackers(Path(trackers)))
    return db


def load_exodus_trackers(path: Path) -> list[Sdk]:
    """Read an Exodus-format tracker list ({"trackers": {id: {name, code_signature, network_signature}}})."""
    path = Path(path)
    try:
        data = safeload.loads(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    trackers = data.get("trackers") if isinstance(data, dict) else None
    if isinstance(trackers, dict):
        items = list(trackers.items())
    elif isinstance(trackers, list):
        items = [(str(t.get("id", i)) if isinstance(t, dict) else str(i), t) for i, t in enumerate(trackers)]
    else:
        raise InputError(f"{path}: no 'trackers' object (Exodus format expected)")
    out = []
    for key, t in items:
        if not isinstance(t, dict) or "name" not in t:
            raise InputError(f"{path}: tracker {key}: missing 'name'")
        code = [r for r in str(t.get("code_signature") or "").split("|") if r]
        net = [r for r in str(t.get("network_signature") or "").split("|") if r]
        try:
            for r in code + net:
                re.compile(r)
        except (re.error, RecursionError, OverflowError) as e:
            raise InputError(f"{path}: tracker {key}: bad signature regex: {str(e)[:100]}") from None
        out.append(Sdk(id=f"exodus:{key}", name=str(t["name"]), vendor=str(t.get("website", "")),
                       category=",".join(map(str, cats if isinstance(cats := t.get("categories"), list) else [])),
                       code_regex=tuple(code), network_regex=tuple(net), sources=(f"exodus:{key}",)))
    return out
