"""Real mitmdump forwarding to local servers: a websocket, a raw TCP stream, a plain HTTP upstream.

Upstreams are 127.0.0.1 only. Then the saved captures (flows.mitm, HAR export) are read
back and must scan to the same matches as the live records.
"""

from __future__ import annotations

import json
import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Message,
    Request,
    TextMessage,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import planting  # noqa: E402

from harness.detect.matcher import build_matcher  # noqa: E402
from harness.proxy.har import flows_to_har, har_to_flows, load_capture  # noqa: E402
from harness.proxy.runner import ProxyRunner  # noqa: E402
from harness.trace import RunDir, read_jsonl  # noqa: E402


class _Http(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server API
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(201)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


class _WsEcho(socketserver.BaseRequestHandler):
    """A websocket server that echoes messages (wsproto, no extra dependency)."""

    def handle(self) -> None:
        ws = WSConnection(ConnectionType.SERVER)
        sock = self.request
        sock.settimeout(10)
        while True:
            data = sock.recv(65536)
            if not data:
                return
            ws.receive_data(data)
            for ev in ws.events():
                if isinstance(ev, Request):
                    sock.sendall(ws.send(AcceptConnection()))
                elif isinstance(ev, Message):
                    sock.sendall(ws.send(ev.__class__(data=ev.data)))
                elif isinstance(ev, CloseConnection):
                    sock.sendall(ws.send(ev.response()))
                    return


class _TcpEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data = self.request.recv(4096)
        self.request.sendall(b"ECHO:" + data)


def _serve(server: socketserver.BaseServer) -> socketserver.BaseServer:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def connect_tunnel(proxy: ProxyRunner, port: int) -> socket.socket:
    sock = socket.create_connection((proxy.host, proxy.port), timeout=10)
    sock.sendall(f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 200"), reply
    return sock


def websocket_session(proxy: ProxyRunner, port: int) -> list[str]:
    sock = connect_tunnel(proxy, port)
    ws = WSConnection(ConnectionType.CLIENT)
    sock.sendall(ws.send(Request(host=f"127.0.0.1:{port}", target=f"/live?aid={planting.ANDROID_ID}")))
    messages = [TextMessage(data=json.dumps({"type": "hello", "device": {"imei": planting.IMEI}})),
                BytesMessage(data=planting._pb_field(2, planting.OAID.encode())),
                TextMessage(data="ping")]
    echoed: list[str] = []
    accepted = False
    pending = list(messages)
    while True:
        data = sock.recv(65536)
        if not data:
            break
        ws.receive_data(data)
        for ev in ws.events():
            if isinstance(ev, AcceptConnection):
                accepted = True
            elif isinstance(ev, Message):
                echoed.append(ev.data if isinstance(ev.data, str) else ev.data.hex())
            elif isinstance(ev, CloseConnection):
                sock.close()
                return echoed
        if accepted and pending:
            for m in pending:
                sock.sendall(ws.send(m))
            pending = []
        elif accepted and len(echoed) == len(messages):
            sock.sendall(ws.send(CloseConnection(code=1000)))
    assert accepted
    return echoed


@pytest.fixture(scope="module")
def capture(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("upstream")
    http_srv = _serve(ThreadingHTTPServer(("127.0.0.1", 0), _Http))
    ws_srv = _serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _WsEcho))
    tcp_srv = _serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _TcpEcho))
    run = RunDir.create(tmp / "run")
    info: dict = {"run": run}
    try:
        with ProxyRunner(run, sink=False) as proxy:
            hp = http_srv.server_address[1]
            sock = socket.create_connection((proxy.host, proxy.port), timeout=10)
            body = json.dumps({"imei_md5": planting._h("md5", planting.IMEI)}).encode()
            sock.sendall(f"POST http://127.0.0.1:{hp}/collect?tel=13912345678 HTTP/1.1\r\nHost: 127.0.0.1:{hp}\r\n"
                         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                         .encode() + body)
            reply = b""
            while chunk := sock.recv(4096):
                reply += chunk
            sock.close()
            info["http_reply"] = reply
            info["echoed"] = websocket_session(proxy, ws_srv.server_address[1])
            raw = connect_tunnel(proxy, tcp_srv.server_address[1])
            raw.sendall(b"\x00\x01BINARY-PROTO " + planting.IMEI.encode())
            info["tcp_reply"] = raw.recv(4096)
            raw.close()
            info["ports"] = (hp, ws_srv.server_address[1], tcp_srv.server_address[1])
    finally:
        for s in (http_srv, ws_srv, tcp_srv):
            s.shutdown()
            s.server_close()
    info["records"] = read_jsonl(run.path / RunDir.FLOWS)
    return info


