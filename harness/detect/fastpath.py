"""Decode a request body only where it can hold a known value: the same matches, a fraction of the work.

Decoding a body into units (every JSON leaf with its path, every form field, what every base64/hex/JWT
segment decodes to) costs twenty times the one pattern pass over its bytes, and most bodies carry no
known value. For a body whose units are, byte for byte, pieces of its raw text (no backslash escapes,
no percent-encoding that a form field would undo, printable, not multipart), a unit can only hold a
match where the raw text holds a candidate, or inside an encoded segment whose expansion holds one.
So: one pattern pass over the raw bytes; the encoded segments expanded by the matcher's own code and
passed through the automaton once; and only the leaves (or form fields) around those offsets decoded,
in document order. The matcher's result depends only on the units that hold a match, in their order,
so it is the same as from the full decode (tests/detect/test_fastpath.py checks that over a generated
corpus). Whatever this module cannot vouch for goes the full way: it answers False before adding a unit.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from harness.detect import decode as dec
from harness.detect import locate

if TYPE_CHECKING:
    from harness.detect.matcher import Matcher, _Units

BUDGET_FACTOR = 8
"""A body is taken the fast way only when this many times its size (and its decoded segments) fits the
flow's budget: then the full decode cannot run out of budget either, so no unit depends on where it stops."""
LEAF_LIMIT = 100_000
"""json_leaf_items' limit: a document that may have more leaves is decoded in full."""
MAX_LOCATED = 64
"""Past this many candidate leaves in one document, the full walk is as cheap."""

_B64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_NOT_PLAIN = frozenset(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
                       b"\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\\")
_MARKS = bytes(0x63 if i in _NOT_PLAIN else 0x78 if i in _B64 else 0x20 for i in range(256))
"""Each byte as "c" (control, DEL, backslash: the full decoder reads these differently), "x" (base64
alphabet) or " ": one translate answers both "plain text?" and "any encoded segment?"."""
_RUN = b"x" * dec.MIN_SEGMENT
_FLOAT = re.compile(rb"-?[0-9][0-9.eE+-]*")


def body_units(m: Matcher, units: _Units, req: dict, ctype: str) -> bool:
    """Add the units of the request body that can hold a match; False (nothing added) when only the
    full decode can say."""
    body = req.get("body")
    if not body:
        return True
    if type(body) is not str or req.get("body_encoding") == "base64" or ctype.lower().startswith("multipart/"):
        return False
    data = body.encode("utf-8", "replace")
    if BUDGET_FACTOR * len(data) > units.budget:
        return False
    marked = data.translate(_MARKS)
    text = _plain_text(body, data, marked)
    if text is None:
        return False
    offsets = _candidates(m, units, data, text, marked)
    if offsets is None:
        return False
    if offsets:
        _located(m, units, data, text, sorted(set(offsets)))
    return True


def _plain_text(body: str, data: bytes, marked: bytes) -> str | None:
    """The body as the full decoder reads it when its units are pieces of the raw text, else None.

    Control bytes send the full decoder to protobuf, backslashes hide JSON escapes, and "%"/"+" are
    undone in form fields."""
    if b"c" in marked or ((b"%" in data or b"+" in data) and b"=" in data):
        return None
    if body.isascii():
        return body  # then its bytes are exactly `data`
    return dec.as_text(data)  # no control bytes: the full decoder takes any text as_text gives


def _candidates(m: Matcher, units: _Units, data: bytes, text: str, marked: bytes) -> list[int] | None:
    """Byte offsets where a unit may hold a match: every raw candidate (unverified: a superset), and the
    start of every encoded segment whose expansion holds one. None when the expansions are too big,
    too many or hold gzip (whose output depends on the budget left)."""
    offsets = [start for _, start, _ in m._engine(data.lower())]
    if marked.find(_RUN) < 0 and not (b"J" in data and b"eyJ" in data):  # one memchr before the slower search
        return offsets  # no segment or JWT anywhere: no expansion
    jobs, capped = m._encoded(text)
    if capped:
        return None
    scratch = type(units)(units.budget)
    spans = []
    for (start, _), kind, payload in jobs:
        first = len(scratch.texts)
        m._expand(scratch, kind, payload, "", (), 0)  # depth 0: at least what any leaf's expansion holds
        spans.append((start, first, len(scratch.texts)))
    spent = units.budget - scratch.budget
    if scratch.budget <= 0 or BUDGET_FACTOR * (len(data) + spent) > units.budget:
        return None
    if any("gzip" in layers for layers in scratch.layers):
        return None
    hit = _units_with_candidates(m, scratch.texts)
    offsets += [start for start, first, end in spans if any(first <= u < end for u in hit)]
    return offsets


