"""HAR 1.2 export and import, and reading any capture (HAR, mitmproxy flow file, run directory).

HAR is what other tools (browsers, Charles, HTTP Toolkit, mitmproxy itself) write, so a
user can check a capture made elsewhere. Import keeps only what the matcher and the
report need; fields HAR lacks (TLS details, the client) stay null.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness import __version__, safeload
from harness.errors import InputError, TraceError
from harness.trace.records import RecordKind, record, shape_problem
from harness.trace.rundir import RunDir

BODY_CAP = 4 * 1024 * 1024
"""Same cap as the proxy addon: a body beyond it is cut and marked truncated."""
MAX_ENTRIES = 200_000
LOST = "capture_note"
"""Kind of the one record that says what part of a capture could not be read (skipped by analysis)."""


def _iso(ts: float) -> str:
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    except (OverflowError, ValueError, OSError):
        return "1970-01-01T00:00:00.000Z"  # a time outside what HAR can say


def _hdrs(headers: Iterable[Any] | None) -> list[dict[str, str]]:
    return [{"name": str(k), "value": str(v)} for k, v in headers or []]


def _query(q: str) -> list[dict[str, str]]:
    from urllib.parse import parse_qsl

    return [{"name": k, "value": v} for k, v in parse_qsl(q or "", keep_blank_values=True)]


def flows_to_har(records: Iterable[dict[str, Any]], *, wall_origin: float = 0.0) -> dict[str, Any]:
    """HAR 1.2 of the "flow" records (other kinds are skipped). `wall_origin`: Unix time of run time 0."""
    entries = []
    for r in records:
        if r.get("kind") != RecordKind.FLOW:
            continue
        req = r.get("request") or {}
        resp = r.get("response") or {}
        ctype = next((v for k, v in req.get("headers") or [] if str(k).lower() == "content-type"), "")
        t = float(r.get("t") or 0.0)
        t_end = r.get("t_end")
        total = max(0.0, (float(t_end) - t) * 1000) if t_end is not None else 0.0
        request = {
            "method": r.get("method", "GET"), "url": r.get("url", ""), "httpVersion": r.get("http_version") or "",
            "cookies": [], "headers": _hdrs(req.get("headers")), "queryString": _query(r.get("query", "")),
            "headersSize": -1, "bodySize": req.get("body_size", 0) or 0,
        }
        if req.get("body") is not None:
            post = {"mimeType": ctype, "text": req["body"]}
            if req.get("body_encoding") == "base64":
                post["encoding"] = "base64"
            request["postData"] = post
        entry: dict[str, Any] = {
            "startedDateTime": _iso(wall_origin + t), "time": round(total, 3), "request": request,
            "response": {
                "status": resp.get("status", 0) if resp else 0, "statusText": "", "httpVersion": r.get("http_version") or "",
                "cookies": [], "headers": _hdrs(resp.get("headers") if resp else None),
                "content": {"size": (resp.get("body_size") or 0) if resp else 0, "mimeType": ""},
                "redirectURL": "", "headersSize": -1, "bodySize": (resp.get("body_size") or -1) if resp else -1,
                **({"_error": r["error"]} if r.get("error") else {}),
            },
            "cache": {}, "timings": {"send": 0, "wait": round(total, 3), "receive": 0},
            "_harness": {k: r.get(k) for k in ("id", "client", "tls", "sink", "truncated") if r.get(k) is not None},
        }
        if req.get("truncated"):
            entry["_harness"]["truncated"] = True
        if r.get("websocket"):
            entry["_resourceType"] = "websocket"
            entry["_webSocketMessages"] = [
                {"type": "send" if m.get("from_client") else "receive", "time": wall_origin + float(m.get("t") or t),
                 "opcode": 2 if m.get("encoding") == "base64" else 1, "data": m.get("content", "")}
                for m in r["websocket"] if m.get("encoding") != "note"]
        entries.append(entry)
    return {"log": {"version": "1.2", "creator": {"name": "app-privacy-harness", "version": __version__},
                    "pages": [], "entries": entries}}


def _parse_time(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except (ValueError, OverflowError, OSError):
        return None


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        and abs(value) < 1e12 else None


def _cap(body: Any) -> tuple[str | None, bool]:
    if body is None:
        return None, False
    body = body if isinstance(body, str) else str(body)
    return (body[:BODY_CAP], True) if len(body) > BODY_CAP else (body, False)


def har_to_flows(har: Any, *, source: str = "HAR") -> list[dict[str, Any]]:
    """Flow records from a HAR 1.2 document (InputError, one line, when it is not one)."""
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{source}: not a HAR file (no log.entries list)")
    times = [_parse_time(e.get("startedDateTime")) for e in entries if isinstance(e, dict)]
    origin = min((x for x in times if x is not None), default=0.0)
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"{source}: {len(entries)} entries (limit {MAX_ENTRIES})")
    out = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("request"), dict):
            raise InputError(f"{source}: entry {i} has no request object")
        try:
            rec = _entry(e, origin)
        except (AttributeError, TypeError, ValueError, OverflowError) as exc:
            raise InputError(f"{source}: entry {i}: malformed ({type(exc).__name__}: {str(exc)[:80]})") from None
        if isinstance(rec, str):
            raise InputError(f"{source}: entry {i}: {rec}")
        rec["id"] = str(_obj(e.get("_harness")).get("id") or f"har-{i}")
        problem = shape_problem(rec)
        if problem:
            raise InputError(f"{source}: entry {i}: {problem}")
        out.append(rec)
    return out


def _entry(e: dict[str, Any], origin: float) -> dict[str, Any] | str:
    """One HAR entry as a flow record, or the problem that makes it unreadable."""
    req = e["request"]
    url = req.get("url", "")
    if not isinstance(url, str):
        return f"request.url is {type(url).__name__}, expected a string"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"bad URL {url[:80]!r}: {exc}"
    scheme = (parts.scheme or "http").lower()
    post = _obj(req.get("postData"))
    body = post.get("text")
    if body is None and isinstance(post.get("params"), list):
        from urllib.parse import urlencode

        body = urlencode([(str(_obj(p).get("name", "")), str(_obj(p).get("value", ""))) for p in post["params"]])
    body, truncated = _cap(body)
    encoding = "base64" if (post.get("encoding") or post.get("_encoding")) == "base64" else "utf8"
    resp = e.get("response") if isinstance(e.get("response"), dict) else None
    ws = None
    if isinstance(e.get("_webSocketMessages"), list):
        scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
        ws = [{"from_client": m.get("type") == "send",
               "t": round(t - origin, 6) if (t := _num(m.get("time"))) is not None else None,
               "content": _cap(m.get("data", ""))[0] or "", "encoding": "base64" if m.get("opcode") == 2 else "utf8"}
              for m in e["_webSocketMessages"][:MAX_ENTRIES] if isinstance(m, dict)]
    started = _parse_time(e.get("startedDateTime"))
    t = round(started - origin, 6) if started is not None else 0.0
    extra = _obj(e.get("_harness"))
    headers = [[str(h.get("name", "")), str(h.get("value", ""))] for h in _list(req.get("headers"))
               if isinstance(h, dict)]
    size = req.get("bodySize")
    body_size = size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else len(body or "")
    duration = _num(e.get("time"))
    tls = extra.get("tls") if isinstance(extra.get("tls"), dict) else None
    error = _obj(resp).get("_error")
    return record(
        RecordKind.FLOW, t, client=extra.get("client") if isinstance(extra.get("client"), str) else None,
        method=str(req.get("method", "GET")), scheme=scheme, host=(parts.hostname or ""),
        port=port or (443 if scheme in ("https", "wss") else 80), path=parts.path or "/", query=parts.query,
        url=url, http_version=str(req.get("httpVersion", "")),
        request={"headers": headers, "body": body, "body_encoding": encoding, "body_size": body_size,
                 "truncated": truncated or bool(extra.get("truncated")), "content_encoding": None},
        response={"status": resp.get("status") if isinstance(resp.get("status"), int) else None,
                  "headers": [[str(h.get("name", "")), str(h.get("value", ""))]
                              for h in _list(resp.get("headers")) if isinstance(h, dict)],
                  "body_size": _int(_obj(resp.get("content")).get("size"))} if resp else None,
        tls=tls, error=error if isinstance(error, str) else None, websocket=ws, sink=bool(extra.get("sink")),
        cleartext=scheme in ("http", "ws"),
        t_end=round(t + duration / 1000, 6) if duration is not None else None,
    )


def _list(value: Any) -> list[Any]:
    return value[:MAX_ENTRIES] if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mitm_to_flows(path: Path) -> list[dict[str, Any]]:
    """Flow / raw records from a mitmproxy flow file (what `mitmdump -w` wrote)."""
    from mitmproxy import http, io, tcp, udp
    from mitmproxy.exceptions import FlowReadException

    from harness.proxy.flowrec import flow_record, raw_record

    out: list[dict[str, Any]] = []
    origin: float | None = None
    try:
        with open(path, "rb") as fh:
            for f in io.FlowReader(fh).stream():
                start = getattr(getattr(f, "request", None), "timestamp_start", None) or f.timestamp_created
                origin = start if origin is None else origin
                t = round(start - origin, 6)
                if isinstance(f, http.HTTPFlow):
                    out.append(flow_record(f, t))
                elif isinstance(f, (tcp.TCPFlow, udp.UDPFlow)):
                    proto = "tcp" if isinstance(f, tcp.TCPFlow) else "udp"
                    out.append(raw_record(f, t, proto, "not HTTP: raw stream"))
    except (FlowReadException, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OverflowError, RecursionError, UnicodeDecodeError) as e:
        # mitmproxy's reader is a tnetstring stream: everything before the first unreadable flow is whole.
        if not out:
            raise InputError(f"{path}: not a mitmproxy flow file ({type(e).__name__}: {str(e)[:80]})") from None
        size = path.stat().st_size
        out.append(record(LOST, out[-1]["t"], detail=(
            f"{path.name}: read {len(out)} complete flow(s); the rest of the file was cut off or unreadable "
            f"and is lost ({type(e).__name__}: {str(e)[:80]}; file size {size} bytes)")))
    except OSError as e:
        raise InputError(f"{path}: cannot read flow file: {e.strerror}") from e
    return out


def load_capture(path: Path | str) -> tuple[list[dict[str, Any]], RunDir | None]:
    """Records of a capture: a run directory (its flows.jsonl), a .har, or a mitmproxy flow file.

    Returns (records, run) where run is the RunDir when the capture was one (for its known values).
    """
    p = Path(path)
    if p.is_dir():
        try:
            run = RunDir.open(p)
        except TraceError as e:
            raise InputError(str(e)) from e
        return [r for r in run.reader(RunDir.FLOWS) if r.get("kind") != "corrupt"], run
    if not p.exists():
        raise InputError(f"{p}: no such file or run directory")
    try:
        head = p.open("rb").read(64).lstrip()
    except OSError as e:
        raise InputError(f"{p}: cannot read: {e.strerror}") from e
    if p.suffix.lower() in (".har", ".json") or head.startswith(b"{"):
        try:
            data = safeload.loads(p.read_bytes().removeprefix(b"\xef\xbb\xbf"), str(p))
        except OSError as e:
            raise InputError(f"{p}: cannot read: {e.strerror}") from e
        return har_to_flows(data, source=str(p)), None
    return mitm_to_flows(p), None
