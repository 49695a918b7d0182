"""analyze_apk: manifest + code + strings of an APK (or split set) into one StaticReport.

Two code paths give the same call sites: the default reads DEX tables directly
(harness.static.dex, fast and small), `deep=True` builds androguard's full Analysis and
walks its xrefs (harness.static.deep). Everything after "which method calls which
reference, with which literals" is shared, so the two can only differ in what they read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from harness.agent.catalogue import default_catalogue
from harness.detect.attribution import attribute_stack
from harness.detect.sdk_db import Match, Sdk, SdkDatabase, build_database, is_framework
from harness.errors import ApkError
from harness.policy import baseline
from harness.static import manifest as mf
from harness.static import permissions as perms
from harness.static import urls as urlmod
from harness.static.apis import ApiIndex, filter_matches
from harness.static.code import scan_tables
from harness.static.dex import CallSite
from harness.static.inputs import ApkSet, Part, open_input
from harness.static.report import (
    ApiUse,
    Flag,
    Host,
    Permission,
    SdkEvidence,
    SdkFound,
    StaticCallSite,
    StaticReport,
    Url,
)
from harness.taxonomy import taxonomy

EVIDENCE_CLASSES = 10


def analyze_apk(path: Path, *, deep: bool = False, trackers: Path | None = None, category: str | None = None,
                catalogue: Iterable[Any] | None = None, sdk_db: Path | None = None) -> StaticReport:
    """Static facts about an APK, an .apks/.xapk or a folder of splits. ApkError when unreadable.

    `catalogue`: hook entries to look for (default: harness.agent.catalogue.default_catalogue(), read once per process).
    `category`: a necessary-PI baseline key; unknown keys raise PolicyError before any work.
    `sdk_db`: a user knowledge-base file that overrides shipped entries by id; `trackers`: an Exodus list to add.
    """
    notes: list[str] = []
    if category:
        baseline.category(category)  # PolicyError (exit 2) for an unknown category key, before any work
    db = build_database(sdk_db, trackers)
    entries = list(catalogue if catalogue is not None else default_catalogue().entries)
    index = ApiIndex(entries)

    aset = open_input(Path(path))
    apk = aset.base.apk
    xml = apk.get_android_manifest_xml()
    app = mf.app_facts(apk)
    pkg = app.package
    dex_blobs = [blob for part in aset.parts for blob in part.dex_files()]
    if not dex_blobs:
        notes.append("no DEX code in the input (resource-only APK?): no classes, call sites or code strings")

    try:
        if deep:
            from harness.static.deep import scan_deep

            code = scan_deep(aset, dex_blobs, index)
        else:
            code = scan_tables(dex_blobs, index)
        url_map = urlmod.collect([*code.strings, *_resource_strings(aset)])
    except ApkError as e:
        raise ApkError(f"{path}: {e}") from None
    except Exception as e:  # noqa: BLE001 - offsets past the end, bad LEB128...: a malformed DEX is bad input
        raise ApkError(f"{path}: malformed DEX code ({type(e).__name__}: {str(e)[:120]})") from None

    sites = _call_sites(code.sites, index, code.hierarchy, pkg, db)
    requested = mf.uses_permissions(xml)
    permissions = _permissions(requested, entries, sites)
    urls = tuple(Url(u, h, _sdk_id(db.by_host(h)) if h else None, tuple(src))
                 for u, src in sorted(url_map.items()) for h in [urlmod.host_of(u)])
    hosts = tuple(Host(h, _sdk_id(db.by_host(h))) for h in sorted({u.host for u in urls if u.host}))
    meta = mf.meta_data(xml, db)
    sdks = _sdks(code.classes, mf.component_names(xml, pkg), meta, db, _packaged_files(aset))
    flags = _flags(app.target_sdk, permissions, category)

    return StaticReport(
        mode="deep" if deep else "tables", input_path=str(path), input_kind=aset.kind, files=tuple(aset.files),
        app=app, signing=mf.signing(apk), permissions=permissions,
        special_permissions=tuple(mf.special_permissions(xml, pkg, [n for n, _ in requested])),
        exported_components=tuple(mf.exported_components(xml, pkg, app.target_sdk, db)),
        network=mf.network(apk, xml, app.target_sdk), meta_data=tuple(meta), sdks=sdks, call_sites=sites,
        apis=_api_summary(sites), urls=urls, hosts=hosts,
        privacy_policy_urls=tuple(u.url for u in urls if urlmod.is_policy_url(u.url)), flags=flags,
        category=category, notes=tuple(notes))




# ---- shared -----------------------------------------------------------------------------------

def _call_sites(raw: list[tuple[str, CallSite]], index: ApiIndex, hierarchy: dict[str, str], pkg: str,
                db: SdkDatabase) -> tuple[StaticCallSite, ...]:
    out: dict[tuple[str, str, str], StaticCallSite] = {}
    for dex_name, site in raw:
        if is_framework(site.caller_class):
            continue  # an app copy of a platform class (e.g. androidx) is not a caller of interest
        for entry in index.candidates(site.callee, hierarchy):
            if not filter_matches(entry, site.strings, site.fields, pkg):
                continue
            caller = f"{site.caller_class}.{site.caller_method}"
            key = (caller, entry.id, site.callee.descriptor)
            if key in out:
                continue
            actor = attribute_stack([f"{caller}(Unknown Source)"], (pkg,), db)
            actor["frame"] = None
            out[key] = StaticCallSite(
                caller=caller, caller_class=site.caller_class, api=f"{entry.java_class}.{entry.method}",
                descriptor=site.callee.descriptor, hook_id=entry.id, data_type=entry.data_type,
                permission=entry.permission, actor=actor, dex=dex_name)
    return tuple(sorted(out.values(), key=lambda c: (c.api, c.caller, c.hook_id, c.descriptor)))


def _api_summary(sites: tuple[StaticCallSite, ...]) -> tuple[ApiUse, ...]:
    groups: dict[str, list[StaticCallSite]] = {}
    for s in sites:
        groups.setdefault(s.hook_id, []).append(s)
    return tuple(ApiUse(hook_id=h, api=g[0].api, data_type=g[0].data_type, permission=g[0].permission,
                        callers=len({s.caller for s in g}), actors=tuple(sorted({s.actor_key for s in g})))
                 for h, g in sorted(groups.items()))


def _permissions(requested: list[tuple[str, int | None]], entries: list[Any],
                 sites: tuple[StaticCallSite, ...]) -> tuple[Permission, ...]:
    tax = taxonomy()
    by_perm: dict[str, set[str]] = {}
    for e in entries:
        if e.permission:
            by_perm.setdefault(e.permission, set())
            if e.data_type:
                by_perm[e.permission].add(e.data_type)
    used_perms = {s.permission for s in sites if s.permission}
    used_groups = {g for s in sites if (t := tax.maybe(s.data_type)) and (g := t.permission_group)}
    out = []
    for name, max_sdk in requested:
        grp = perms.group(name)
        types = {*by_perm.get(name, ()), *perms.data_types(name)}
        judgeable = grp is not None or name in by_perm
        used = (name in used_perms or (grp is not None and grp in used_groups)) if judgeable else None
        out.append(Permission(name=name, protection_level=perms.protection_level(name), group=grp,
                              special=perms.special_kind(name), max_sdk=max_sdk, data_types=tuple(sorted(types)),
                              used_in_code=used))
    return tuple(sorted(out, key=lambda p: p.name))


def _packaged_files(aset: ApkSet) -> tuple[list[str], list[str]]:
    """(native library file names under lib/<abi>/, paths under assets/) of every part."""
    libs: set[str] = set()
    assets: set[str] = set()
    for part in aset.parts:
        for name in part.apk.get_files():
            if name.startswith("lib/") and name.endswith(".so") and name.count("/") == 2:
                libs.add(name.rsplit("/", 1)[1])
            elif name.startswith("assets/"):
                assets.add(name[len("assets/"):])
    return sorted(libs), sorted(assets)


def _sdks(classes: list[str], components: list[str], meta: list[Any], db: SdkDatabase,
          files: tuple[list[str], list[str]] = ([], [])) -> tuple[SdkFound, ...]:
    """Every knowledge-base entry with evidence: classes, components, meta-data keys, native libraries, assets."""
    found: dict[str, tuple[Sdk, list[list[str]], dict[str, None]]] = {}

    def slot(sdk: Sdk, signature: str) -> list[list[str]]:
        entry = found.setdefault(sdk.id, (sdk, [[], [], [], [], []], {}))
        if len(entry[2]) < EVIDENCE_CLASSES:
            entry[2][signature] = None
        return entry[1]

    for cls, m in _classify(classes, db):
        slot(m.sdk, m.signature)[0].append(cls)
    for name in components:
        if m := db.by_component(name):
            slot(m.sdk, m.signature)[1].append(name)
    for md in meta:
        if md.sdk_id and (sdk := db.sdks.get(md.sdk_id)):
            slot(sdk, f"meta-data {md.name}")[2].append(md.name)
    libs, assets = files
    for lib in libs:
        if sdk := db.by_native_lib(lib):
            slot(sdk, f"native library {lib}")[3].append(lib)
    for asset in assets:
        if sdk := db.by_asset(asset):
            slot(sdk, f"asset {asset}")[4].append(asset)
    out = []
    for sdk_id, (sdk, (cls, comps, keys, so, asset_hits), sigs) in sorted(found.items()):
        cls.sort()
        out.append(SdkFound(id=sdk_id, name=sdk.name, vendor=sdk.vendor, category=sdk.category,
                            source="exodus" if sdk_id.startswith("exodus:") else "sdk_db", kind=sdk.kind,
                            evidence=SdkEvidence(tuple(cls[:EVIDENCE_CLASSES]), len(cls), tuple(comps), tuple(keys),
                                                 tuple(so), tuple(asset_hits[:EVIDENCE_CLASSES]), tuple(sigs))))
    return tuple(out)


def _classify(classes: Iterable[str], db: SdkDatabase) -> Iterator[tuple[str, Match]]:
    """(class, match) for classes under an SDK prefix.

    One lookup per package: a package-level prefix decides on the package alone. Prefixes that
    name a class (com.facebook.FacebookSdk) are checked per class. Exodus regexes are assumed
    to describe packages, as the Exodus list's signatures do.
    """
    class_prefixes = tuple(p for s in db.sdks.values() for p in s.packages if p.rsplit(".", 1)[-1][:1].isupper())
    per_package: dict[str, Match | None] = {}
    for cls in classes:
        if class_prefixes and cls.startswith(class_prefixes):
            m = db.match_package(cls)
        else:
            pkg = cls.rpartition(".")[0]
            if pkg and pkg in per_package:
                m = per_package[pkg]
            else:
                m = db.match_package(cls)
                if pkg:
                    per_package[pkg] = m
        if m is not None:
            yield cls, m


def _resource_strings(aset: ApkSet) -> Iterator[tuple[str, Iterable[str]]]:
    for part in aset.parts:
        prefix = "" if part.split is None else f"{part.name}!"
        yield from _part_strings(part, prefix)


def _part_strings(part: Part, prefix: str) -> Iterator[tuple[str, Iterable[str]]]:
    apk = part.apk
    files = apk.get_files()
    if "resources.arsc" in files:
        try:
            pool = apk.get_android_resources().stringpool_main
            yield f"{prefix}resources.arsc", [pool.getString(i) for i in range(pool.stringCount)]
        except Exception:  # noqa: BLE001 - a damaged resource table must not hide the rest
            pass
    for name in files:
        if name.startswith(("res/xml/", "res/raw/")) and name.endswith(".xml"):
            yield f"{prefix}{name}", _axml_strings(apk.get_file(name))
        elif name.startswith("assets/") and urlmod.TEXT_ASSET.search(name):
            data = apk.get_file(name)
            if len(data) <= urlmod.MAX_ASSET:
                yield f"{prefix}{name}", [data.decode("utf-8", "replace")]


def _axml_strings(data: bytes) -> list[str]:
    if not data.startswith(b"\x03\x00"):
        return [data.decode("utf-8", "replace")]  # a plain-text XML shipped as a raw resource
    try:
        from androguard.core.axml import AXMLParser

        sb = AXMLParser(data).sb
        return [sb.getString(i) for i in range(sb.stringCount)]
    except Exception:  # noqa: BLE001
        return []


def _flags(target_sdk: int | None, permissions: tuple[Permission, ...], category: str | None) -> tuple[Flag, ...]:
    flags = []
    if target_sdk is not None and target_sdk < 23:
        dangerous = tuple(p.name for p in permissions if p.protection_level == "dangerous")
        flags.append(Flag("target_sdk_below_23",
                          f"targetSdkVersion {target_sdk} < 23: all {len(dangerous)} dangerous permissions are "
                          "granted at install, in one bundled consent, with no runtime prompt", dangerous))
    unused = tuple(p.name for p in permissions if p.used_in_code is False)
    if unused:
        flags.append(Flag("permissions_unused_in_code",
                          f"{len(unused)} permission(s) requested but no catalogue API that needs them is "
                          "referenced in the code", unused))
    if category and baseline.has_baseline(category):
        unrelated = tuple(p.name for p in permissions
                          if p.data_types and not any(baseline.is_necessary(category, t) for t in p.data_types))
        if unrelated:
            flags.append(Flag("permissions_unrelated_to_category",
                              f"{len(unrelated)} permission(s) reach only data that is not necessary for "
                              f"the basic function of category '{category}'", unrelated))
    return tuple(flags)


def _sdk_id(sdk: Sdk | None) -> str | None:
    return sdk.id if sdk else None


__all__ = ["ApkError", "analyze_apk", "scan_tables"]
