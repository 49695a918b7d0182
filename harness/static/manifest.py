"""Manifest facts: identity, signing, permissions, exported components, cleartext, meta-data.

Read from androguard's parsed binary manifest (an lxml tree). Exported-ness follows the
platform rules, not just the attribute: a component with an intent filter and no
`android:exported` is exported (the pre-Android-12 default the attribute now must spell
out), and a provider without the attribute is exported when targetSdk <= 16.
"""

from __future__ import annotations

from typing import Any

from harness.detect.sdk_db import SdkDatabase
from harness.static import permissions as perms
from harness.static.report import (
    AppFacts,
    Certificate,
    Component,
    DomainConfig,
    MetaData,
    Network,
    NetworkSecurityConfig,
    Signing,
    SpecialPermission,
)

NS = "{http://schemas.android.com/apk/res/android}"
COMPONENT_TAGS = ("activity", "activity-alias", "service", "receiver", "provider")


def _int(value: Any) -> int | None:
    try:
        return int(str(value), 0) if value is not None else None
    except ValueError:
        return None


def _bool(value: Any) -> bool | None:
    v = str(value).strip().lower() if value is not None else None
    return True if v == "true" else False if v == "false" else None


def full_name(package: str, name: str | None) -> str:
    """'.MainActivity' -> 'com.example.app.MainActivity'; 'Main' -> 'com.example.app.Main'."""
    if not name:
        return ""
    if name.startswith("."):
        return package + name
    return name if "." in name else f"{package}.{name}"


def app_facts(apk: Any) -> AppFacts:
    try:
        name = apk.get_app_name() or None
    except Exception:  # noqa: BLE001 - a broken label resource must not sink the report
        name = None
    return AppFacts(
        package=apk.get_package(), version_code=_int(apk.get_androidversion_code()),
        version_name=apk.get_androidversion_name() or None, min_sdk=_int(apk.get_min_sdk_version()),
        target_sdk=_int(apk.get_target_sdk_version()) or _int(apk.get_min_sdk_version()), app_name=name)


def signing(apk: Any) -> Signing:
    schemes = [s for s, check in (("v1", apk.is_signed_v1), ("v2", apk.is_signed_v2), ("v3", apk.is_signed_v3),
                                  ("v31", getattr(apk, "is_signed_v31", lambda: False))) if _safe(check)]
    certs: list[Certificate] = []
    seen: set[str] = set()
    try:
        found = apk.get_certificates()
    except Exception:  # noqa: BLE001 - a malformed signature block: report no certificate
        found = []
    for c in found:
        digest = c.sha256.hex()
        if digest in seen:
            continue
        seen.add(digest)
        certs.append(Certificate(sha256=digest, sha1=c.sha1.hex(), subject=c.subject.human_friendly,
                                 issuer=c.issuer.human_friendly, not_before=c.not_valid_before.isoformat(),
                                 not_after=c.not_valid_after.isoformat()))
    return Signing(tuple(schemes), tuple(certs))


def _safe(check: Any) -> bool:
    try:
        return bool(check())
    except Exception:  # noqa: BLE001
        return False


def uses_permissions(xml: Any) -> list[tuple[str, int | None]]:
    out: dict[str, int | None] = {}
    for tag in ("uses-permission", "uses-permission-sdk-23", "uses-permission-sdk-m"):
        for el in xml.iter(tag):
            name = el.get(NS + "name")
            if name:
                out.setdefault(name, _int(el.get(NS + "maxSdkVersion")))
    return list(out.items())


def _components(xml: Any, package: str) -> list[tuple[str, Any, str]]:
    app = xml.find("application")
    if app is None:
        return []
    return [(el.tag, el, full_name(package, el.get(NS + "name") or el.get(NS + "targetActivity")))
            for el in app if el.tag in COMPONENT_TAGS]


def component_names(xml: Any, package: str) -> list[str]:
    return [name for _, _, name in _components(xml, package) if name]


