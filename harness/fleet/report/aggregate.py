"""The store-wide view of a batch, from its apps' records and reports (schema `aph-fleet-report/1`).

Pure functions of BATCH_DIR content: per app (verdict, findings), per rule (the apps that
break it), per SDK (apps where it collected before consent or shared PI undeclared, ranked),
per data type, and each app version against the previous version of the same package (from
this batch or the --previous ones): new collection, new SDKs, changed policy, read as the
认定方法 2.2 check (scope changed without an updated policy) and the 3.5 check (permission
state on update, assessable only with an APK's permissions).
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from harness.fleet.state import BatchDir

SCHEMA = "aph-fleet-report/1"
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")
PRE_CONSENT = "pre_consent_collection"
UNDECLARED = "undeclared_third_party"


def _app_ref(app: dict[str, Any]) -> dict[str, Any]:
    return {k: app[k] for k in ("key", "package", "version_code", "name")}


def app_row(batch: BatchDir, key: str) -> dict[str, Any]:
    """One app: its record, and what its report says (findings, collection, SDKs, policy)."""
    rec = batch.record(key)
    job = batch.job(key)
    report = batch.report(key)
    row: dict[str, Any] = {
        "key": key, "package": job.package, "version_code": job.version_code, "name": job.name,
        "source": job.source, "policy_origin": job.policy_origin, "status": rec.get("status", "new"),
        "reason": rec.get("reason", ""), "worker": rec.get("worker"), "device": rec.get("device"),
        "attempts": len(rec.get("attempts", [])), "verdict": None, "findings": [], "by_severity": {},
        "collected": [], "sdks": {}, "policy": None, "permissions": None, "batch": str(batch.path),
    }
    if report is not None:
        row.update(_from_report(report))
    return row


def _from_report(report: dict[str, Any]) -> dict[str, Any]:
    findings = [{"rule": f["rule"], "title": f.get("title", ""), "severity": f["severity"],
                 "data_type": f.get("data_type"), "actor": (f.get("actor") or {}).get("name") or "app",
                 "sdk_id": (f.get("actor") or {}).get("sdk_id"), "count": f.get("count", 0),
                 "message": f.get("message", "")} for f in report.get("findings", [])]
    collected = {r["label"] for r in report.get("timeline", {}).get("rows", []) if r.get("kind") == "hook"}
    sdks: dict[str, str] = {}
    for host in report.get("hosts", []):
        collected.update(host.get("data_types", []) if host.get("pi_flows") else [])
        if host.get("sdk_id"):
            sdks[host["sdk_id"]] = host.get("name") or host["sdk_id"]
    for f in findings:
        if f["sdk_id"]:
            sdks.setdefault(f["sdk_id"], f["actor"])
    policy = report.get("policy")
    static = report.get("static") or {}
    return {"verdict": report.get("verdict"), "findings": findings,
            "by_severity": report.get("summary", {}).get("by_severity", {}), "collected": sorted(collected),
            "sdks": dict(sorted(sdks.items())), "partial": report.get("partial", False),
            "policy": None if policy is None else {
                "data_types": sorted(policy.get("data_types", [])),
                "third_parties": sorted(tp.get("sdk_id") or tp.get("name", "") for tp in policy.get("third_parties", [])),
                "category": policy.get("category")},
            "permissions": sorted(p if isinstance(p, str) else p.get("name", "")
                                  for p in static.get("dangerous_permissions", [])) if static else None,
            "rule_titles": {f["rule"]: f["title"] for f in findings}}


def by_rule(apps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {}
    for app in apps:
        for f in app["findings"]:
            entry = rules.setdefault(f["rule"], {"rule": f["rule"], "title": f["title"], "severity": f["severity"],
                                                 "apps": {}, "findings": 0})
            entry["findings"] += 1
            entry["apps"].setdefault(app["key"], _app_ref(app))
    out = [{**e, "apps": list(e["apps"].values())} for e in rules.values()]
    return sorted(out, key=lambda e: (SEVERITY_ORDER.index(e["severity"]), -len(e["apps"]), e["rule"]))


def by_sdk(apps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SDKs ranked by the apps where they collected before consent or shared PI undeclared."""
    sdks: dict[str, dict[str, Any]] = {}
    for app in apps:
        for sdk_id, name in app["sdks"].items():
            e = sdks.setdefault(sdk_id, {"sdk_id": sdk_id, "name": name, "apps": {}, "pre_consent": {},
                                         "undeclared": {}, "pre_consent_types": set(), "undeclared_types": set()})
            e["apps"][app["key"]] = _app_ref(app)
        for f in app["findings"]:
            if f["sdk_id"] and f["rule"] in (PRE_CONSENT, UNDECLARED) and f["sdk_id"] in sdks:
                e = sdks[f["sdk_id"]]
                which = "pre_consent" if f["rule"] == PRE_CONSENT else "undeclared"
                e[which][app["key"]] = _app_ref(app)
                if f["data_type"]:
                    e[f"{which}_types"].add(f["data_type"])
    out = []
    for e in sdks.values():
        bad = set(e["pre_consent"]) | set(e["undeclared"])
        out.append({"sdk_id": e["sdk_id"], "name": e["name"], "apps": len(e["apps"]), "offending_apps": len(bad),
                    "pre_consent": list(e["pre_consent"].values()), "undeclared": list(e["undeclared"].values()),
                    "pre_consent_types": sorted(e["pre_consent_types"]),
                    "undeclared_types": sorted(e["undeclared_types"])})
    return sorted(out, key=lambda e: (-e["offending_apps"], -len(e["pre_consent"]), -e["apps"], e["sdk_id"]))


