"""Find known personal-information values in flows: decode first, then one multi-pattern pass.

A flow is decoded into units (URL path, each query field, each header, each JSON leaf,
form field, multipart part, protobuf field, websocket message, and what base64 / hex /
JWT segments inside any of them decode to), the units are joined into one buffer, and a
single case-insensitive multi-pattern pass (engine.py) finds every variant of every value at
once; offsets map back to the unit, hence to a location such as "body.json:$.device.ids[0]".
Case-sensitive variants (base64) are checked against the original bytes, short ones must not be
glued to other letters or digits, and a single rounded coordinate counts only when its other half
is in the same flow.

The result depends only on the units that hold a match, so scan_flow decodes a request body only
around what one raw pass finds (fastpath.py); scan_flow(exhaustive=True) decodes every field.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from typing import NamedTuple
from urllib.parse import unquote

from harness.detect import bodyscan, engine, fastpath
from harness.detect import decode as dec
from harness.detect.known_values import KnownValue
from harness.detect.variants import Variant, variants_of

MAX_DEPTH = 3
"""Nested decodings followed (base64 inside JSON inside base64 ...)."""
MAX_SEGMENTS = 256
"""Encoded segments decoded per unit."""
DEFAULT_BUDGET = 16 * 1024 * 1024
"""Bytes of decoded units per flow; past it the rest of the flow is not expanded further."""
SHORT_TEXT = 512
"""Texts up to this long have their decodings and matches remembered (CACHED_TEXTS of each)."""
CACHED_TEXTS = 4096
JWT_MARK = b"eyj"
"""Searched with the patterns (lowercased, as they are): where a JWT may start, for the fast path."""

_DIGITISH = frozenset(b"0123456789.-+")
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset(b"0123456789")
_ALL_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class PiMatch(NamedTuple):
    """One known value found in one place of one flow (a named tuple: flows with a match make a few each,
    and a tuple is built in a third of a frozen dataclass's time)."""

    data_type: str
    value: str
    encoding: str
    location: str
    flow_id: str
    host: str
    scheme: str
    snippet: str
    source: str = ""
    layers: tuple[str, ...] = ()

    @property
    def cleartext(self) -> bool:
        """Sent without TLS: anyone on the path could read it."""
        return self.scheme in ("http", "ws")

    def to_json(self) -> dict:
        return {"data_type": self.data_type, "value": self.value, "encoding": self.encoding,
                "location": self.location, "flow_id": self.flow_id, "host": self.host, "scheme": self.scheme,
                "snippet": self.snippet, "source": self.source, "layers": list(self.layers),
                "cleartext": self.cleartext}


class _Units:
    """Strings to scan, with their locations and the decoding steps that produced them."""

    def __init__(self, budget: int) -> None:
        self.locs: list[str | tuple[str, dec.PathLink | None]] = []
        """A location, or (prefix, JSON path parts) formatted only when the unit holds a match."""
        self.layers: list[tuple[str, ...]] = []
        self.texts: list[str] = []
        self.budget = budget

    def add(self, loc: str | tuple[str, dec.PathLink | None], layers: tuple[str, ...], text: str) -> bool:
        if not text or self.budget <= 0:
            return False
        self.budget -= len(text)
        self.locs.append(loc)
        self.layers.append(layers)
        self.texts.append(text)
        return True

    def joined(self) -> tuple[bytes, list[int]]:
        """The texts as one NUL-separated UTF-8 buffer (no pattern holds a NUL, so no match spans two),
        and where each starts in it."""
        encoded = [t.encode("utf-8", "replace") for t in self.texts]
        starts = [0]
        for b in encoded[:-1]:
            starts.append(starts[-1] + len(b) + 1)
        return b"\x00".join(encoded), starts

    def extend(self, other: _Units) -> None:
        """Take the units of `other`, which was started from this one's budget and is added whole."""
        self.locs += other.locs
        self.layers += other.layers
        self.texts += other.texts
        self.budget = other.budget


class Matcher:
    """All variants of a set of known values, compiled once; scans flows and strings."""

    def __init__(self, values: Iterable[KnownValue], *, budget: int = DEFAULT_BUDGET) -> None:
        self.values = list(values)
        self.budget = budget
        table: dict[bytes, list[Variant]] = {}
        for kv in self.values:
            for v in variants_of(kv):
                table.setdefault(v.pattern.encode().lower(), []).append(v)
        self._keys = list(table)
        self._variants = [table[k] for k in self._keys]
        self._pattern_bytes = [[v.pattern.encode() for v in vs] for vs in self._variants]
        self._checks = [[(v, pat if v.case_sensitive else None, word_class(pat) if v.bounded else None)
                         for v, pat in zip(vs, pats, strict=True)]
                        for vs, pats in zip(self._variants, self._pattern_bytes, strict=True)]
        """Per pattern: each variant, the exact bytes it must be (case-sensitive ones) and the characters
        it must not touch (bounded ones), worked out once rather than for every occurrence."""
        self._checks.append([])  # JWT_MARK: an offset for the fast path, never a match
        self.jwt_mark = len(self._keys)
        """The engine's index of JWT_MARK."""
        self.engine = engine.build(self._keys + [JWT_MARK]) if self._keys else None
        self._found_cache: dict[bytes, list[tuple[Variant, int, int]]] = {}
        self._leaf_cache: dict[tuple, list[tuple]] = {}
        self._fast = not any(b"\x00" in k for k in self._keys)
        """Units are joined with NUL: with no NUL in a pattern, a match never spans two units, so the
        result only depends on the units that hold a match (what the fast path relies on)."""

    @property
    def pattern_count(self) -> int:
        return len(self._keys)

    # ---- public ------------------------------------------------------------------------
    def scan_flow(self, flow: dict, *, exhaustive: bool = False) -> list[PiMatch]:
        """Every known value in a "flow" record: URL, headers, request body, websocket messages.

        The body, most of a flow's bytes, is decoded only where it can hold a match (see
        fastpath.body_units); `exhaustive` decodes every field of it, the reference the fast
        path is tested against and the way taken whenever the fast path cannot vouch for a body.
        """
        if self.engine is None:
            return []
        units = _Units(self.budget)
        ctype = self._head(units, flow)
        req = flow.get("request") or {}
        ws = flow.get("websocket") or []
        if exhaustive or ws or not self._fast or not fastpath.body_units(self, units, req, ctype):
            body = _body_bytes(req)
            if body:
                self._bytes(units, body, ctype, None, (), 0)
            self._websocket(units, ws)
        return self._run(units, flow)

    def _head(self, units: _Units, flow: dict) -> str:
        """URL path, query fields, cookies and headers (small: always decoded in full); the content type."""
        req = flow.get("request") or {}
        path = flow.get("path") or ""
        if path and path != "/":
            self._leaf(units, unquote(path), "url.path", (), 0)
        query = flow.get("query") or ""
        if query:
            fields = dec.form_fields(query)
            if fields:
                for k, v in fields:
                    self._leaf(units, v, f"url.query:{k}", (), 0)
            else:
                self._leaf(units, unquote(query), "url.query", (), 0)
        content_type = ""
        for name, value in req.get("headers") or []:
            lname = str(name).lower()
            if lname == "content-type":
                content_type = str(value)
            if lname in ("cookie",):
                for part in str(value).split(";"):
                    k, _, v = part.strip().partition("=")
                    self._leaf(units, v, f"cookie:{k}", (), 0)
            elif lname not in ("host", "content-length", ":authority", ":path", ":method", ":scheme"):
                self._leaf(units, str(value), f"header:{name}", (), 0)
        return content_type

    def _websocket(self, units: _Units, messages: list[dict]) -> None:
        """Messages the app sent (the server's replies are not the app's disclosures)."""
        for i, msg in enumerate(messages):
            if not msg.get("from_client", True):
                continue
            content = msg.get("content")
            data = dec.b64decode_any(content) if msg.get("encoding") == "base64" else None
            if data is not None:
                self._bytes(units, data, "", f"websocket[{i}]", (), 0)
            elif isinstance(content, str):
                self._text(units, content, f"websocket[{i}]", (), 0, top=False)

    def scan_text(self, text: str, location: str, *, flow: dict | None = None) -> list[PiMatch]:
        """Known values in one string (and what its base64/hex/JWT/JSON parts decode to)."""
        units = _Units(self.budget)
        self._leaf(units, text, location, (), 0)
        return self._run(units, flow or {})

    def scan_raw(self, text: str, location: str = "text", *, flow: dict | None = None) -> list[PiMatch]:
        """Known values in one string exactly as given: no decoding, just the multi-pattern pass."""
        units = _Units(self.budget)
        units.add(location, (), text)
        return self._run(units, flow or {})

    # ---- decoding into units -------------------------------------------------------------
    def _bytes(self, units: _Units, data: bytes, ctype: str, loc: str | None, layers: tuple[str, ...],
               depth: int) -> None:
        """A body (loc None) or a nested blob: decompress, split multipart, then text or protobuf."""
        base = loc or "body"
        if data[:2] == b"\x1f\x8b" and depth < MAX_DEPTH:
            out = dec.decompress(data, "gzip", min(dec.DEFAULT_CAP, max(units.budget, 0)))
            if out.error is None:
                self._bytes(units, out.data, "", f"{base} > gzip", layers + ("gzip",), depth + 1)
                return
        if ctype.lower().startswith("multipart/"):
            parts = dec.multipart_parts(data, ctype)
            if parts is not None:
                for name, pctype, payload in parts:
                    self._bytes(units, payload, pctype or "", f"{base}.multipart:{name}" if loc is None
                                else f"{loc} > multipart:{name}", layers, depth)
                return
        text = dec.as_text(data)
        if text is not None and not _CONTROL.search(text):
            self._text(units, text, loc if loc is not None else None, layers, depth, top=loc is None)
            return
        # Control bytes in "text" are usually a binary framing such as protobuf.
        leaves = dec.protobuf_leaves(data)
        if not leaves and text is not None:
            self._text(units, text, loc if loc is not None else None, layers, depth, top=loc is None)
            return
        if leaves:
            for path, s in leaves:
                where = f"body.protobuf:{path}" if loc is None else f"{loc} > protobuf:{path}"
                self._leaf(units, s, where, layers + ("protobuf",), depth + 1)
            return
        if loc is None or depth == 0:
            units.add(f"{base}.binary" if loc is None else loc, layers, data.decode("latin-1"))

    def _text(self, units: _Units, text: str, loc: str | None, layers: tuple[str, ...], depth: int,
              *, top: bool) -> None:
        """Text of a body or message: JSON leaves, form fields, or the text itself."""
        doc = dec.try_json(text)
        if doc is not None:
            self._json(units, doc, "body.json:" if top else f"{loc} > json:", layers, depth)
            return
        if top:
            fields = dec.form_fields(text.strip())
            if fields:
                for k, v in fields:
                    self._leaf(units, v, f"body.form:{k}", layers, depth)
                return
        self._leaf(units, text, "body.text" if top else str(loc), layers, depth)

    def _leaf(self, units: _Units, text: str, loc: str, layers: tuple[str, ...], depth: int) -> None:
        """One string: scanned as is, and its embedded JSON / form / JWT / base64 / hex expanded.

        The units a short string adds are remembered and replayed: the same headers, query fields and
        identifiers come back in request after request. A replay adds them one by one as the first
        time did, so a budget that runs out stops it where it would have stopped the decoding (every
        add after the first refused one is refused too); what was decoded when the budget ran out, or
        holds gzip (whose output depends on the budget left), is not remembered."""
        if len(text) > SHORT_TEXT or depth >= MAX_DEPTH or len(text) < 8:
            self._expand_leaf(units, text, loc, layers, depth)
            return
        key = (text, loc, layers, depth)
        added = self._leaf_cache.get(key)
        if added is not None:
            for unit in added:
                if not units.add(*unit):
                    return
            return
        first = len(units.texts)
        self._expand_leaf(units, text, loc, layers, depth)
        if units.budget > 0 and not any("gzip" in la for la in units.layers[first:]):
            if len(self._leaf_cache) >= CACHED_TEXTS:
                self._leaf_cache.clear()
            self._leaf_cache[key] = list(zip(units.locs[first:], units.layers[first:], units.texts[first:],
                                             strict=True))

    def _expand_leaf(self, units: _Units, text: str, loc: str, layers: tuple[str, ...], depth: int) -> None:
        """_leaf, worked out."""
        if not units.add(loc, layers, text) or depth >= MAX_DEPTH or len(text) < 8:
            return
        doc = dec.try_json(text)
        if doc is not None:
            self._json(units, doc, f"{loc} > json:", layers, depth + 1)
            return
        if "&" in text and "=" in text and not loc.startswith(("url.query", "body.form")):
            fields = dec.form_fields(text.strip())
            if fields and len(fields) > 1:
                for k, v in fields:
                    self._leaf(units, v, f"{loc} > form:{k}", layers, depth + 1)
        jobs, _ = self._encoded(text)
        for _span, kind, payload in jobs:
            self._expand(units, kind, payload, loc, layers, depth)

    def _encoded(self, text: str) -> tuple[list[tuple[tuple[int, int], str, object]], bool]:
        """(byte span, kind, decoded payload) of every JWT payload, base64 and hex segment of a string,
        in the order they are expanded, and whether MAX_SEGMENTS cut the list. Decoding is kept apart
        from expanding so the fast path can tell which offset of a body each expansion comes from.

        A pure function of the text, remembered for short ones: an app sends the same identifier, hashed
        or encoded the same way, in request after request. Callers only read what it returns."""
        return _segments_of_short(text) if len(text) <= SHORT_TEXT else _segments_of(text)

    def forget(self) -> None:
        """Empty what the matcher remembers of texts it has seen (a benchmark's cold start)."""
        self._found_cache.clear()
        self._leaf_cache.clear()
        _segments_of_short.cache_clear()
        dec.json_path.cache_clear()

    def _found_in(self, buf: bytes) -> list[tuple[Variant, int, int]]:
        """find(buf), remembered for short buffers (the units of a located leaf repeat across requests)."""
        if len(buf) > SHORT_TEXT:
            return self.find(buf)
        found = self._found_cache.get(buf)
        if found is None:
            if len(self._found_cache) >= CACHED_TEXTS:
                self._found_cache.clear()
            found = self._found_cache[buf] = self.find(buf)
        return found

    def _expand(self, units: _Units, kind: str, payload: object, loc: str, layers: tuple[str, ...],
                depth: int) -> None:
        """Units of one decoded JWT payload, base64 or hex segment found in the string at `loc`."""
        if kind == "jwt":
            self._json(units, payload, f"{loc} > jwt:", layers + ("jwt",), depth + 1)
        elif kind == "base64":
            self._nested(units, payload, f"{loc} > base64", layers + ("base64",), depth + 1)  # type: ignore[arg-type]
        else:
            self._leaf(units, payload, f"{loc} > hex", layers + ("hex",), depth + 1)  # type: ignore[arg-type]

    def _json(self, units: _Units, doc: object, prefix: str, layers: tuple[str, ...], depth: int) -> None:
        """Every leaf of a parsed JSON document. A short leaf that cannot hold an encoding (no JSON, form,
        JWT, base64 or hex fits in it) is only added, its path kept unformatted until it matches."""
        for link, text in dec.json_leaf_items(doc):
            self._json_leaf(units, link, text, prefix, layers, depth)

    def _json_leaf(self, units: _Units, link: dec.PathLink | None, text: str, prefix: str,
                   layers: tuple[str, ...], depth: int) -> None:
        """One JSON leaf (the fast path adds the leaves it located through here too)."""
        if len(text) < dec.MIN_SEGMENT and "&" not in text and text.lstrip()[:1] not in ("{", "["):
            units.add((prefix, link), layers, text)
        else:
            self._leaf(units, text, prefix + dec.json_path(link), layers, depth)

    def _nested(self, units: _Units, raw: bytes, loc: str, layers: tuple[str, ...], depth: int) -> None:
        """Bytes decoded out of a string: text, gzip or protobuf; random binary is dropped."""
        if raw[:2] == b"\x1f\x8b":
            out = dec.decompress(raw, "gzip", min(dec.DEFAULT_CAP, max(units.budget, 0)))
            if out.error is None:
                raw, loc, layers = out.data, f"{loc} > gzip", layers + ("gzip",)
        text = dec.as_text(raw)
        leaves = dec.protobuf_leaves(raw) if text is None or _CONTROL.search(text) else None
        if text is not None and not leaves:
            self._leaf(units, text, loc, layers, depth)
            return
        if leaves:
            for path, s in leaves:
                self._leaf(units, s, f"{loc} > protobuf:{path}", layers + ("protobuf",), depth + 1)

    # ---- matching ----------------------------------------------------------------------------
    def find(self, buf: bytes) -> list[tuple[Variant, int, int]]:
        """Every verified occurrence (variant, start, end) of every pattern in UTF-8 bytes: one pass."""
        if self.engine is None:
            return []
        return self.verified(buf, self.engine.matches(buf))

    def verified(self, buf: bytes, hits: list[engine.Hit]) -> list[tuple[Variant, int, int]]:
        """The engine's occurrences in `buf` that pass their variant's checks (case, word boundary)."""
        out = []
        checks = self._checks
        for idx, start, end in hits:
            for variant, exact, cls in checks[idx]:
                if exact is not None and buf[start:end] != exact:
                    continue
                if cls is not None and not _stands_alone(buf, start, end, cls):
                    continue
                out.append((variant, start, end))
        return out

    # ---- flow-level results ----------------------------------------------------------------------------
    def _run(self, units: _Units, flow: dict) -> list[PiMatch]:
        if self.engine is None or not units.texts:
            return []
        buf, starts = units.joined()
        hits = self._found_in(buf)
        if not hits:
            return []
        found: dict[tuple[str, str, str], PiMatch] = {}
        coords: dict[tuple[str, str], set[str]] = {}
        coord_hits: list[tuple[Variant, PiMatch]] = []
        fid, host, scheme = str(flow.get("id", "")), str(flow.get("host", "")), str(flow.get("scheme", ""))
        for variant, start, end in hits:
            u = bisect.bisect_right(starts, start) - 1
            kv = variant.kv
            loc = units.locs[u]
            if isinstance(loc, tuple):
                loc = units.locs[u] = loc[0] + dec.json_path(loc[1])
            if variant.coord is None and (kv.data_type, kv.value, loc) in found:
                continue  # the first match of a value in a place is the one kept
            snippet = buf[start:end].decode("utf-8", "replace")
            m = PiMatch(kv.data_type, kv.value, _refine(variant, snippet), loc, fid, host,
                        scheme, snippet[:120], kv.source, units.layers[u])
            if variant.coord is not None:
                coords.setdefault((kv.data_type, kv.value), set()).add(variant.coord[0])
                coord_hits.append((variant, m))
                continue
            found.setdefault((kv.data_type, kv.value, m.location), m)
        for _variant, m in coord_hits:
            if coords.get((m.data_type, m.value)) == {"lat", "lng"}:
                found.setdefault((m.data_type, m.value, m.location), m)
        return _prune(list(found.values()))


def _segments_of(text: str) -> tuple[list[tuple[tuple[int, int], str, object]], bool]:
    """What Matcher._encoded answers, worked out."""
    jobs: list[tuple[tuple[int, int], str, object]] = []
    jwt_spans = []
    for m in dec.JWT_RE.finditer(text) if "eyJ" in text else ():
        jwt_spans.append(m.span())
        payload = dec.b64decode_any(m.group(1))
        body = dec.as_text(payload) if payload else None
        doc = dec.try_json(body) if body else None
        if doc is not None:
            jobs.append((m.span(), "jwt", doc))
    if jwt_spans and not text.isascii():  # JWT spans are text offsets: byte offsets only match for ASCII
        jwt_spans = [_byte_span(text, span) for span in jwt_spans]
        jobs = [(_byte_span(text, span), k, p) for span, k, p in jobs]
    if len(text) < dec.MIN_SEGMENT:
        return jobs, False
    seen = 0
    data = text.encode("utf-8", "surrogatepass")
    b64_spans, hex_spans = bodyscan.segment_spans(data)
    for start, end in b64_spans:
        if seen >= MAX_SEGMENTS:
            break
        seg = data[start:end].decode("ascii")
        if _ALL_HEX.match(seg) or any(a <= start < b for a, b in jwt_spans):
            continue
        seen += 1
        raw = dec.b64decode_any(seg)
        if raw and len(raw) >= 4:
            jobs.append(((start, end), "base64", raw))
    for start, end in hex_spans:
        if seen >= MAX_SEGMENTS:
            break
        seen += 1
        sub = dec.as_text(bytes.fromhex(data[start:end].decode("ascii")))
        if sub and len(sub) >= 4:
            jobs.append(((start, end), "hex", sub))
    return jobs, seen >= MAX_SEGMENTS


_segments_of_short = functools.lru_cache(maxsize=CACHED_TEXTS)(_segments_of)


def _body_bytes(req: dict) -> bytes:
    body = req.get("body")
    if not body:
        return b""
    if req.get("body_encoding") == "base64":
        return dec.b64decode_any(body) or b""
    return body.encode("utf-8", "replace") if isinstance(body, str) else bytes(body)


def _byte_span(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A (start, end) in characters of a text as offsets in its UTF-8 bytes."""
    return tuple(len(text[:i].encode("utf-8", "surrogatepass")) for i in span)  # type: ignore[return-value]


def bounded(buf: bytes, start: int, end: int, pat: bytes) -> bool:
    """The match is not part of a longer number (numeric patterns) or word (others)."""
    return _stands_alone(buf, start, end, word_class(pat))


def word_class(pat: bytes) -> frozenset[int]:
    """The bytes a bounded pattern must not touch: digits for a number, letters and digits for others."""
    return _DIGITS if all(c in _DIGITISH for c in pat) else _ALNUM


def _stands_alone(buf: bytes, start: int, end: int, cls: frozenset[int]) -> bool:
    before = buf[start - 1] if start > 0 else 0
    after = buf[end] if end < len(buf) else 0
    if cls is _DIGITS and after == 0x2E and end + 1 < len(buf) and buf[end + 1] in _DIGITS:
        return False  # "39.90" inside "39.9087": a longer decimal, not this rounding
    return before not in cls and after not in cls


def _refine(variant: Variant, snippet: str) -> str:
    """"plain" becomes "upper"/"lower" when the value was sent case-changed."""
    if variant.encoding != "plain" or snippet == variant.pattern:
        return variant.encoding
    if snippet == variant.pattern.upper():
        return "upper"
    if snippet == variant.pattern.lower():
        return "lower"
    return "plain"


def _prune(matches: list[PiMatch]) -> list[PiMatch]:
    """One match per value and place: a value found both in a string and in what the string decodes to
    is kept where it says most (the decoded JSON path for plain text, the outer string for an encoding)."""
    if len(matches) < 2 or len({(m.data_type, m.value) for m in matches}) == len(matches):
        return matches  # no value found twice: nothing to choose between
    drop: set[int] = set()
    by_value: dict[tuple[str, str], list[int]] = {}
    for i, m in enumerate(matches):
        by_value.setdefault((m.data_type, m.value), []).append(i)
    for idxs in by_value.values():
        for i in idxs:
            for j in idxs:
                outer, inner = matches[i], matches[j]
                if i == j or not inner.location.startswith(outer.location + " > "):
                    continue
                drop.add(i if outer.encoding == inner.encoding else j)
    return [m for i, m in enumerate(matches) if i not in drop]


def build_matcher(values: Iterable[KnownValue]) -> Matcher:
    """A matcher for these values (deduplicated, junk already filtered by known_values)."""
    return Matcher(values)
