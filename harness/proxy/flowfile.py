"""flows.mitm for mitmweb, written off mitmproxy's event loop.

mitmproxy's own `save_stream_file` serialises every flow on the event loop (`get_state` plus
tnetstring, about half a millisecond a flow), which cost the proxy a tenth of its throughput.
This addon hands each finished flow to the capture writer (offloop.py), whose child process
writes it with mitmproxy's own `FlowWriter`, so mitmweb reads the file as before.
"""

from __future__ import annotations

from typing import Any

from harness.proxy.offloop import MITM, OffLoopWriter


class FlowFileAddon:
    """mitmproxy addon: finished flows (HTTP, websocket, TCP, UDP, DNS) go to `harness_mitm`."""

    def __init__(self, writer: OffLoopWriter | None = None) -> None:
        self.writer = writer or OffLoopWriter()
        """Shared with the recorder in mitmdump's script: a flow both hand over is pickled once."""
        self.path: str | None = None

    def load(self, loader: Any) -> None:
        loader.add_option("harness_mitm", str, "", "Append finished flows to this mitmproxy flow file, off the loop.")

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx

        if "harness_mitm" in updated:
            self.path = ctx.options.harness_mitm or None

    def _save(self, flow: Any) -> None:
        if self.path:
            self.writer.send((MITM, self.path, flow))

    def response(self, flow: Any) -> None:
        if flow.websocket is None:  # websocket flows are saved whole at websocket_end
            self._save(flow)

    def error(self, flow: Any) -> None:
        self.response(flow)

    def websocket_end(self, flow: Any) -> None:
        self._save(flow)

    tcp_end = tcp_error = udp_end = udp_error = dns_response = dns_error = _save

    def done(self) -> None:
        self.writer.close()

