"""Decode a request body only where it can hold a known value: the same matches, a fraction of the work.

Decoding a body into units (every JSON leaf with its path, every form field, what every base64/hex/JWT
segment decodes to) costs twenty times the one pattern pass over its bytes, and most bodies carry no
known value. For a body whose units are, byte for byte, pieces of its raw text (no backslash escapes,
no percent-encoding that a form field would undo, printable, not multipart), a unit can only hold a
match where the raw text holds a candidate, or inside an encoded segment (a run of base64-alphabet
bytes, or a JWT) whose expansion may hold one. So: one pattern pass over the raw bytes (engine.py) and
one survey of them (bodyscan.py), and only the leaves (or form fields) at those offsets decoded, in
document order. Past LOCATE_RUNS segments, the segments are expanded first and only those whose
expansion holds a candidate lead to their leaf.

Naming a leaf needs no parsed document: bodyscan reads its path off the raw text, msgspec validates
the JSON without building it, and a key that may appear twice on the way sends the body to a check
that decodes only the containers on the way, then to the parsed document, which knows which duplicate
survived. The matcher's result depends only on the units that hold a match, in their order, so it is
the same as from the full decode (tests/detect/test_fastpath.py checks that over a generated corpus,
with the C scans and Hyperscan and with their portable stand-ins). Whatever this module cannot vouch
for goes the full way: it answers False and adds no unit.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import TYPE_CHECKING

import msgspec

from harness.detect import bodyscan, locate
from harness.detect import decode as dec

if TYPE_CHECKING:
    from harness.detect.matcher import Matcher, _Units

BUDGET_FACTOR = 8
"""A body is taken the fast way only when this many times its size (and its decoded segments) fits the
flow's budget: then the full decode cannot run out of budget either, so no unit depends on where it stops."""
LEAF_LIMIT = 100_000
"""json_leaf_items' limit: a document that may have more leaves is decoded in full."""
MAX_LOCATED = 64
"""Past this many candidate leaves in one document, the full walk is as cheap."""
LOCATE_RUNS = 16
"""Up to this many encoded segments in a body, each one's leaf is decoded whatever it holds (one leaf
decode per segment, no more than the segment's own expansion); past it, only the leaves of segments
whose expansion holds a candidate."""

_DIGIT_MARKS = bytes(0x78 if 0x30 <= i <= 0x39 else 0x20 for i in range(256))
_FLOAT = re.compile(rb"-?[0-9][0-9.eE+-]*")
_FLOAT_MARKS = frozenset(b".eE")

_VALID = msgspec.json.Decoder(msgspec.Raw)
"""Checks a whole document and builds nothing (msgspec and json accept the same backslash-free texts,
but for numbers json cannot hold: see _valid)."""
_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])


class _Unknown:
    """Not worked out yet."""


_UNKNOWN = _Unknown()


class _Checked:
    """A body msgspec found valid, no deeper than try_json allows: its leaves are read from the raw text."""


CHECKED = _Checked()


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
    runs, unplain, escapes, amp, brackets = bodyscan.survey(data, LOCATE_RUNS)
    text = None if unplain else _plain_text(body, data)
    if text is None:
        return False
    shape = _json_shape(data, text, brackets) if escapes else _UNKNOWN
    if escapes and amp and shape is not None:
        return False  # a JSON string may hold a form whose "%" and "+" fields read differently
    escaped_form = shape is None  # no JSON, and "%" or "+" with "=": form fields read differently
    offsets = _offsets(m, units, data, text, runs)
    if offsets is None:
        return False
    if not offsets and not escaped_form:
        return True  # most bodies: nothing to decode
    found = type(units)(units.budget)
    if shape is _UNKNOWN:
        shape = _json_shape(data, text, brackets)
    if not _located(m, found, data, text, offsets, shape, escaped_form):
        return False
    spent = units.budget - found.budget
    if BUDGET_FACTOR * (len(data) + spent) > units.budget or any("gzip" in layers for layers in found.layers):
        return False  # gzip's output depends on the budget left when the full decode reaches it
    units.extend(found)
    return True


