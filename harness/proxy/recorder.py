"""The recorder: every flow, TLS refusal and raw stream goes into flows.jsonl, on the run's clock.

The event loop only stamps each flow with the run clock and hands it to the capture writer
(offloop.py), whose child process builds the record and appends it: the record's decoding and
JSON encoding stay off the proxy's request path.

Options (`--set name=value`): harness_flows (path of flows.jsonl), harness_clock_origin (the run
clock's CLOCK_MONOTONIC origin, shared with the conductor), harness_body_cap (bytes).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from mitmproxy import ctx, http

from harness.detect.decode import DEFAULT_CAP
from harness.proxy.flowrec import raw_record, tls_failure_record
from harness.proxy.offloop import FLOW, RECORD, OffLoopWriter
from harness.proxy.sink import SINK_MARK

WRITTEN = "harness_written"
"""flow.metadata key: the flow's record is in flows.jsonl (response and error may both fire)."""


class RecorderAddon:
    def __init__(self, writer: OffLoopWriter | None = None) -> None:
        self.writer = writer or OffLoopWriter()
        """Shared with the flow-file addon in mitmdump's script: a flow both hand over is pickled once."""
        self.path: str | None = None
        self.origin: float | None = None
        self.pending: dict[str, Any] = {}
        self.cap = DEFAULT_CAP
        self.talked: set[str] = set()
        self.failed: set[str] = set()

    def load(self, loader: Any) -> None:
        loader.add_option("harness_flows", str, "", "Append flow records (JSONL) to this file.")
        loader.add_option("harness_clock_origin", str, "", "Run clock origin (time.monotonic() value).")
        loader.add_option("harness_body_cap", int, DEFAULT_CAP, "Bytes of decoded request body kept per flow.")

    def configure(self, updated: set[str]) -> None:
        if "harness_flows" in updated:
            self.path = ctx.options.harness_flows or None
            if self.path:  # readers find the file from the start, empty until the first record
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                Path(self.path).touch()
        if "harness_clock_origin" in updated:
            raw = ctx.options.harness_clock_origin
            self.origin = float(raw) if raw else time.monotonic()
        # Options are read per flow: keep a plain attribute (mitmproxy's option lookup is not free).
        self.cap = int(ctx.options.harness_body_cap)

    # ---- time -----------------------------------------------------------------------------
    def _t(self, wall: float | None = None) -> float:
        now = time.monotonic() - (self.origin if self.origin is not None else time.monotonic())
        if wall:
            now -= max(0.0, time.time() - wall)
        return round(now, 6)

    def _write(self, rec: dict) -> None:
        """Append a ready record (the child writes it at once)."""
        if self.path:
            self.writer.send((RECORD, self.path, rec))

    # ---- flows -----------------------------------------------------------------------------
    def _flow_done(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get(WRITTEN):
            return
        flow.metadata[WRITTEN] = True  # on the flow, not in a set: memory does not grow with the run
        self.pending.pop(flow.id, None)
        if self.path:
            self.writer.send((FLOW, self.path, flow, self._t(flow.request.timestamp_start), self.cap,
                              bool(flow.metadata.get(SINK_MARK))))

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is not None:
            self.pending[flow.id] = flow  # written at websocket_end, with its messages
            return
        self._flow_done(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        if flow.websocket is None:
            self._flow_done(flow)

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self._flow_done(flow)

    # ---- what could not be read as HTTP ----------------------------------------------------
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        self.talked.add(flow.client_conn.id)

    def tls_failed_client(self, data: Any) -> None:
        server = data.context.server
        host, port = (server.address or (None, None)) if server else (None, None)
        self.failed.add(data.conn.id)
        self._write(tls_failure_record(self._t(), host, port, data.conn.sni, data.conn.error))

    def client_disconnected(self, client: Any) -> None:
        """A client that finished the TLS handshake and hung up without a request: OkHttp's
        CertificatePinner and similar pin checks run after the handshake, so this is how pinning
        against an installed CA looks from the proxy."""
        talked = client.id in self.talked
        self.talked.discard(client.id)
        if client.id in self.failed:
            self.failed.discard(client.id)
            return
        if client.tls_established and not talked and client.sni:
            self._write(tls_failure_record(
                self._t(), client.sni, None, client.sni,
                "no request after the TLS handshake: the client closed the connection (possible certificate "
                "pinning checked after the handshake)"))

    def tcp_end(self, flow: Any) -> None:
        self._raw(flow, "tcp")

    def tcp_error(self, flow: Any) -> None:
        self._raw(flow, "tcp")

    def udp_end(self, flow: Any) -> None:
        self._raw(flow, "udp")

    def _raw(self, flow: Any, protocol: str) -> None:
        if flow.metadata.get(WRITTEN):
            return
        flow.metadata[WRITTEN] = True
        detail = "not HTTP: raw stream the proxy relayed without reading"
        if flow.error:
            detail += f" ({flow.error.msg})"
        self._write(raw_record(flow, self._t(getattr(flow, "timestamp_created", None)), protocol, detail))

    def done(self) -> None:
        for flow in list(self.pending.values()):
            self._flow_done(flow)
        self.writer.close()
