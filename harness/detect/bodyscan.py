"""Byte scans of a request body for the matcher's fast path: C where it was built, Python twins elsewhere.

The fast path asks two questions of a body many times a second: what its bytes are like (where the
runs of base64-alphabet bytes start, whether it holds bytes the full decoder reads differently, how
many brackets it has) and which JSON leaf holds a byte offset. Answered in Python, with translates,
counts and a walk over the structure before the offset, these cost more than the pattern pass itself;
`_scan.c` answers each in one pass over the bytes. `pip install` builds it (an optional extension: a
machine without a C compiler keeps the twins below, same answers, slower). tests/detect/test_bodyscan.py
holds the two to the same answers on generated bodies.
"""

from __future__ import annotations

from typing import NamedTuple

from harness.detect import decode as dec
from harness.detect import locate

try:
    from harness.detect import _scan
except ImportError:  # not built here: the twins give the same answers
    _scan = None

NATIVE = _scan is not None

_UNPLAIN = frozenset(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
                     b"\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\\")
_MARKS = bytes(0x63 if i in _UNPLAIN else 0x20 for i in range(256))
"""Each byte as "c" (control but tab, CR, LF; DEL; backslash) or " "."""


class BodyFacts(NamedTuple):
    """What one pass over a body's bytes tells the fast path."""

    runs: list[int] | None
    """Where each run of MIN_SEGMENT or more base64-alphabet bytes starts (any base64 or hex segment lies
    in one); None past the limit asked for."""
    unplain: bool
    """A control byte (but tab, CR, LF), DEL or backslash: the full decoder reads the body differently."""
    escapes: bool
    """A "%" or "+", and an "=": a form field may read differently from its raw text."""
    amp: bool
    """An "&": a string may be a form (inside JSON too)."""
    brackets: int
    """How many "{" and "[" bytes (inside strings too): a bound on the JSON nesting depth."""


def survey(data: bytes, max_runs: int) -> BodyFacts:
    """The facts of a body, in one pass where the C module is built."""
    if _scan is not None:
        return _scan.survey(data, dec.MIN_SEGMENT, max_runs)  # the same five fields, as a plain tuple
    return survey_twin(data, max_runs)


def survey_twin(data: bytes, max_runs: int) -> BodyFacts:
    spans = dec.segment_spans(data, "b64")  # the runs are the base64 segments' spans
    runs = [start for start, _ in spans] if len(spans) <= max_runs else None
    escapes = (b"%" in data or b"+" in data) and b"=" in data
    unplain = b"c" in data.translate(_MARKS)
    return BodyFacts(runs, unplain, escapes, b"&" in data, data.count(b"{") + data.count(b"["))


def segment_spans(data: bytes) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """decode.segment_spans(data, "b64") and (data, "hex"), in one pass where the C module is built."""
    if _scan is not None:
        return _scan.segments(data, dec.MIN_SEGMENT)
    return dec.segment_spans(data, "b64"), dec.segment_spans(data, "hex")


def leaf_at(data: bytes, pos: int) -> tuple[locate.Path, bytes, bool, bool] | None:
    """(path, raw text, whether a string, whether every key on the path is once in its object) of the
    JSON string or number value holding byte `pos` of backslash-free, valid `data`; None when `pos` is
    in a key, between tokens or on a delimiter. "Not once" may also mean "could not tell": then only a
    parsed document can say which duplicate a parser keeps."""
    if _scan is not None:
        return _scan.leaf_at(data, pos)
    return leaf_at_twin(data, pos)


def leaf_at_twin(data: bytes, pos: int) -> tuple[locate.Path, bytes, bool, bool] | None:
    found = locate.leaf_at(data, pos)
    if found is None:
        return None
    path, raw, quoted = found
    keys = [b'"%s"' % part.encode("utf-8") for part in path if type(part) is str]
    unique = all(data.count(key) == 1 for key in keys)  # once in the whole text is once in its object
    return path, raw, quoted, unique