def by_data_type(apps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    types: dict[str, dict[str, Any]] = defaultdict(lambda: {"collected_by": {}, "findings": defaultdict(set)})
    for app in apps:
        for t in app["collected"]:
            types[t]["collected_by"][app["key"]] = _app_ref(app)
        for f in app["findings"]:
            if f["data_type"]:
                types[f["data_type"]]["findings"][f["rule"]].add(app["key"])
    out = [{"data_type": t, "apps": len(e["collected_by"]), "collected_by": list(e["collected_by"].values()),
            "rules": {r: len(keys) for r, keys in sorted(e["findings"].items())}} for t, e in types.items()]
    return sorted(out, key=lambda e: (-e["apps"], e["data_type"]))


def compare_versions(apps: list[dict[str, Any]], earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each app against the highest lower version of its package (this batch or earlier ones)."""
    pool = [a for a in [*earlier, *apps] if a.get("verdict") is not None and a["version_code"] is not None]
    out = []
    for app in apps:
        if app.get("verdict") is None or app["version_code"] is None:
            continue
        older = [a for a in pool if a["package"] == app["package"] and a["version_code"] < app["version_code"]]
        if not older:
            continue
        prev = max(older, key=lambda a: a["version_code"])
        out.append(_diff(prev, app))
    return out


def _diff(prev: dict[str, Any], cur: dict[str, Any]) -> dict[str, Any]:
    new_types = sorted(set(cur["collected"]) - set(prev["collected"]))
    new_sdks = sorted(set(cur["sdks"]) - set(prev["sdks"]))
    pol_prev, pol_cur = prev.get("policy") or {}, cur.get("policy") or {}
    declared = set(pol_cur.get("data_types", []))
    declared_parties = set(pol_cur.get("third_parties", []))
    policy_changed = pol_prev != pol_cur
    unnoticed_types = [t for t in new_types if t not in declared]
    unnoticed_sdks = [s for s in new_sdks if s not in declared_parties]
    if (unnoticed_types or unnoticed_sdks) or ((new_types or new_sdks) and not policy_changed):
        c22 = {"item": "认定方法 2.2", "status": "flag",
               "message": "collection scope changed without an updated policy: "
                          + ", ".join([*(f"new type {t}" for t in (unnoticed_types or new_types)),
                                       *(f"new SDK {s}" for s in (unnoticed_sdks or new_sdks))])}
    elif new_types or new_sdks:
        c22 = {"item": "认定方法 2.2", "status": "ok",
               "message": "scope grew and the policy was updated to declare it (the re-prompt on upgrade "
                          "needs a device upgrade test)"}
    else:
        c22 = {"item": "认定方法 2.2", "status": "ok", "message": "no new collection or SDK"}
    if prev.get("permissions") is None or cur.get("permissions") is None:
        c35 = {"item": "认定方法 3.5", "status": "not assessable",
               "message": "permission state on update needs both versions' APKs (JVM stand-in has none)"}
    else:
        added = sorted(set(cur["permissions"]) - set(prev["permissions"]))
        c35 = {"item": "认定方法 3.5", "status": "review" if added else "ok",
               "message": ("new dangerous permissions: " + ", ".join(added) + "; check they are not granted "
                           "by default on update") if added else "no new dangerous permission"}
    return {"package": cur["package"], "name": cur["name"], "key": cur["key"],
            "version_code": cur["version_code"], "previous_version_code": prev["version_code"],
            "previous_batch": prev["batch"], "new_collection": new_types,
            "dropped_collection": sorted(set(prev["collected"]) - set(cur["collected"])),
            "new_sdks": new_sdks, "removed_sdks": sorted(set(prev["sdks"]) - set(cur["sdks"])),
            "policy_changed": policy_changed,
            "policy_added_types": sorted(declared - set(pol_prev.get("data_types", []))),
            "policy_removed_types": sorted(set(pol_prev.get("data_types", [])) - declared),
            "checks": [c22, c35]}


def build(batch_dir: Path, previous: list[Path] | None = None) -> dict[str, Any]:
    batch = BatchDir.open(batch_dir)
    info = batch.info() or {}
    apps = [app_row(batch, k) for k in batch.keys()]
    earlier = [app_row(b, k) for p in previous or [] for b in [BatchDir.open(p)] for k in b.keys()]
    statuses: dict[str, int] = defaultdict(int)
    verdicts: dict[str, int] = defaultdict(int)
    for a in apps:
        statuses[a["status"]] += 1
        if a["verdict"]:
            verdicts[a["verdict"]] += 1
    return {"schema": SCHEMA, "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "batch": {"path": str(batch.path), "engine": info.get("engine"), "created": info.get("created"),
                      "apps": len(apps), "statuses": dict(statuses), "verdicts": dict(verdicts),
                      "previous": [str(p) for p in previous or []]},
            "apps": [{k: v for k, v in a.items() if k not in ("rule_titles",)} for a in apps],
            "rules": by_rule(apps), "sdks": by_sdk(apps), "data_types": by_data_type(apps),
            "versions": compare_versions(apps, earlier)}
