"""What an app declares, as frozen objects. The loader (loader.py) builds these from YAML.

Analysis reads only these objects, so the YAML schema can grow without touching rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FunctionKind(StrEnum):
    BASIC = "basic"
    """Needed for the app's basic function (基本业务功能)."""
    EXTENDED = "extended"
    """Only for an extended function the user can turn on (扩展业务功能)."""


class CollectionTime(StrEnum):
    ON_CONSENT = "on_consent"
    """Collected once the user agreed to the policy."""
    ON_FEATURE_USE = "on_feature_use"
    """Collected only when the user uses the named feature."""


@dataclass(frozen=True, slots=True)
class Frequency:
    """A declared frequency limit: at most `count` reads per `per_seconds`."""

    count: int
    per_seconds: float


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a declared item came from in an imported label (data safety CSV, 收集/共享清单)."""

    file: str
    row: int
    """1-based: the CSV row, or the source line of a table row or list entry."""
    column: str = ""
    """The column (header text or question id) the value was read from."""

    def __str__(self) -> str:
        return f"{self.file}:{self.row}" + (f" [{self.column}]" if self.column else "")


@dataclass(frozen=True, slots=True)
class DataItem:
    type: str
    """Taxonomy id."""
    purpose: str = ""
    function: FunctionKind = FunctionKind.BASIC
    when: CollectionTime = CollectionTime.ON_CONSENT
    feature: str | None = None
    """Feature name when `when` is on_feature_use."""
    background: bool = False
    """Background collection declared."""
    frequency: Frequency | None = None
    separate_consent: bool = False
    """A separate consent (单独同意) is obtained for this (sensitive) type."""
    line: int = 0
    """Line in the policy file, for messages that point back at it."""
    citation: tuple[str, ...] = ()
    """Sentences of the policy text this item was drafted from (`source:`), for review."""
    provenance: Provenance | None = None
    """Set by the label importers (harness/labels): file, row and column of the declaration."""


@dataclass(frozen=True, slots=True)
class ThirdParty:
    name: str
    packages: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    data_types: tuple[str, ...] = ()
    purpose: str = ""
    disclosed: bool = True
    """Whether the user is told (listed in the SDK list / 第三方共享清单)."""
    sdk_id: str | None = None
    """Id in the SDK database when the entry names a known SDK."""
    line: int = 0
    company: str = ""
    """The legal entity behind it (PIPL Art. 23 requires naming the recipient)."""
    citation: tuple[str, ...] = ()
    """Sentences or SDK-table rows this entry was drafted from (`source:`)."""
    provenance: Provenance | None = None
    """Set by the label importers (harness/labels): file, row and column of the declaration."""

    def covers_package(self, class_name: str) -> bool:
        """Whether a class or package name lies under one of the declared package prefixes."""
        return any(_under(class_name, p) for p in self.packages)

    def covers_host(self, host: str) -> bool:
        """Whether a host is one of the declared domains or a subdomain of one."""
        return any(_host_under(host.lower().rstrip("."), d.lower()) for d in self.domains)


@dataclass(frozen=True, slots=True)
class DeclaredPermission:
    """An Android permission group the policy says the app asks for, and why.

    A permission is not a data type (电话权限 yields device identifiers, 存储权限 whatever files are
    read), so the policy lists them apart: 164号 2.1 and TC260-PG-20204A 3.2(b) want the purpose of
    each permission told, and 认定方法 2.1 wants the app's and its SDKs' permissions listed one by one.
    """

    group: str
    """Permission group as in harness/taxonomy/permissions.yaml (TC260-PG-20204A Annex A names)."""
    purpose: str = ""
    line: int = 0
    citation: tuple[str, ...] = ()
    """Sentences or table rows of the policy text this entry was drafted from (`source:`)."""


@dataclass(frozen=True, slots=True)
class AppInfo:
    package: str
    category: str
    """One of the 39 category keys of the necessary-PI rule, or `other`."""
    name: str = ""
    first_party_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    app: AppInfo
    data: tuple[DataItem, ...] = ()
    third_parties: tuple[ThirdParty, ...] = ()
    cross_border: bool = False
    source: str = ""
    """Path of the YAML file it was read from."""
    features: tuple[str, ...] = field(default=())
    """Names of extended features the policy describes."""
    permissions: tuple[DeclaredPermission, ...] | None = None
    """Permission groups the policy explains; None when it has no `permissions:` list at all, so rules
    about unexplained permissions say "not assessed" instead of flagging every permission of an older file."""

    def declared_types(self) -> set[str]:
        return {d.type for d in self.data}

    def permission(self, group: str) -> DeclaredPermission | None:
        """The declared entry for a permission group (None also when the policy lists no permissions)."""
        return next((p for p in self.permissions or () if p.group == group), None)

    def item(self, type_id: str) -> DataItem | None:
        return next((d for d in self.data if d.type == type_id), None)

    def third_party_for_sdk(self, sdk_id: str) -> ThirdParty | None:
        return next((t for t in self.third_parties if t.sdk_id == sdk_id), None)

    def third_party_for_package(self, class_name: str) -> ThirdParty | None:
        """The declared third party whose package prefix (longest first) covers a class name."""
        hits = [(max(len(p) for p in t.packages if _under(class_name, p)), t)
                for t in self.third_parties if t.covers_package(class_name)]
        return max(hits, key=lambda h: h[0])[1] if hits else None

    def third_party_for_host(self, host: str) -> ThirdParty | None:
        """The declared third party whose domain (longest suffix first) covers a host."""
        host = host.lower().rstrip(".")
        hits = [(max(len(d) for d in t.domains if _host_under(host, d.lower())), t)
                for t in self.third_parties if t.covers_host(host)]
        return max(hits, key=lambda h: h[0])[1] if hits else None

    def is_first_party_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(_host_under(host, d.lower()) for d in self.app.first_party_domains)


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "$")


def _host_under(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)