def _units_with_candidates(m: Matcher, texts: list[str]) -> set[int]:
    """Indexes of the texts in which the automaton finds any pattern (unverified)."""
    if not texts:
        return set()
    encoded = [t.encode("utf-8", "replace") for t in texts]
    starts, pos = [], 0
    for b in encoded:
        starts.append(pos)
        pos += len(b) + 1
    buf = b"\x00".join(encoded).lower()
    return {bisect.bisect_right(starts, start) - 1 for _, start, _ in m._engine(buf)}


def _located(m: Matcher, units: _Units, data: bytes, text: str, offsets: list[int]) -> None:
    """The body's units around these offsets, as Matcher._text(top=True) would decode them."""
    doc = dec.try_json(text, exact_numbers=False)
    if doc is not None:
        if not _located_json(m, units, data, doc, offsets):
            m._json(units, dec.try_json(text), "body.json:", (), 0)
        return
    fields = dec.form_fields(text.strip())
    if fields:
        _located_form(m, units, data, text, fields, offsets)
        return
    m._leaf(units, text, "body.text", (), 0)


def _located_json(m: Matcher, units: _Units, data: bytes, doc: object, offsets: list[int],
                  prefix: str = "body.json:", depth: int = 0) -> bool:
    """The leaves holding these offsets, in document order; False when one cannot be vouched for."""
    if data.count(b",") + data.count(b"{") + data.count(b"[") >= LEAF_LIMIT:
        return False
    leaves: dict[locate.Path, str] = {}
    for pos in offsets:
        found = locate.leaf_at(data, pos)
        if found is None:
            continue  # in a key or between tokens: no unit there
        path, raw = found
        if path not in leaves:
            text = _leaf_text(doc, path, raw)
            if text is None or len(leaves) >= MAX_LOCATED:
                return False
            leaves[path] = text
    for path in sorted(leaves, key=lambda p: locate.document_order(doc, p)):
        m._json_leaf(units, locate.link_of(path), leaves[path], prefix, (), depth)
    return True


def _leaf_text(doc: object, path: locate.Path, raw: bytes) -> str | None:
    """The text json_leaf_items gives the leaf at `path`, when it is the raw text found there."""
    try:
        value = locate.lookup(doc, path)
    except (KeyError, IndexError, TypeError):
        return None  # a duplicate key: the document kept another value
    kind = type(value)
    if kind is str:
        return value if value.encode("utf-8") == raw else None  # type: ignore[union-attr]
    if kind is int:
        return str(value) if str(value).encode() == raw else None  # "-0" reads back as "0"
    if kind is float and _FLOAT.fullmatch(raw):
        return raw.decode("ascii")  # floats are kept as written; NaN and Infinity read back as "nan", "inf"
    return None


def _located_form(m: Matcher, units: _Units, data: bytes, text: str, fields: list[tuple[str, str]],
                  offsets: list[int]) -> None:
    """The form fields holding these offsets (without "%" or "+", a field is its raw text)."""
    pieces = text.strip().split("&")
    if [tuple(p.partition("=")[::2]) for p in pieces] != fields:
        for k, v in fields:
            m._leaf(units, v, f"body.form:{k}", (), 0)
        return
    pos = len(text[:len(text) - len(text.lstrip())].encode("utf-8"))
    for (k, v), piece in zip(fields, pieces, strict=True):
        start, end = pos + len(k.encode("utf-8")) + 1, pos + len(piece.encode("utf-8"))
        inside = offsets[bisect.bisect_left(offsets, start):bisect.bisect_left(offsets, end)]
        if inside:
            _located_field(m, units, data[start:end], v, f"body.form:{k}", [o - start for o in inside])
        pos = end + 1


def _located_field(m: Matcher, units: _Units, raw: bytes, value: str, loc: str, offsets: list[int]) -> None:
    """Matcher._leaf of a form field, a JSON value decoded only around the offsets (as in a JSON body)."""
    doc = dec.try_json(value, exact_numbers=False) if len(value) >= 8 else None
    if doc is None:
        m._leaf(units, value, loc, (), 0)
        return
    if units.add(loc, (), value):
        prefix = f"{loc} > json:"
        if not _located_json(m, units, raw, doc, offsets, prefix, 1):
            m._json(units, dec.try_json(value), prefix, (), 1)