def test_plain_http_is_forwarded_to_the_upstream(capture):
    assert capture["http_reply"].split(b" ")[1] == b"201"
    (flow,) = [r for r in capture["records"] if r["kind"] == "flow" and r["path"] == "/collect"]
    assert (flow["sink"], flow["response"]["status"], flow["cleartext"]) == (False, 201, True)
    got = {(m.data_type, m.encoding, m.location) for m in build_matcher(planting.VALUES).scan_flow(flow)}
    assert got == {("imei", "md5", "body.json:$.imei_md5"), ("phone_number", "phone_national", "url.query:tel")}


def test_websocket_messages_are_recorded_and_scanned(capture):
    assert capture["echoed"][0].startswith('{"type": "hello"') and capture["echoed"][2] == "ping"
    (flow,) = [r for r in capture["records"] if r["kind"] == "flow" and r["path"] == "/live"]
    assert flow["scheme"] == "ws" and flow["response"]["status"] == 101
    sent = [m for m in flow["websocket"] if m["from_client"]]
    assert [m["encoding"] for m in sent] == ["utf8", "base64", "utf8"]
    first, pb = (flow["websocket"].index(m) for m in sent[:2])
    got = {(m.data_type, m.encoding, m.location) for m in build_matcher(planting.VALUES).scan_flow(flow)}
    assert got == {("android_id", "plain", "url.query:aid"), ("imei", "plain", f"websocket[{first}] > json:$.device.imei"),
                   ("oaid", "plain", f"websocket[{pb}] > protobuf:2")}


def test_non_http_stream_is_noted_not_dropped(capture):
    assert capture["tcp_reply"].startswith(b"ECHO:")
    raws = [r for r in capture["records"] if r["kind"] == "raw"]
    assert [(r["host"], r["port"], r["protocol"]) for r in raws] == [("127.0.0.1", capture["ports"][2], "tcp")]
    assert raws[0]["bytes_up"] == len(b"\x00\x01BINARY-PROTO ") + 15 and raws[0]["bytes_down"] > 0


def _summary(records: list[dict]) -> set[tuple]:
    m = build_matcher(planting.VALUES)
    return {(mm.host, mm.data_type, mm.encoding, mm.location) for r in records if r["kind"] == "flow"
            for mm in m.scan_flow(r)}


def test_mitmproxy_flow_file_scans_like_the_live_records(capture):
    records, run = load_capture(capture["run"].path / RunDir.FLOWS_MITM)
    assert run is None and len([r for r in records if r["kind"] == "flow"]) == 2
    assert [r["kind"] for r in records].count("raw") == 1
    assert _summary(records) == _summary(capture["records"]) != set()


def test_har_export_round_trip_scans_the_same(capture, tmp_path):
    har = flows_to_har(capture["records"], wall_origin=capture["run"].clock.wall_origin)
    assert har["log"]["version"] == "1.2" and len(har["log"]["entries"]) == 2
    path = tmp_path / "x.har"
    path.write_text(json.dumps(har))
    back = har_to_flows(json.loads(path.read_text()))
    assert _summary(back) == _summary(capture["records"])
