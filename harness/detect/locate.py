"""Which JSON leaf holds a byte offset, read from the raw text instead of a walk over every leaf.

The matcher finds candidate matches with one pass over a body's raw bytes; only the few leaves
that hold a candidate need their JSONPath. Walking the parsed document to name every leaf
costs far more than the pattern pass, so the path of a leaf is read off the structural tokens
before it. This only holds for text without backslashes, where every '"' delimits a string
and a leaf's text is exactly its raw bytes; the caller checks that, and checks each located
leaf against the parsed document (duplicate keys keep only their last value).
"""

from __future__ import annotations

import re

from harness.detect.decode import PathLink

_NOT_STRUCTURE = bytes(i for i in range(256) if i not in b"{}[],\x01")
_NUMBER_CHARS = frozenset(b"0123456789+-.eE")
_NUMBER_RUN = re.compile(rb"[-+.0-9eE]*")

Path = tuple[str | int, ...]


def leaf_at(raw: bytes, pos: int) -> tuple[Path, bytes, bool] | None:
    """(path, raw leaf text, whether it is a string) of the string or number value that contains byte
    `pos`, or None when `pos` is in a key, between tokens or on a delimiter. `raw` is valid JSON
    without backslashes."""
    if raw[pos:pos + 1] == b'"':
        return None
    quoted = raw.count(b'"', 0, pos) % 2 == 1
    if quoted:
        start = raw.rfind(b'"', 0, pos)
        text = raw[start + 1:raw.find(b'"', pos)]
    elif raw[pos] in _NUMBER_CHARS:
        start = pos
        while start and raw[start - 1] in _NUMBER_CHARS:
            start -= 1
        text = raw[start:_NUMBER_RUN.match(raw, pos).end()]
    else:
        return None
    path = _path_before(raw, start)
    return None if path is None else (path, text, quoted)


def _path_before(raw: bytes, end: int) -> Path | None:
    """Path of the value that starts at `end`, from the containers opened before it (None for a key).

    Split at quotes, every other piece is a string; the others, joined with a \x01 where each string
    was, are reduced to their brackets, commas and those marks in one translate (a regex tokenizer
    cost ten times more). The caller's text holds no control bytes, so \x01 is free."""
    pieces = raw[:end].split(b'"')
    skeleton = b"\x01".join(pieces[0::2]).translate(None, _NOT_STRUCTURE)
    path: list[str | int | None] = []
    in_dict: list[bool] = []
    want_key = False
    strings = 0
    for c in skeleton:
        if c == 0x01:  # a string: the key of the next member when a dict expects one
            strings += 1
            if want_key:
                path[-1] = pieces[2 * strings - 1].decode("utf-8")
                want_key = False
        elif c == 0x2C:  # ","
            if in_dict[-1]:
                want_key = True
            else:
                path[-1] += 1  # type: ignore[operator]
        elif c == 0x7B or c == 0x5B:  # "{" or "["
            in_dict.append(c == 0x7B)
            path.append(None if c == 0x7B else 0)
            want_key = c == 0x7B
        else:  # "}" or "]"
            in_dict.pop()
            path.pop()
            want_key = False  # after "{}" no key is pending
    if not path or want_key or None in path:
        return None
    return tuple(path)  # type: ignore[arg-type]


def lookup(doc: object, path: Path) -> object:
    """The value at `path` in a parsed document, or a KeyError/IndexError/TypeError."""
    for part in path:
        if isinstance(part, int) and type(doc) is not list:
            raise TypeError(part)
        doc = doc[part]  # type: ignore[index]
    return doc


def link_of(path: Path) -> PathLink | None:
    """The linked (parent, key) form json_leaf_items gives the same leaf."""
    link: PathLink | None = None
    for part in path:
        link = (link, part)
    return link


def document_order(doc: object, path: Path) -> tuple[int, ...]:
    """Sort key of a leaf in json_leaf_items' order: depth first, dict keys in insertion order."""
    key = []
    for part in path:
        key.append(part if isinstance(part, int) else list(doc).index(part))  # type: ignore[call-overload]
        doc = doc[part]  # type: ignore[index]
    return tuple(key)
