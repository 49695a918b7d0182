"""mitmproxy addon for the probe's network test: answer every request locally, record it as JSON lines.

Run with connection_strategy=lazy so mitmproxy never connects upstream (nothing leaves 127.0.0.1).
"""

import json
import os

from mitmproxy import http

OUT = os.environ["PROBE_SINK_OUT"]


def request(flow: http.HTTPFlow) -> None:
    with open(OUT, "a", encoding="utf-8") as f:
        f.write(json.dumps({
            "http_version": flow.request.http_version, "method": flow.request.method,
            "scheme": flow.request.scheme, "host": flow.request.pretty_host, "path": flow.request.path,
            "headers": dict(flow.request.headers), "body": flow.request.get_text(strict=False),
        }) + "\n")
    flow.response = http.Response.make(200, b"{}", {"Content-Type": "application/json"})
