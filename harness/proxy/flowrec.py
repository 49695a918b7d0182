"""mitmproxy flows to trace records (harness/trace/records.py "flow", "tls_failure", "raw").

Shared by the live addon and by the reader of saved .mitm files, so a capture looks the
same however it reached the matcher. Request bodies are content-decoded here with a cap
(a gzip bomb yields `cap` bytes and `truncated: true`, never a gigabyte in memory).
"""

from __future__ import annotations

import base64
from typing import Any

from harness.detect.decode import DEFAULT_CAP, decompress
from harness.trace.records import RecordKind, record

WEBSOCKET_MESSAGES = 1000
"""Messages kept per websocket flow (the rest are counted)."""
RESPONSE_CAP = 64 * 1024
"""Decoded bytes of a JSON or text response body kept per flow: enough for the prices and flags a
differential run compares, small enough that a long run's flows.jsonl stays readable."""
_TEXT_RESPONSE = ("application/json", "text/", "application/problem+json", "application/javascript")


def response_body(resp: Any, cap: int) -> dict[str, Any]:
    """The body of a JSON/text response, decoded and capped; nothing for other content types."""
    ctype = (resp.headers.get("content-type") or "").lower()
    raw = resp.raw_content
    if cap <= 0 or raw is None or not raw or not ctype.startswith(_TEXT_RESPONSE):
        return {}
    out = decompress(raw, resp.headers.get("content-encoding"), cap)
    fields: dict[str, Any] = {"body": out.data.decode("utf-8", "replace"), "body_truncated": out.truncated,
                              "content_type": ctype.split(";", 1)[0]}
    if out.error:
        fields["body_decode_error"] = out.error
    return fields


def body_fields(raw: bytes | None, content_encoding: str | None, cap: int, *, streamed: bool = False,
                declared_size: int | None = None) -> dict[str, Any]:
    """The request-body part of a flow record: decoded body (text or base64), sizes, truncation."""
    if raw is None:
        return {"body": None, "body_encoding": "utf8", "body_size": declared_size or 0,
                "truncated": bool(streamed), "content_encoding": content_encoding,
                **({"decode_error": "body streamed past the proxy's buffer limit"} if streamed else {})}
    out = decompress(raw, content_encoding, cap)
    data = out.data
    fields: dict[str, Any] = {"body_size": len(raw), "truncated": out.truncated, "content_encoding": content_encoding}
    if out.error:
        fields["decode_error"] = out.error
    try:
        fields.update(body=data.decode("utf-8"), body_encoding="utf8")
    except UnicodeDecodeError:
        fields.update(body=base64.b64encode(data).decode("ascii"), body_encoding="base64")
    return fields


def _headers(headers: Any) -> list[list[str]]:
    return [[k, v] for k, v in headers.items(multi=True)]


def flow_record(flow: Any, t: float, *, cap: int = DEFAULT_CAP, sink: bool = False,
                response_cap: int = RESPONSE_CAP) -> dict[str, Any]:
    """A "flow" record for a mitmproxy HTTPFlow (with websocket messages when it upgraded)."""
    req = flow.request
    client = flow.client_conn
    peer = client.peername
    raw = req.raw_content
    streamed = raw is None and req.stream
    declared = req.headers.get("content-length") if raw is None else None
    request = {"headers": _headers(req.headers),
               **body_fields(raw, req.headers.get("content-encoding"), cap, streamed=bool(streamed),
                             declared_size=int(declared) if declared and declared.isdigit() else None)}
    resp = flow.response
    response = None
    if resp is not None:
        response = {"status": resp.status_code, "headers": _headers(resp.headers),
                    "body_size": len(resp.raw_content) if resp.raw_content is not None else None,
                    **response_body(resp, response_cap)}
    tls = None
    if client.tls_established or req.scheme == "https":
        tls = {"sni": client.sni, "version": client.tls_version, "cipher": client.cipher,
               "alpn": client.alpn.decode("ascii", "replace") if client.alpn else None}
    scheme = req.scheme
    ws = None
    if flow.websocket is not None:
        scheme = "wss" if req.scheme == "https" else "ws"
        msgs = flow.websocket.messages
        ws = []
        for m in msgs[:WEBSOCKET_MESSAGES]:
            item = {"from_client": m.from_client, "t": round(t + (m.timestamp - req.timestamp_start), 6)}
            if m.is_text:
                item.update(content=m.content.decode("utf-8", "replace")[:cap], encoding="utf8")
            else:
                item.update(content=base64.b64encode(m.content[:cap]).decode("ascii"), encoding="base64")
            ws.append(item)
        if len(msgs) > WEBSOCKET_MESSAGES:
            ws.append({"from_client": None, "t": None, "content": f"{len(msgs) - WEBSOCKET_MESSAGES} more not kept",
                       "encoding": "note"})
    end = resp.timestamp_end if resp is not None and resp.timestamp_end else None
    path, _, query = req.path.partition("?")  # Request.path decodes bytes on every access: once here
    return record(
        RecordKind.FLOW, t,
        id=flow.id, client=f"{peer[0]}:{peer[1]}" if peer else None, method=req.method, scheme=scheme,
        host=req.pretty_host, port=req.port, path=path, query=query, url=req.pretty_url,
        http_version=req.http_version, request=request, response=response, tls=tls,
        error=flow.error.msg if flow.error else None, websocket=ws, sink=sink,
        cleartext=scheme in ("http", "ws"),
        t_end=round(t + (end - req.timestamp_start), 6) if end and req.timestamp_start else None,
    )


def tls_failure_record(t: float, host: str | None, port: int | None, sni: str | None, error: str | None) -> dict:
    return record(RecordKind.TLS_FAILURE, t, host=host or sni, port=port, sni=sni, error=error)


def raw_record(flow: Any, t: float, protocol: str, detail: str) -> dict:
    """A "raw" record for a mitmproxy TCP/UDP flow: where it went and the bytes each way."""
    host, port = flow.server_conn.address or (None, None)
    up = sum(len(m.content) for m in flow.messages if m.from_client)
    down = sum(len(m.content) for m in flow.messages if not m.from_client)
    return record(RecordKind.RAW, t, host=host, port=port, protocol=protocol, detail=detail,
                  bytes_up=up, bytes_down=down)
