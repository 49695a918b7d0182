"""Hypothesis strategies that mutate real fixture files: bytes, JSON/YAML structure, zip entries.

Seeds are the repository's own fixtures (APKs built from tests/static/fixtures, the example
policies, the policy texts, the HAR fixture, a mitmproxy flow file, the probe run); mutations
aim at the failure classes a reader must survive: truncation, flipped bytes, wrong types,
deep nesting, huge or out-of-range numbers, YAML tags and merge keys, control and bidi
characters, `../` and bomb entries in zips.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from typing import Any

from hypothesis import strategies as st

NASTY_TEXT = [
    "!!float x", "!!bool 1", "!!timestamp abc", "!!int abc", "!!python/object:os.system ls", "<<: *a", "&a {x: 1}",
    "[" * 3000, "{" * 3000, "- " * 2000, "a:\n" + "  " * 500 + "b", "\x1bc", "\u202e", "\x00", "\udcff", "\t",
    "1e400", "-9999999999999999999999", "0x" + "f" * 100, "'", '"', "\\", ": ", "---", "...", "%YAML 9.9",
    "x" * 200_000, "<table><tr></tr><tr><td></td></tr></table>",
]
NASTY_VALUES: list[Any] = [
    None, 0, -1, 1e308, 10**30, -10**30, "", "\x1b[2J\u202etxt.exe", [], {}, "x" * 100_000, True, 3.5,
    "2026-99-99T99:99:99Z", {"a": [1, {"b": None}]},
]


DEEP = "\x00deep:"
"""A value standing for n nested lists, expanded only when the document is written (dumps())."""


def deep(n: int) -> str:
    return f"{DEEP}{n}"


def dumps(doc: Any) -> str:
    """json.dumps with every deep() marker replaced by its nesting (too deep for json.dumps itself)."""
    text = json.dumps(doc, ensure_ascii=False)
    marker = json.dumps(DEEP, ensure_ascii=False)[:-1]
    while marker in text:
        i = text.index(marker)
        j = text.index('"', i + len(marker))
        n = int(text[i + len(marker):j])
        text = text[:i] + "[" * n + "]" * n + text[j + 1:]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, seed: bytes, tokens: list[str] = NASTY_TEXT) -> bytes:
    """A few byte-level edits of `seed`: truncate, flip, delete, duplicate, insert a nasty token."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["truncate", "flip", "delete", "duplicate", "insert", "insert"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            del data[i:]
        elif op == "flip" and data:
            data[i] ^= draw(st.integers(1, 255))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "duplicate":
            data[i:i] = data[i:i + draw(st.integers(1, 4096))]
        else:
            data[i:i] = draw(st.sampled_from(tokens)).encode("utf-8", "surrogatepass")
    return bytes(data)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in list(doc.items())[:50]:
            out += _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:20]):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def mutated_json(draw: st.DrawFn, seed: Any) -> Any:
    """`seed` (parsed JSON) with a few values replaced by wrong types, deep nests or huge numbers."""
    doc = json.loads(json.dumps(seed))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        # a fresh copy: a shared NASTY_VALUES object mutated later would make cycles and change later draws
        value = copy.deepcopy(draw(st.one_of(st.sampled_from(NASTY_VALUES), st.integers(900, 5000).map(deep))))
        if not path:
            doc = value
            continue
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def jsonl_text(records: Any) -> bytes:
    rows = records if isinstance(records, list) else [records]
    return "".join(dumps(r) + "\n" for r in rows).encode()


@st.composite
def mutated_zip(draw: st.DrawFn, seed: bytes) -> bytes:
    """The zip `seed` rebuilt with an entry mutated, dropped, renamed to ../, or duplicated."""
    src = zipfile.ZipFile(io.BytesIO(seed))
    entries = [(i, src.read(i)) for i in src.infolist()]
    out = io.BytesIO()
    op = draw(st.sampled_from(["mutate", "mutate", "drop", "traverse", "absolute", "truncate_member"]))
    k = draw(st.integers(0, len(entries) - 1))
    with zipfile.ZipFile(out, "w") as z:
        for j, (info, data) in enumerate(entries):
            name = info.filename
            if j == k:
                if op == "drop":
                    continue
                if op == "traverse":
                    name = "../" * draw(st.integers(1, 4)) + name
                elif op == "absolute":
                    name = "/" + name
                elif op == "truncate_member":
                    data = data[:draw(st.integers(0, max(len(data) - 1, 0)))]
                elif data:
                    data = draw(mutated_bytes(data[:200_000], ["\x00", "\xff", "dex\n035\x00"]))
            z.writestr(zipfile.ZipInfo(name, info.date_time), data, compress_type=info.compress_type)
    raw = out.getvalue()
    if draw(st.booleans()) and draw(st.booleans()):  # sometimes corrupt the container itself
        raw = draw(mutated_bytes(raw, ["PK\x03\x04", "PK\x01\x02", "\x00" * 30]))
    return raw
