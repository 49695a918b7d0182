"""Sink mode: every request is answered locally and no upstream connection is ever made.

Tracker hosts must never be contacted from a test machine: each request gets a small local
answer, and `server_connect` refuses any upstream connection that would still be attempted
(raw TCP, websockets), so nothing, not even DNS, leaves. The recorder reads the
`harness_sink` mark this addon puts on the flows it answered.
"""

from __future__ import annotations

from typing import Any

from mitmproxy import ctx, http

SINK_BODY = b""
SINK_HEADER = "x-harness-sink"
SINK_MARK = "harness_sink"
"""flow.metadata key: the sink answered this flow."""
HOOKS = ("request", "server_connect", "tcp_start")


class SinkAddon:
    def __init__(self) -> None:
        self.enabled = False

    def load(self, loader: Any) -> None:
        loader.add_option("harness_sink", bool, False, "Answer every request locally; never connect upstream.")

    def configure(self, updated: set[str]) -> None:
        self.enabled = bool(ctx.options.harness_sink)
        # mitmproxy skips a hook whose attribute is falsy, so the hooks cost nothing per flow when the
        # sink is off; deleting the instance attribute brings the method back.
        for name in HOOKS:
            if self.enabled:
                self.__dict__.pop(name, None)
            else:
                setattr(self, name, None)

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None:
            return
        upgrade = flow.request.headers.get("upgrade", "").lower() == "websocket"
        flow.response = http.Response.make(
            501 if upgrade else 200, SINK_BODY,
            {"content-type": "text/plain", SINK_HEADER: "1", "connection": "keep-alive"})
        flow.metadata[SINK_MARK] = True

    def server_connect(self, data: Any) -> None:
        data.server.error = "harness sink mode: upstream connections are disabled"

    def tcp_start(self, flow: Any) -> None:
        flow.kill()
