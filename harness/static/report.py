"""StaticReport: what an APK could do before it runs, as frozen objects and as static.json.

static.json (schema "aph-static/1"), written by the conductor into the run directory:

  schema, mode ("tables" | "deep"), category (str | null), notes [str]
  input     {path, kind: apk|apks|xapk|dir, files: [{name, sha256, size, split (null = base)}]}
  app       {package, version_code, version_name, min_sdk, target_sdk, app_name}
  signing   {schemes: ["v1","v2","v3","v31"], certificates: [{sha256, sha1, subject, issuer,
             not_before, not_after}]}
  permissions [{name, protection_level (dangerous|normal|signature|signatureOrSystem|special|unknown),
             group (taxonomy permission_group | null), special (kind | null), max_sdk, data_types [ids],
             used_in_code (true | false | null = cannot tell)}]
  special_permissions [{name, kind, via ("uses-permission" | "service:<cls>" | "receiver:<cls>")}]
  exported_components [{type, name, explicit, permission, actions [str], sdk_id}]
  network   {uses_cleartext_traffic (declared attribute | null), cleartext_default (effective),
             network_security_config: null | {resource, base_cleartext, trust_user_certs,
             domains: [{domain, include_subdomains, cleartext, pins}]}}
  meta_data [{name, value, sdk_id}]
  sdks      [{id, name, vendor (the organisation), category, source (sdk_db|exodus), kind (sdk|platform|library|app),
             evidence: {classes [first 10], class_count, components [str], meta_data [str], native_libs [str],
             assets [str], signatures [str]}}]
  call_sites [{caller, caller_class, api, descriptor, hook_id, data_type, permission,
             actor {kind (first_party|sdk|library|unknown), name, package, frame: null, sdk_id, org, sdk_kind,
             signature, via (app framework)}, dex}]   sorted by (api, caller, hook_id)
  attribution {call_sites, attributed, share, by_kind {first_party, sdk, library, unknown}}: how many call
             sites the knowledge base names (app, a named SDK or a named library)
  apis      [{hook_id, api, data_type, permission, callers, actors ["app" | sdk id | "unknown"]}]
  urls      [{url, host, sdk_id, sources [str]}];  hosts [{host, sdk_id}];  privacy_policy_urls [str]
  flags     [{id: target_sdk_below_23 | permissions_unused_in_code | permissions_unrelated_to_category,
             detail, items [str]}]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "aph-static/1"


@dataclass(frozen=True, slots=True)
class InputFile:
    name: str
    sha256: str
    size: int
    split: str | None = None


@dataclass(frozen=True, slots=True)
class Certificate:
    sha256: str
    sha1: str
    subject: str
    issuer: str
    not_before: str
    not_after: str


@dataclass(frozen=True, slots=True)
class Permission:
    name: str
    protection_level: str
    group: str | None
    special: str | None
    max_sdk: int | None
    data_types: tuple[str, ...]
    used_in_code: bool | None


@dataclass(frozen=True, slots=True)
class SpecialPermission:
    name: str
    kind: str
    via: str


@dataclass(frozen=True, slots=True)
class Component:
    type: str
    name: str
    explicit: bool
    """True when android:exported is written; False when exported by an intent filter (default)."""
    permission: str | None
    actions: tuple[str, ...]
    sdk_id: str | None


@dataclass(frozen=True, slots=True)
class DomainConfig:
    domain: str
    include_subdomains: bool
    cleartext: bool | None
    pins: int


@dataclass(frozen=True, slots=True)
class NetworkSecurityConfig:
    resource: str
    base_cleartext: bool | None
    trust_user_certs: bool
    domains: tuple[DomainConfig, ...]


@dataclass(frozen=True, slots=True)
class Network:
    uses_cleartext_traffic: bool | None
    cleartext_default: bool
    network_security_config: NetworkSecurityConfig | None


@dataclass(frozen=True, slots=True)
class MetaData:
    name: str
    value: str | None
    sdk_id: str | None


@dataclass(frozen=True, slots=True)
class SdkEvidence:
    classes: tuple[str, ...]
    class_count: int
    components: tuple[str, ...]
    meta_data: tuple[str, ...]
    native_libs: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    """The knowledge-base signatures that matched (e.g. "package com.facebook"), first few."""


@dataclass(frozen=True, slots=True)
class SdkFound:
    id: str
    name: str
    vendor: str
    category: str
    source: str
    evidence: SdkEvidence
    kind: str = "sdk"


@dataclass(frozen=True, slots=True)
class StaticCallSite:
    caller: str
    caller_class: str
    api: str
    descriptor: str
    hook_id: str
    data_type: str | None
    permission: str | None
    actor: dict[str, Any]
    dex: str

    @property
    def actor_key(self) -> str:
        return "app" if self.actor["kind"] == "first_party" else (self.actor.get("sdk_id") or "unknown")


@dataclass(frozen=True, slots=True)
class ApiUse:
    hook_id: str
    api: str
    data_type: str | None
    permission: str | None
    callers: int
    actors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Url:
    url: str
    host: str | None
    sdk_id: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Host:
    host: str
    sdk_id: str | None


@dataclass(frozen=True, slots=True)
class Flag:
    id: str
    detail: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AppFacts:
    package: str
    version_code: int | None
    version_name: str | None
    min_sdk: int | None
    target_sdk: int | None
    app_name: str | None


@dataclass(frozen=True, slots=True)
class Signing:
    schemes: tuple[str, ...]
    certificates: tuple[Certificate, ...]


@dataclass(frozen=True, slots=True)
class StaticReport:
    mode: str
    input_path: str
    input_kind: str
    files: tuple[InputFile, ...]
    app: AppFacts
    signing: Signing
    permissions: tuple[Permission, ...]
    special_permissions: tuple[SpecialPermission, ...]
    exported_components: tuple[Component, ...]
    network: Network
    meta_data: tuple[MetaData, ...]
    sdks: tuple[SdkFound, ...]
    call_sites: tuple[StaticCallSite, ...]
    apis: tuple[ApiUse, ...]
    urls: tuple[Url, ...]
    hosts: tuple[Host, ...]
    privacy_policy_urls: tuple[str, ...]
    flags: tuple[Flag, ...]
    category: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def package(self) -> str:
        return self.app.package

    @property
    def target_sdk(self) -> int | None:
        return self.app.target_sdk

    def sdk_ids(self) -> list[str]:
        return [s.id for s in self.sdks]

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.flags if f.id == flag_id), None)

    def attribution(self) -> dict[str, Any]:
        """Share of call sites attributed to the app, a named SDK or a named library."""
        by_kind = {"first_party": 0, "sdk": 0, "library": 0, "unknown": 0}
        for c in self.call_sites:
            k = c.actor.get("kind")
            by_kind[k if k in by_kind else "unknown"] += 1
        n = len(self.call_sites)
        named = n - by_kind["unknown"]
        return {"call_sites": n, "attributed": named, "share": round(named / n, 4) if n else None, "by_kind": by_kind}

    def api_set(self) -> set[tuple[str, str]]:
        """{(hook_id, actor key)}: what both analysis modes must agree on."""
        return {(c.hook_id, c.actor_key) for c in self.call_sites}

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return {
            "schema": SCHEMA, "mode": self.mode,
            "input": {"path": self.input_path, "kind": self.input_kind, "files": d["files"]},
            "app": d["app"], "signing": d["signing"], "permissions": d["permissions"],
            "special_permissions": d["special_permissions"], "exported_components": d["exported_components"],
            "network": d["network"], "meta_data": d["meta_data"], "sdks": d["sdks"],
            "call_sites": d["call_sites"], "attribution": self.attribution(), "apis": d["apis"], "urls": d["urls"], "hosts": d["hosts"],
            "privacy_policy_urls": d["privacy_policy_urls"], "flags": d["flags"],
            "category": self.category, "notes": d["notes"],
        }
