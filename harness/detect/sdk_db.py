"""The SDK/tracker database, one for stack attribution, host attribution and static detection.

Package prefixes and host suffixes are matched longest first on name boundaries, so
`com.google.android.gms.ads.identifier` wins over `com.google.android.gms.ads` and
`com.umengx` never matches `com.umeng`. An Exodus-format tracker JSON can be merged in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from harness import safeload
from harness.errors import InputError

# Frames of these packages are the platform, not a caller (stack attribution skips them).
FRAMEWORK_PREFIXES: tuple[str, ...] = (
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "android.", "androidx.", "com.android.",
    "dalvik.", "libcore.", "kotlin.", "kotlinx.", "org.apache.harmony.", "org.json.", "org.xml.",
    "com.google.android.collect.", "org.chromium.", "java.base/",
)


@dataclass(frozen=True, slots=True)
class Sdk:
    id: str
    name: str
    vendor: str
    category: str
    packages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    meta_data: tuple[str, ...] = ()
    code_regex: tuple[str, ...] = field(default=())
    """Exodus `code_signature` regexes (imported trackers only)."""
    network_regex: tuple[str, ...] = field(default=())
    """Exodus `network_signature` regexes (imported trackers only)."""


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "$")


def _host_under(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


class SdkDatabase:
    """Lookups from class names, hosts and manifest meta-data keys to SDKs."""

    def __init__(self, sdks: list[Sdk]) -> None:
        self.sdks = {s.id: s for s in sdks}
        self._prefixes = sorted(((p, s) for s in sdks for p in s.packages), key=lambda x: -len(x[0]))
        self._domains = sorted(((d, s) for s in sdks for d in s.domains), key=lambda x: -len(x[0]))
        self._meta = {k: s for s in sdks for k in s.meta_data}
        self._code_res = [(re.compile(r), s) for s in sdks for r in s.code_regex]
        self._net_res = [(re.compile(r), s) for s in sdks for r in s.network_regex]

    def by_package(self, class_name: str) -> Sdk | None:
        """SDK owning a class or package name (longest prefix on a name boundary), else None."""
        for prefix, sdk in self._prefixes:
            if _under(class_name, prefix):
                return sdk
        for rx, sdk in self._code_res:
            if rx.search(class_name):
                return sdk
        return None

    def by_host(self, host: str) -> Sdk | None:
        """SDK or tracker behind a host name (longest domain suffix), else None."""
        host = host.lower().rstrip(".")
        for suffix, sdk in self._domains:
            if _host_under(host, suffix):
                return sdk
        for rx, sdk in self._net_res:
            if rx.search(host):
                return sdk
        return None

    def by_meta_data(self, key: str) -> Sdk | None:
        return self._meta.get(key)

    def merged_with(self, extra: list[Sdk]) -> SdkDatabase:
        """A new database with `extra` added (imported entries never replace shipped ones)."""
        return SdkDatabase(list(self.sdks.values()) + [s for s in extra if s.id not in self.sdks])


def is_framework(class_name: str) -> bool:
    """True for platform classes (java.*, android.*, ...), which never count as the caller."""
    return class_name.startswith(FRAMEWORK_PREFIXES)


def _sdk_from_yaml(item: dict) -> Sdk:
    return Sdk(
        id=item["id"], name=item["name"], vendor=item.get("vendor", ""), category=item.get("category", ""),
        packages=tuple(item.get("packages", [])), domains=tuple(item.get("domains", [])),
        meta_data=tuple(item.get("meta_data", [])),
    )


def load_sdk_database(path: Path | None = None) -> SdkDatabase:
    if path is None:
        text = resources.files("harness.detect").joinpath("sdks.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return SdkDatabase([_sdk_from_yaml(i) for i in (yaml.safe_load(text) or {}).get("sdks", [])])


@cache
def sdk_database() -> SdkDatabase:
    """The shipped database, loaded once."""
    return load_sdk_database()


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
                       code_regex=tuple(code),
                       network_regex=tuple(net)))
    return out
