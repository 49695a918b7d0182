"""Labels built from what a run observed: a corrected data safety CSV and draft 收集/共享清单.

The same `observed_*` views decide what the exports declare and what the label rules call
"observed", so an export imported again declares exactly what the run saw (a test holds it).
Play's terms: *collected* = sent off the device (any host); *shared* = sent to a host that is
not the app's own. The Chinese lists: 收集 = read by the app itself or sent to its own hosts;
共享 = read by an SDK inside the app (SDK本机采集) or sent to a third party's host.
"""

from __future__ import annotations

from typing import Any

from harness.detect.sdk_db import sdk_database
from harness.labels.lists import PI_HEADERS, SHARING_HEADERS, render_table, type_names
from harness.labels.model import LabelKind
from harness.labels.play import PlayDeclaration, render_play_csv
from harness.labels.play_types import play_id

NO_SAY_PHASES = frozenset({"before_policy", "pre_consent", "post_refusal"})
"""Phases in which the user had not agreed: data taken then is not optional in practice."""
PURPOSE_BY_CATEGORY = {"advertising": "PSL_ADVERTISING", "analytics": "PSL_ANALYTICS",
                       "attribution": "PSL_ANALYTICS", "crash_reporting": "PSL_ANALYTICS",
                       "push": "PSL_DEVELOPER_COMMUNICATIONS", "device_id": "PSL_ADVERTISING"}
TODO = "（待补充）"


def _types(observed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return observed.get("types") or {}


def _not_sdk(a: dict[str, Any]) -> bool:
    return (a.get("actor") or {}).get("kind") != "sdk"


def observed_collected(observed: dict[str, Any], kind: LabelKind) -> dict[str, list[dict[str, Any]]]:
    """type -> the reads/sends that make it collected in this label kind's terms."""
    out: dict[str, list[dict[str, Any]]] = {}
    for dt, row in _types(observed).items():
        if kind is LabelKind.PLAY:
            hits = list(row["sent_to"])
        else:
            hits = [r for r in row["read_by"] if _not_sdk(r)] + \
                   [s for s in row["sent_to"] if s.get("party") == "first"]
        if hits:
            out[dt] = hits
    return out


def observed_shared(observed: dict[str, Any], kind: LabelKind) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """recipient key -> type -> hits. Play has one recipient ("third parties"); lists name each SDK or host."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for dt, row in _types(observed).items():
        for s in row["sent_to"]:
            if s.get("party") != "first":
                out.setdefault(_recipient(s, kind), {}).setdefault(dt, []).append(s)
        if kind is LabelKind.SHARING_LIST:
            for r in row["read_by"]:
                if not _not_sdk(r):
                    out.setdefault(_recipient(r, kind), {}).setdefault(dt, []).append(r)
    return out


def _recipient(hit: dict[str, Any], kind: LabelKind) -> str:
    if kind is LabelKind.PLAY:
        return "third parties"
    actor = hit.get("actor") or {}
    return f"sdk:{actor['sdk_id']}" if actor.get("sdk_id") else str(hit.get("host") or actor.get("name") or "?")


def observed_keys(observed: dict[str, Any], kind: LabelKind) -> dict[str, set[str]]:
    """What a faithful label of this kind declares, in its own units (compare Label.declared_keys())."""
    def key(t: str) -> str:
        return play_id(t) if kind is LabelKind.PLAY else t

    shared = {key(dt) for types in observed_shared(observed, kind).values() for dt in types}
    if kind is LabelKind.SHARING_LIST:
        return {"collected": set(), "shared": shared}
    collected = {key(dt) for dt in observed_collected(observed, kind)}
    return {"collected": collected, "shared": shared if kind is LabelKind.PLAY else set()}


def _purposes(hits: list[dict[str, Any]]) -> tuple[str, ...]:
    db = sdk_database()
    out = []
    for h in hits:
        sdk = db.sdks.get((h.get("actor") or {}).get("sdk_id") or "")
        out.append(PURPOSE_BY_CATEGORY.get(sdk.category, "PSL_APP_FUNCTIONALITY") if sdk else "PSL_APP_FUNCTIONALITY")
    return tuple(sorted(set(out)))


def export_play_csv(observed: dict[str, Any]) -> str:
    collected = observed_collected(observed, LabelKind.PLAY)
    shared = observed_shared(observed, LabelKind.PLAY).get("third parties", {})
    by_psl: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for dt, hits in collected.items():
        by_psl.setdefault(play_id(dt), {"c": [], "s": []})["c"].extend(hits)
    for dt, hits in shared.items():
        by_psl.setdefault(play_id(dt), {"c": [], "s": []})["s"].extend(hits)
    declared = {psl: PlayDeclaration(collected=bool(h["c"]), shared=bool(h["s"]),
                                     required=any(x.get("phase") in NO_SAY_PHASES for x in h["c"] + h["s"]),
                                     collection_purposes=_purposes(h["c"]), sharing_purposes=_purposes(h["s"]))
                for psl, h in sorted(by_psl.items())}
    cleartext = bool(observed.get("cleartext_hosts"))
    return render_play_csv(declared, encrypted=not cleartext if declared else None)


def _how(hits: list[dict[str, Any]]) -> str:
    ways = []
    for h in hits:
        if h.get("api"):
            ways.append(f"调用 {str(h['api']).rsplit('.', 1)[-1]}() 读取")
        elif h.get("host"):
            ways.append(f"{'明文 HTTP' if h.get('cleartext') else 'HTTPS'} 发送至 {h['host']}")
    return "；".join(dict.fromkeys(ways))[:300]


def _scene(hits: list[dict[str, Any]]) -> str:
    return "、".join(dict.fromkeys(f"{h.get('scenario') or '-'}/{h.get('phase') or '-'}" for h in hits))


def export_pi_list(observed: dict[str, Any]) -> str:
    rows = [(_scene(hits) + " " + TODO, type_names([dt]), TODO, _how(hits))
            for dt, hits in sorted(observed_collected(observed, LabelKind.PI_LIST).items())]
    return render_table("个人信息收集清单（根据运行观察生成的草稿）", PI_HEADERS, rows)


def export_sharing_list(observed: dict[str, Any]) -> str:
    db = sdk_database()
    rows = []
    for key, types in sorted(observed_shared(observed, LabelKind.SHARING_LIST).items()):
        sdk = db.sdks.get(key[4:]) if key.startswith("sdk:") else None
        name = sdk.name if sdk else key
        hits = [h for hs in types.values() for h in hs]
        method = "；".join(dict.fromkeys("SDK本机采集" if h.get("api") else f"接口传输（{h.get('host')}）"
                                         for h in hits))
        rows.append((name, sdk.vendor if sdk else TODO, type_names(sorted(types)), TODO, method, TODO))
    return render_table("第三方信息共享清单（根据运行观察生成的草稿）", SHARING_HEADERS, rows)


EXPORTERS = {LabelKind.PLAY: export_play_csv, LabelKind.PI_LIST: export_pi_list,
             LabelKind.SHARING_LIST: export_sharing_list}
