"""HAR 1.2 export and import, and reading any capture (HAR, mitmproxy flow file, run directory).

HAR is what other tools (browsers, Charles, HTTP Toolkit, mitmproxy itself) write, so a
user can check a capture made elsewhere. Import keeps only what the matcher and the
report need; fields HAR lacks (TLS details, the client) stay null.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness import __version__
from harness.errors import InputError, TraceError
from harness.trace.records import RecordKind, record
from harness.trace.rundir import RunDir


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
    except ValueError:
        return None


def har_to_flows(har: Any, *, source: str = "HAR") -> list[dict[str, Any]]:
    """Flow records from a HAR 1.2 document (InputError, one line, when it is not one)."""
    log = har.get("log") if isinstance(har, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{source}: not a HAR file (no log.entries list)")
    times = [_parse_time(e.get("startedDateTime")) for e in entries if isinstance(e, dict)]
    origin = min((x for x in times if x is not None), default=0.0)
    out = []
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or not isinstance(e.get("request"), dict):
            raise InputError(f"{source}: entry {i} has no request object")
        req = e["request"]
        url = str(req.get("url", ""))
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise InputError(f"{source}: entry {i}: bad URL {url[:80]!r}: {exc}") from exc
        scheme = (parts.scheme or "http").lower()
        post = req.get("postData") or {}
        body = post.get("text")
        if body is None and post.get("params"):
            from urllib.parse import urlencode

            body = urlencode([(p.get("name", ""), p.get("value", "")) for p in post["params"]])
        encoding = "base64" if (post.get("encoding") or post.get("_encoding")) == "base64" else "utf8"
        resp = e.get("response") if isinstance(e.get("response"), dict) else None
        ws = None
        if isinstance(e.get("_webSocketMessages"), list):
            scheme = {"http": "ws", "https": "wss"}.get(scheme, scheme)
            ws = [{"from_client": m.get("type") == "send",
                   "t": round(float(m.get("time", 0)) - origin, 6) if isinstance(m.get("time"), (int, float)) else None,
                   "content": m.get("data", ""), "encoding": "base64" if m.get("opcode") == 2 else "utf8"}
                  for m in e["_webSocketMessages"] if isinstance(m, dict)]
        started = _parse_time(e.get("startedDateTime"))
        t = round(started - origin, 6) if started is not None else 0.0
        extra = e.get("_harness") if isinstance(e.get("_harness"), dict) else {}
        headers = [[h.get("name", ""), h.get("value", "")] for h in req.get("headers") or [] if isinstance(h, dict)]
        body_size = req.get("bodySize") if isinstance(req.get("bodySize"), int) and req.get("bodySize") >= 0 else \
            len(body or "")
        out.append(record(
            RecordKind.FLOW, t, id=str(extra.get("id") or f"har-{i}"), client=extra.get("client"),
            method=str(req.get("method", "GET")), scheme=scheme, host=(parts.hostname or ""),
            port=port or (443 if scheme in ("https", "wss") else 80), path=parts.path or "/", query=parts.query,
            url=url, http_version=str(req.get("httpVersion", "")),
            request={"headers": headers, "body": body, "body_encoding": encoding, "body_size": body_size,
                     "truncated": bool(extra.get("truncated")), "content_encoding": None},
            response={"status": resp.get("status"), "headers": [[h.get("name", ""), h.get("value", "")]
                      for h in resp.get("headers") or [] if isinstance(h, dict)],
                      "body_size": (resp.get("content") or {}).get("size")} if resp else None,
            tls=extra.get("tls"), error=(resp or {}).get("_error"), websocket=ws, sink=bool(extra.get("sink")),
            cleartext=scheme in ("http", "ws"),
            t_end=round(t + float(e["time"]) / 1000, 6) if isinstance(e.get("time"), (int, float)) else None,
        ))
    return out


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
    except FlowReadException as e:
        raise InputError(f"{path}: not a mitmproxy flow file: {e}") from e
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read flow file: {e}") from e
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
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as e:
            raise InputError(f"{p}: not valid JSON (expected a HAR file): {e}") from e
        return har_to_flows(data, source=str(p)), None
    return mitm_to_flows(p), None