def _offsets(m: Matcher, units: _Units, data: bytes, text: str, runs: list[int] | None) -> list[int] | None:
    """Sorted byte offsets where a unit may hold a match: each occurrence that passes its checks in the
    raw text (a unit cut from the raw text sees the same bytes, or a NUL where the raw text has a
    delimiter), each JWT mark, and where each encoded segment starts (or, past LOCATE_RUNS, each one
    whose expansion holds a candidate). None when the segments' expansions cannot be vouched for."""
    hits = m.engine.matches(data)
    if not hits and runs == []:
        return []
    offsets = [start for _, start, _ in m.verified(data, hits)]
    offsets += [start for idx, start, _ in hits if idx == m.jwt_mark]
    if runs is None:
        more = _segments_with_candidates(m, units, data, text)
        if more is None:
            return None
        offsets += more
    else:
        offsets += runs
    return sorted(set(offsets))


def _plain_text(body: str, data: bytes) -> str | None:
    """The body as the full decoder reads it when its units are pieces of the raw text, else None.

    The caller has ruled out control bytes (they send the full decoder to protobuf) and backslashes
    (they hide JSON escapes); "%" and "+", which form fields undo, are dealt with where a form is read
    (_located_form decodes such fields whole; a JSON string that may be a form sends the body the full
    way)."""
    if body.isascii():
        return body  # then its bytes are exactly `data`
    return dec.as_text(data)  # no control bytes: the full decoder takes any text as_text gives


def _segments_with_candidates(m: Matcher, units: _Units, data: bytes, text: str) -> list[int] | None:
    """Start of every encoded segment whose expansion holds a candidate. None when the expansions are too
    big, too many or hold gzip (whose output depends on the budget left)."""
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
    hit = _units_with_candidates(m, scratch)
    return [start for start, first, end in spans if any(first <= u < end for u in hit)]


def _units_with_candidates(m: Matcher, units: _Units) -> set[int]:
    """Indexes of the units in which the pattern pass finds any pattern (unverified)."""
    if not units.texts:
        return set()
    buf, starts = units.joined()
    return {bisect.bisect_right(starts, start) - 1 for _, start, _ in m.engine.matches(buf)}


def _located(m: Matcher, units: _Units, data: bytes, text: str, offsets: list[int], doc: object | None,
             escaped: bool) -> bool:
    """The body's units around these offsets, as Matcher._text(top=True) would decode them (`doc`: the
    body's _json_shape; `escaped`: it has "%" or "+", and "=")."""
    if doc is not None:
        return _located_json(m, units, data, text, doc, offsets)
    fields = dec.form_fields(text.strip()) if escaped else plain_form_fields(text)
    if fields:
        return _located_form(m, units, data, text, fields, offsets)
    m._leaf(units, text, "body.text", (), 0)
    return True


def _json_shape(data: bytes, text: str, brackets: int) -> object | None:
    """CHECKED when try_json would parse the text (shallow enough by its count of brackets), the parsed
    document when only the parse can say, None when the text is no JSON document."""
    if text.lstrip()[:1] not in ("{", "["):
        return None
    if _valid(data, brackets):
        return CHECKED
    return dec.try_json(text, exact_numbers=False)


def _valid(data: bytes, brackets: int) -> bool:
    """Valid JSON, at most MAX_JSON_DEPTH brackets (so no deeper), and no integer longer than Python's
    int() reads (json.loads refuses those, msgspec does not)."""
    if brackets > dec.MAX_JSON_DEPTH:
        return False
    digits = sys.get_int_max_str_digits()
    if digits and len(data) > digits and data.translate(_DIGIT_MARKS).find(b"x" * (digits + 1)) >= 0:
        return False
    try:
        _VALID.decode(data)
    except msgspec.DecodeError:
        return False
    return True


def _located_json(m: Matcher, units: _Units, data: bytes, text: str, doc: object, offsets: list[int],
                  prefix: str = "body.json:", depth: int = 0) -> bool:
    """The leaves holding these offsets, in document order; False when one cannot be vouched for."""
    if len(data) >= LEAF_LIMIT and data.count(b",") + data.count(b"{") + data.count(b"[") >= LEAF_LIMIT:
        return False
    leaves = _leaves(data, doc, offsets)
    if leaves is None and doc is CHECKED:  # a key seen twice: only the parse knows which value survived
        doc = dec.try_json(text, exact_numbers=False)
        leaves = _leaves(data, doc, offsets) if doc is not None else None
    if leaves is None:
        return False
    for path, leaf in leaves:
        m._json_leaf(units, locate.link_of(path), leaf, prefix, (), depth)
    return True


