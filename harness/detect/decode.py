"""Capped decoding of what an app sends, down to the strings a value could hide in.

Every step has a byte cap so no body (a gzip bomb, a 2 GB upload) can take more than a
set amount of memory or time: decompression streams and stops at the cap, and the
caller learns the output was truncated. The structure walkers turn one body into
"units": (location, text) pairs such as ("body.json:$.device.imei", "8600...").
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from harness.safeload import too_deep

try:  # brotli and zstd ship with mitmproxy's dependencies; absent ones are reported, not fatal
    import brotli
except ImportError:  # pragma: no cover
    brotli = None
try:
    from compression import zstd  # Python 3.14
except ImportError:  # pragma: no cover - 3.12 uses the backport mitmproxy depends on
    try:
        from backports import zstd
    except ImportError:
        zstd = None

DEFAULT_CAP = 4 * 1024 * 1024
MAX_JSON_DEPTH = 64
"""Bytes of decoded body kept per flow (the flow record and the matcher both stop there)."""

_CHUNK = 64 * 1024


@dataclass(slots=True)
class Decoded:
    data: bytes
    truncated: bool = False
    error: str | None = None
    steps: list[str] = field(default_factory=list)


def decompress(data: bytes, encoding: str | None, cap: int = DEFAULT_CAP) -> Decoded:
    """Undo a Content-Encoding (gzip, deflate, br, zstd, or a list of them), never producing more than cap bytes."""
    if not encoding:
        return Decoded(data[:cap], truncated=len(data) > cap)
    out = Decoded(data)
    for enc in reversed([e.strip().lower() for e in encoding.split(",") if e.strip()]):
        if enc in ("identity", ""):
            continue
        try:
            out.data, cut = _decompress_one(out.data, enc, cap)
        except Exception as e:  # noqa: BLE001 - any codec error: keep the raw bytes and say why
            out.error = f"{enc}: {type(e).__name__}: {e}"[:200]
            out.data = data[:cap]
            out.truncated = len(data) > cap
            return out
        out.truncated |= cut
        out.steps.append(enc)
    return out


def _decompress_one(data: bytes, enc: str, cap: int) -> tuple[bytes, bool]:
    if enc in ("gzip", "x-gzip", "deflate"):
        if enc == "deflate":
            # "deflate" is zlib-wrapped per RFC, raw deflate in practice from some servers/clients.
            wbits = zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS
        else:
            wbits = zlib.MAX_WBITS | 16
        return _stream(zlib.decompressobj(wbits), data, cap)
    if enc == "br":
        if brotli is None:
            raise ValueError("brotli module not installed")
        return _stream_brotli(data, cap)
    if enc == "zstd":
        if zstd is None:
            raise ValueError("zstd module not installed")
        return _stream_zstd(data, cap)
    raise ValueError(f"unknown content-encoding {enc!r}")


def _stream(dec: zlib._Decompress, data: bytes, cap: int) -> tuple[bytes, bool]:
    """Inflate in chunks, never asking for more than the cap; gzip members after the first continue."""
    parts: list[bytes] = []
    size = 0
    pending = data
    while pending:
        view = memoryview(pending)
        rest = b""
        for i in range(0, len(pending), _CHUNK):
            buf = view[i:i + _CHUNK].tobytes()
            while buf:
                chunk = dec.decompress(buf, cap - size + 1)
                parts.append(chunk)
                size += len(chunk)
                if size > cap:
                    return b"".join(parts)[:cap], True
                buf = dec.unconsumed_tail
            if dec.eof:
                rest = dec.unused_data + view[i + _CHUNK:].tobytes()
                break
        # A gzip file may hold several members; each one is a fresh stream.
        if dec.eof and rest[:2] == b"\x1f\x8b":
            dec = zlib.decompressobj(zlib.MAX_WBITS | 16)
            pending = rest
        else:
            pending = b""
    return b"".join(parts), False


def _stream_brotli(data: bytes, cap: int) -> tuple[bytes, bool]:
    dec = brotli.Decompressor()
    parts: list[bytes] = []
    size = 0
    for i in range(0, len(data), _CHUNK):
        buf = data[i:i + _CHUNK]
        while True:
            chunk = dec.process(buf, output_buffer_limit=cap - size + 1)
            buf = b""
            parts.append(chunk)
            size += len(chunk)
            if size > cap:
                return b"".join(parts)[:cap], True
            if dec.can_accept_more_data() or not chunk:
                break
        if dec.is_finished():
            break
    return b"".join(parts), False


def _stream_zstd(data: bytes, cap: int) -> tuple[bytes, bool]:
    dec = zstd.ZstdDecompressor()
    parts: list[bytes] = []
    size = 0
    chunk = dec.decompress(data, max_length=cap + 1)
    parts.append(chunk)
    size += len(chunk)
    while size <= cap and not dec.eof and dec.needs_input is False:
        chunk = dec.decompress(b"", max_length=cap + 1 - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    out = b"".join(parts)
    return out[:cap], len(out) > cap


# ---- text heuristics ------------------------------------------------------------------------

def as_text(data: bytes) -> str | None:
    """The bytes as text when they are mostly printable UTF-8, else None."""
    if not data:
        return ""
    text = data.decode("utf-8", "replace")  # raising and catching cost more than most decodes
    if "\ufffd" in text:
        if b"\xef\xbf\xbd" not in data:
            return None  # something was replaced: not UTF-8
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    sample = text[:2048]
    if _NON_PRINTABLE.search(sample) is None:  # the common case: no need to count
        return text
    return text if len(_NON_PRINTABLE.findall(sample)) <= 0.1 * len(sample) else None


_NON_PRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


PathLink = tuple  # (parent PathLink | None, key or index): a path shared with its siblings, never copied


def json_leaf_items(obj: object, limit: int = 100_000) -> list[tuple[PathLink | None, str]]:
    """(path link, text) of every scalar in a parsed JSON document, in document order, numbers as written.

    The path is a linked (parent, key) pair, formatted by json_path only for the few leaves that hold
    a match: building every leaf's path string cost more than the walk itself.
    """
    out: list[tuple[PathLink | None, str]] = []
    stack: list[tuple[PathLink | None, object]] = [(None, obj)]
    while stack and len(out) < limit:
        link, o = stack.pop()
        t = type(o)
        if t is dict:
            stack.extend(((link, str(k)), v) for k, v in reversed(list(o.items())))  # type: ignore[union-attr]
        elif t is list:
            stack.extend(((link, i), v) for i, v in reversed(list(enumerate(o))))  # type: ignore[arg-type]
        elif t is str:
            out.append((link, o))  # type: ignore[arg-type]
        elif o is None or t is bool:
            continue
        elif isinstance(o, str):
            out.append((link, str(o)))
        elif isinstance(o, dict | list):
            stack.append((link, dict(o) if isinstance(o, dict) else list(o)))
        else:
            out.append((link, repr(o) if isinstance(o, float) else str(o)))
    return out


@functools.lru_cache(maxsize=4096)
def json_path(link: PathLink | None, root: str = "$") -> str:
    """JSONPath of a path link: $.a.b[0]["odd key"]. Remembered: the same schema names the same paths
    in request after request."""
    parts: list[str | int] = []
    while link is not None:
        link, part = link
        parts.append(part)
    out = [root]
    for part in reversed(parts):
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _SIMPLE_KEY.match(part):
            out.append(f".{part}")
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def json_leaves(obj: object, path: str = "$", limit: int = 100_000) -> Iterator[tuple[str, str]]:
    """(JSONPath, text) of every scalar in a parsed JSON document, numbers as written."""
    for parts, text in json_leaf_items(obj, limit):
        yield json_path(parts, path), text


_SIMPLE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def try_json(text: str, *, exact_numbers: bool = True) -> object | None:
    """The parsed document when the text is a JSON object or array, else None.

    `exact_numbers` keeps each float as written (for leaf texts); without it the parse is cheaper
    and accepts exactly the same texts (any JSON number is a valid float literal).
    """
    s = text.lstrip()
    if not s or s[0] not in "{[":
        return None
    try:
        doc = json.loads(text, parse_float=_keep_float if exact_numbers else None)
    except (ValueError, RecursionError):
        return None
    # Deeper documents are scanned as plain text: their JSONPaths would grow with the square of the depth.
    return None if too_deep(doc, text, MAX_JSON_DEPTH) else doc


class _Num(float):
    """A JSON number that prints exactly as it was written (39.908700 stays 39.908700)."""

    def __new__(cls, text: str) -> _Num:
        obj = super().__new__(cls, text)
        obj.text = text
        return obj

    def __repr__(self) -> str:
        return self.text


def _keep_float(text: str) -> _Num:
    return _Num(text)


def form_fields(text: str) -> list[tuple[str, str]] | None:
    """key=value pairs of a urlencoded string, or None when it does not look like one."""
    if "=" not in text or "\n" in text.strip():
        return None
    try:
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return None
    return pairs or None


def multipart_parts(body: bytes, content_type: str) -> list[tuple[str, str | None, bytes]] | None:
    """(name, content type, body) of each part of a multipart body, or None when it is not one."""
    m = re.search(r'boundary="?([^";]+)"?', content_type, re.I)
    if not m:
        return None
    sep = b"--" + m.group(1).encode()
    parts = []
    for chunk in body.split(sep)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, payload = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        headers = head.decode("latin-1")
        name_m = re.search(r'name="([^"]*)"', headers, re.I)
        ct_m = re.search(r"content-type:\s*([^\r\n]+)", headers, re.I)
        parts.append((name_m.group(1) if name_m else f"part{len(parts)}", ct_m.group(1).strip() if ct_m else None,
                      payload[:-2] if payload.endswith(b"\r\n") else payload))
    return parts


# ---- protobuf without a schema ----------------------------------------------------------------

def protobuf_leaves(data: bytes, prefix: str = "", depth: int = 0) -> list[tuple[str, str]] | None:
    """(field path "1.3", text) of strings and large integers in a protobuf message, or None when
    the bytes do not parse as one (every byte must be consumed by valid fields)."""
    if depth > 8 or not data:
        return None
    out: list[tuple[str, str]] = []
    pos, n = 0, len(data)
    while pos < n:
        key, pos = _varint(data, pos)
        if key is None:
            return None
        field_no, wire = key >> 3, key & 7
        if field_no == 0 or field_no > 536870911:
            return None
        path = f"{prefix}{field_no}"
        if wire == 0:
            v, pos = _varint(data, pos)
            if v is None:
                return None
            if v >= 100_000:
                out.append((path, str(v)))
        elif wire == 1:
            if pos + 8 > n:
                return None
            pos += 8
        elif wire == 5:
            if pos + 4 > n:
                return None
            pos += 4
        elif wire == 2:
            length, pos = _varint(data, pos)
            if length is None or pos + length > n:
                return None
            chunk = data[pos:pos + length]
            pos += length
            sub = protobuf_leaves(chunk, path + ".", depth + 1) if length >= 2 else None
            text = as_text(chunk)
            if sub is not None and (text is None or not _plain_ascii(text)):
                out.extend(sub)
            elif text is not None:
                out.append((path, text))
            else:
                out.append((path, chunk.decode("latin-1")))
        else:
            return None
    return out


def _plain_ascii(text: str) -> bool:
    return all(32 <= ord(c) < 127 for c in text)


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
    result = shift = 0
    while pos < len(data) and shift < 64:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
    return None, pos


# ---- encoded segments inside a string ---------------------------------------------------------

JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.(eyJ[A-Za-z0-9_-]{4,})\.[A-Za-z0-9_-]*")
B64_RE = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}+={0,2}")
HEX_RE = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])")
MIN_SEGMENT = 16
B64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-"
_RUN_TABLES = {kind: bytes(0x78 if i in alphabet else 0x20 for i in range(256))
               for kind, alphabet in (("b64", B64_ALPHABET), ("hex", b"0123456789ABCDEFabcdef"))}
_RUN = b"x" * MIN_SEGMENT


def segment_spans(data: bytes, kind: str) -> list[tuple[int, int]]:
    """Byte spans of what B64_RE ("b64", without its "=" padding) or HEX_RE ("hex") find, found fast.

    Python's regex engine tries every start inside a short run of the alphabet, which made it the
    slowest part of a scan; here the bytes are mapped to "x" (in the alphabet) or " " and runs of 16
    are found with bytes.find. A run starts where the first 16 x's start (every earlier run was
    shorter); hex runs of odd length are no hex encoding, as HEX_RE's pairs and look-arounds say.
    """
    marked = data.translate(_RUN_TABLES[kind])
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := marked.find(_RUN, pos)) >= 0:
        end = marked.find(b" ", start + MIN_SEGMENT)
        end = len(marked) if end < 0 else end
        if kind == "b64" or not (end - start) % 2:
            spans.append((start, end))
        pos = end
    return spans


def segments(text: str, kind: str) -> list[str]:
    """The base64 or hex segments of a text (see segment_spans), as strings."""
    data = text.encode("utf-8", "surrogatepass")
    return [data[s:e].decode("ascii") for s, e in segment_spans(data, kind)]


def b64decode_any(segment: str) -> bytes | None:
    """Standard or URL-safe base64, padded or not; None when it is not base64."""
    s = segment.rstrip("=")
    if len(s) % 4 == 1:
        return None
    s += "=" * (-len(s) % 4)
    try:
        if "-" in s or "_" in s:
            return base64.urlsafe_b64decode(s)
        # b64decode(validate=True) checks the alphabet with a regex first; strict_mode checks it in C
        return binascii.a2b_base64(s, strict_mode=True)
    except (binascii.Error, ValueError):
        return None
