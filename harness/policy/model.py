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

    def declared_types(self) -> set[str]:
        return {d.type for d in self.data}

    def item(self, type_id: str) -> DataItem | None:
        return next((d for d in self.data if d.type == type_id), None)