def _leaves(data: bytes, doc: object, offsets: list[int]) -> list[tuple[locate.Path, str]] | None:
    """(path, text) of each leaf holding one of the (sorted) offsets, in document order; None when a
    leaf is not its raw text in the document."""
    leaves: dict[locate.Path, str] = {}
    for pos in offsets:
        found = bodyscan.leaf_at(data, pos)
        if found is None:
            continue  # in a key or between tokens: no unit there
        path, raw, quoted, unique = found
        if path in leaves:
            continue
        text = _raw_leaf_text(data, path, raw, quoted, unique) if doc is CHECKED else _leaf_text(doc, path, raw)
        if text is None or len(leaves) >= MAX_LOCATED:
            return None
        leaves[path] = text
    if doc is CHECKED:
        return list(leaves.items())  # first offsets in order, no key twice on any path: document order
    return sorted(leaves.items(), key=lambda item: locate.document_order(doc, item[0]))


def _raw_leaf_text(data: bytes, path: locate.Path, raw: bytes, quoted: bool, unique: bool) -> str | None:
    """The text json_leaf_items gives the leaf at `path` of valid `data`, when it is `raw` (a string
    when `quoted`); None when it is not, or a key on the way appears more than once in its object
    (then the document keeps the last one's value at the first one's place)."""
    if not unique:  # a key may be there twice: read its value as a parser would
        node = _member(data, path)
        if node != (b'"%s"' % raw if quoted else raw):
            return None
    if quoted:
        return raw.decode("utf-8")
    if not _FLOAT.fullmatch(raw):
        return None
    if _FLOAT_MARKS.isdisjoint(raw):  # an int: "-0" reads back as "0"
        return str(int(raw)) if str(int(raw)).encode() == raw else None
    return raw.decode("ascii")  # floats are kept as written


def _member(data: bytes, path: locate.Path) -> bytes | None:
    """Raw text of the value at `path`, decoding only the containers on the way; None when a key on the
    way appears more than once in its object."""
    node: bytes = data
    try:
        for part in path:
            if type(part) is int:
                node = bytes(_ARRAY.decode(node)[part])
            elif node.count(b'"%s"' % part.encode("utf-8")) != 1:
                return None
            else:
                node = bytes(_OBJECT.decode(node)[part])
    except (msgspec.DecodeError, KeyError, IndexError):
        return None
    return node


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


def plain_form_fields(text: str) -> list[tuple[str, str]] | None:
    """dec.form_fields(text.strip()) of a body that has no "%" or "+" where it has an "=": then parse_qsl
    only splits at "&" and "=", and refuses a piece without "="."""
    s = text.strip()
    if "=" not in s or "\n" in s:
        return None
    pieces = [p.partition("=") for p in s.split("&")]
    if not all(eq for _, eq, _ in pieces):
        return None
    return [(k, v) for k, _, v in pieces]


def _located_form(m: Matcher, units: _Units, data: bytes, text: str, fields: list[tuple[str, str]],
                  offsets: list[int]) -> bool:
    """The form fields holding these offsets; a field with "%" or "+" reads differently from its raw
    text, so it is decoded whole, as the full decoder does."""
    pieces = text.strip().split("&")
    if len(pieces) != len(fields):
        return False
    pos = len(text[:len(text) - len(text.lstrip())].encode("utf-8"))
    for (k, v), piece in zip(fields, pieces, strict=True):
        if "%" in piece or "+" in piece:
            m._leaf(units, v, f"body.form:{k}", (), 0)
            pos += len(piece.encode("utf-8")) + 1
            continue
        start = pos + len(k.encode("utf-8")) + 1
        end = pos + len(piece.encode("utf-8"))
        inside = offsets[bisect.bisect_left(offsets, start):bisect.bisect_left(offsets, end)]
        if inside and not _located_field(m, units, data[start:end], v, f"body.form:{k}",
                                         [o - start for o in inside]):
            return False
        pos = end + 1
    return True


def _located_field(m: Matcher, units: _Units, raw: bytes, value: str, loc: str, offsets: list[int]) -> bool:
    """Matcher._leaf of a form field, a JSON value decoded only around the offsets (as in a JSON body)."""
    doc = _json_shape(raw, value, raw.count(b"{") + raw.count(b"[")) if len(value) >= 8 else None
    if doc is None:
        m._leaf(units, value, loc, (), 0)
        return True
    if units.add(loc, (), value):
        return _located_json(m, units, raw, value, doc, offsets, f"{loc} > json:", 1)
    return True
