"""个人信息收集清单 and 第三方信息共享清单: read from HTML/Markdown tables or text lists, written as Markdown.

Columns are recognised by their usual headers (场景/业务功能, 个人信息类型, 目的, 方式; SDK名称,
第三方主体, 共享方式, 隐私政策链接); personal-information cells are mapped to taxonomy ids by the
taxonomy's synonyms, SDK names to the SDK database by the policy drafter's alias list.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.detect.sdk_db import sdk_database
from harness.errors import InputError
from harness.labels.model import Label, LabelKind
from harness.labels.records import Record, html_tables, markdown_tables, read_text, text_list
from harness.policy.model import DataItem, Provenance, ThirdParty
from harness.taxonomy import taxonomy
from harness.taxonomy.synonyms import synonym_matcher

COLUMNS: dict[str, tuple[str, ...]] = {
    # field -> header names, most specific first
    "sdk": ("第三方SDK名称", "SDK名称", "SDK 名称", "第三方名称", "合作方名称", "插件名称", "SDK"),
    "company": ("第三方主体", "第三方公司名称", "第三方公司", "公司名称", "所属公司", "运营方", "主体名称", "开发者"),
    "link": ("隐私政策链接", "第三方隐私政策链接", "隐私政策地址", "隐私政策", "链接"),
    "share_method": ("共享方式", "提供方式"),
    "types": ("共享个人信息类型", "共享的个人信息", "收集个人信息类型", "收集的个人信息", "个人信息类型",
              "个人信息字段", "个人信息种类", "共享信息", "收集信息", "信息类型", "个人信息", "数据类型"),
    "scene": ("场景/业务功能", "业务功能", "业务场景", "使用场景", "场景", "功能"),
    "purpose": ("使用目的", "收集目的", "共享目的", "处理目的", "目的"),
    "method": ("收集方式", "使用方式", "处理方式", "方式"),
}
PI_HEADERS = ("场景/业务功能", "个人信息类型", "目的", "方式")
SHARING_HEADERS = ("SDK名称", "第三方主体", "共享个人信息类型", "目的", "共享方式", "隐私政策链接")
_NORM = re.compile(r"[\s（）()：:]")
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", re.IGNORECASE)
_URL = re.compile(r"https?://\S+")


def _norm(header: str) -> str:
    return _NORM.sub("", header).lower()


def _field(header: str) -> str | None:
    """The field a header names: exact alias first, then the longest alias it contains."""
    h = _norm(header)
    best: tuple[int, str] | None = None
    for name, aliases in COLUMNS.items():
        for a in aliases:
            a = _norm(a)
            if h == a:
                return name
            if a in h and (best is None or len(a) > best[0]):
                best = (len(a), name)
    return best[1] if best else None


def _fields(rec: Record) -> dict[str, tuple[str, str]]:
    """field -> (header, text) for the first column naming each field."""
    out: dict[str, tuple[str, str]] = {}
    for header, text in rec.cells:
        f = _field(header)
        if f and f not in out:
            out[f] = (header, text)
    return out


def _records(path: Path) -> list[Record]:
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        tables = html_tables(text)
    else:
        tables = markdown_tables(text)
    keyed = [t for t in tables if any(_field(h) for h, _ in t[0].cells)]
    if keyed:
        return [r for t in keyed for r in t]
    keys = {a for aliases in COLUMNS.values() for a in aliases}
    return text_list(text, keys)


def detect_kind(records: list[Record]) -> LabelKind:
    """A sharing list names SDKs or third parties; a collection list does not."""
    for rec in records[:5]:
        if {"sdk", "company"} & set(_fields(rec)):
            return LabelKind.SHARING_LIST
    return LabelKind.PI_LIST


def import_list(path: Path | str, kind: LabelKind | None = None) -> Label:
    """Read a collection or sharing list; InputError "FILE:ROW: ..." when a row lacks what it must have."""
    path = Path(path)
    records = _records(path)
    if not records:
        raise InputError(f"{path}: no table or '键：值' list with columns such as 个人信息类型 / SDK名称 found")
    kind = kind or detect_kind(records)
    notes: list[str] = []
    if kind is LabelKind.SHARING_LIST:
        return Label(kind, str(path), third_parties=tuple(_party(path, r, notes) for r in records),
                     notes=tuple(notes))
    items: list[DataItem] = []
    for r in records:
        items.extend(_pi_items(path, r, notes))
    return Label(kind, str(path), collected=tuple(items), notes=tuple(notes))


def _types(path: Path, rec: Record, f: dict[str, tuple[str, str]], notes: list[str]) -> tuple[str, list[str]]:
    if "types" not in f:
        raise InputError(f"{path}:{rec.line}: no personal-information column (个人信息类型) in this row")
    header, text = f["types"]
    if not text:
        raise InputError(f"{path}:{rec.line}: column {header!r} is empty")
    types = synonym_matcher().types(text)
    if not types:
        notes.append(f"{path}:{rec.line}: {text[:60]!r} names no data type the harness knows; not compared")
    return header, types


def _pi_items(path: Path, rec: Record, notes: list[str]) -> list[DataItem]:
    f = _fields(rec)
    header, types = _types(path, rec, f, notes)
    scene = f.get("scene", ("", ""))[1]
    purpose = f.get("purpose", ("", ""))[1]
    prov = Provenance(str(path), rec.line, header)
    return [DataItem(t, purpose=purpose, feature=scene or None, line=rec.line, provenance=prov,
                     citation=tuple(v for _, v in rec.cells if v)) for t in types]


def _party(path: Path, rec: Record, notes: list[str]) -> ThirdParty:
    from harness.policy.draft import find_sdks

    f = _fields(rec)
    name = (f.get("sdk") or f.get("company") or ("", ""))[1]
    if not name:
        raise InputError(f"{path}:{rec.line}: no SDK名称 or 第三方主体 in this row")
    header, types = _types(path, rec, f, notes)
    hits = find_sdks(name, table=True)
    sdk = sdk_database().sdks.get(hits[0][0]) if hits else None
    link = _URL.search(f.get("link", ("", ""))[1])
    host = name.lower() if _HOST.match(name) else None
    return ThirdParty(
        name=name, sdk_id=sdk.id if sdk else None, packages=sdk.packages if sdk else (),
        domains=sdk.domains if sdk else ((host,) if host else ()), data_types=tuple(types),
        purpose=f.get("purpose", ("", ""))[1], company=f.get("company", ("", ""))[1], line=rec.line,
        provenance=Provenance(str(path), rec.line, header),
        citation=(link.group(0),) if link else ())


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |"


def render_table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [f"# {title}", "", _row(headers), "|" + "---|" * len(headers)]
    lines += [_row(r) for r in rows]
    return "\n".join(lines) + "\n"


def type_names(types: list[str]) -> str:
    """Chinese names of taxonomy ids, as a list cell (each maps back to its id on import)."""
    tax = taxonomy()
    return "、".join(tax.maybe(t).zh if tax.maybe(t) else t for t in types)