def exported_components(xml: Any, package: str, target_sdk: int | None, db: SdkDatabase) -> list[Component]:
    out = []
    for tag, el, name in _components(xml, package):
        explicit = _bool(el.get(NS + "exported"))
        filters = el.findall("intent-filter")
        if explicit is not None:
            exported = explicit
        elif tag == "provider":
            exported = (target_sdk or 0) <= 16
        else:
            exported = bool(filters)
        if not exported:
            continue
        actions = tuple(a.get(NS + "name") for f in filters for a in f.findall("action") if a.get(NS + "name"))
        m = db.by_component(name)
        out.append(Component(tag, name, explicit is not None, el.get(NS + "permission"), actions,
                             m.sdk.id if m else None))
    return out


def special_permissions(xml: Any, package: str, requested: list[str]) -> list[SpecialPermission]:
    out = [SpecialPermission(p, kind, "uses-permission") for p in requested if (kind := perms.special_kind(p))]
    for tag, el, name in _components(xml, package):
        guard = el.get(NS + "permission")
        kind = perms.special_kind(guard) if guard else None
        if kind and tag in ("service", "receiver"):
            out.append(SpecialPermission(guard, kind, f"{tag}:{name}"))
    return out


def meta_data(xml: Any, db: SdkDatabase) -> list[MetaData]:
    app = xml.find("application")
    if app is None:
        return []
    out = []
    for el in app.findall("meta-data"):
        name = el.get(NS + "name")
        if not name:
            continue
        value = el.get(NS + "value") or el.get(NS + "resource")
        sdk = db.by_meta_data(name)
        out.append(MetaData(name, str(value) if value is not None else None, sdk.id if sdk else None))
    return out


def network(apk: Any, xml: Any, target_sdk: int | None) -> Network:
    app = xml.find("application")
    attr = _bool(app.get(NS + "usesCleartextTraffic")) if app is not None else None
    nsc = _network_security_config(apk, app.get(NS + "networkSecurityConfig")) if app is not None else None
    platform_default = (target_sdk or 0) < 28
    if nsc is not None:  # API 24+: the config wins and usesCleartextTraffic is ignored
        default = nsc.base_cleartext if nsc.base_cleartext is not None else platform_default
    else:
        default = attr if attr is not None else platform_default
    return Network(attr, default, nsc)


def _network_security_config(apk: Any, ref: str | None) -> NetworkSecurityConfig | None:
    if not ref:
        return None
    resource = _resource_path(apk, ref)
    if resource is None:
        return None
    try:
        from androguard.core.axml import AXMLPrinter

        root = AXMLPrinter(apk.get_file(resource)).get_xml_obj()
    except Exception:  # noqa: BLE001 - unreadable config: say so through a None config
        return None
    if root is None:
        return None
    base = root.find("base-config")
    base_clear = _bool(base.get("cleartextTrafficPermitted")) if base is not None else None
    trust_user = any(c.get("src") == "user" for scope in [base, *root.iter("domain-config")] if scope is not None
                     for ta in scope.findall("trust-anchors") for c in ta.findall("certificates"))
    domains = []
    for dc in root.iter("domain-config"):
        clear = _bool(dc.get("cleartextTrafficPermitted"))
        pins = sum(len(ps.findall("pin")) for ps in dc.findall("pin-set"))
        for d in dc.findall("domain"):
            if d.text:
                domains.append(DomainConfig(d.text.strip(), bool(_bool(d.get("includeSubdomains"))), clear, pins))
    return NetworkSecurityConfig(resource, base_clear, trust_user, tuple(domains))


def _resource_path(apk: Any, ref: str) -> str | None:
    """'@7F020000' -> 'res/xml/network_security_config.xml' (first configuration)."""
    if ref.startswith("res/"):
        return ref
    rid = _int("0x" + ref.lstrip("@")) if ref.startswith("@") else None
    if rid is None:
        return None
    try:
        configs = apk.get_android_resources().get_resolved_res_configs(rid)
    except Exception:  # noqa: BLE001
        return None
    for _, value in configs:
        if isinstance(value, str) and value.startswith("res/"):
            return value
    return None
