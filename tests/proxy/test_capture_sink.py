"""Real mitmdump in sink mode, real clients (curl incl. HTTP/2, Python, Java), loopback only.

One proxy for the module: every client sends the planted requests, then a TLS refusal and a
1 GB gzip bomb; the proxy is stopped gracefully and the trace files are checked.
"""

from __future__ import annotations

import base64
import http.client
import shutil
import socket
import ssl
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import planting  # noqa: E402

from harness.detect.matcher import build_matcher  # noqa: E402
from harness.proxy.runner import ProxyRunner  # noqa: E402
from harness.trace import RunDir, read_jsonl  # noqa: E402

CLIENTS = ("curl", "python", "java")
BODY_CAP = 1 << 20
CACHE = Path(__file__).resolve().parents[1] / ".cache"


def gzip_bomb() -> Path:
    """1 GiB of 'a' gzipped (about 4.5 MB), generated once in streaming chunks and cached."""
    path = CACHE / "gzip-bomb-1g-a.gz"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        comp = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        chunk = b"a" * (1 << 20)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            for _ in range(1024):
                fh.write(comp.compress(chunk))
            fh.write(comp.flush())
        tmp.replace(path)
    return path


def tagged(p: planting.Planted, client: str) -> list[tuple[str, str]]:
    return [*p.headers, ("X-Client", client)]


def send_curl(proxy: ProxyRunner, reqs: list[planting.Planted], tmp: Path) -> None:
    for i, p in enumerate(reqs):
        cmd = ["curl", "-sS", "-o", "/dev/null", "--max-time", "10", "--proxy", proxy.url,
               "--cacert", str(proxy.ca_pem_path), "-X", p.method]
        if p.url.startswith("https:"):
            cmd.append("--http2")
        for k, v in tagged(p, "curl"):
            cmd += ["-H", f"{k}: {v}"]
        if p.body:
            body = tmp / f"curl-body-{i}"
            body.write_bytes(p.body)
            cmd += ["--data-binary", f"@{body}"]
        subprocess.run([*cmd, p.url], check=True, timeout=20)


def send_python(proxy: ProxyRunner, reqs: list[planting.Planted]) -> None:
    ctx = ssl.create_default_context(cafile=str(proxy.ca_pem_path))
    for p in reqs:
        u = urlsplit(p.url)
        if u.scheme == "https":
            conn = http.client.HTTPSConnection(proxy.host, proxy.port, context=ctx, timeout=10)
            conn.set_tunnel(u.hostname, 443)
            target = u.path + (f"?{u.query}" if u.query else "")
        else:
            conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=10)
            target = p.url
        conn.request(p.method, target, body=p.body or None, headers=dict(tagged(p, "python")))
        assert conn.getresponse().status == 200
        conn.close()


def send_java(proxy: ProxyRunner, reqs: list[planting.Planted], tmp: Path) -> None:
    src = Path(__file__).with_name("SendRequests.java")
    subprocess.run(["javac", "-d", str(tmp), str(src)], check=True, timeout=120)
    spec = tmp / "spec.tsv"
    lines = []
    for p in reqs:
        hdrs = "\n".join(f"{k}: {v}" for k, v in tagged(p, "java")).encode()
        lines.append("\t".join([p.method, p.url, base64.b64encode(hdrs).decode(), base64.b64encode(p.body).decode()]))
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = subprocess.run(["java", "-cp", str(tmp), "SendRequests", str(proxy.port), str(proxy.ca_pem_path), str(spec)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]


def send_untrusting_client(proxy: ProxyRunner) -> str:
    """A client that does not trust the run's CA (as a pinning app would refuse it)."""
    conn = http.client.HTTPSConnection(proxy.host, proxy.port, context=ssl.create_default_context(), timeout=10)
    conn.set_tunnel("pinned.alipay.com", 443)
    with pytest.raises(ssl.SSLError) as err:
        conn.request("GET", "/")
    conn.close()
    return str(err.value)


def handshake_then_hang_up(proxy: ProxyRunner) -> None:
    """What OkHttp's CertificatePinner does with a CA it trusts but a pin it does not match."""
    sock = _tunnel(proxy, "pinned-after.umeng.com", 443)
    ctx = ssl.create_default_context(cafile=str(proxy.ca_pem_path))
    with ctx.wrap_socket(sock, server_hostname="pinned-after.umeng.com") as tls:
        assert tls.version()


def send_bomb(proxy: ProxyRunner) -> None:
    ctx = ssl.create_default_context(cafile=str(proxy.ca_pem_path))
    conn = http.client.HTTPSConnection(proxy.host, proxy.port, context=ctx, timeout=60)
    conn.set_tunnel("bomb.example.net", 443)
    conn.request("POST", "/upload", body=gzip_bomb().read_bytes(),
                 headers={"Content-Encoding": "gzip", "Content-Type": "text/plain", "X-Client": "bomb"})
    assert conn.getresponse().status == 200
    conn.close()


def _tunnel(proxy: ProxyRunner, host: str, port: int) -> socket.socket:
    sock = socket.create_connection((proxy.host, proxy.port), timeout=10)
    sock.sendall(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 200")
    return sock


def send_raw_and_websocket(proxy: ProxyRunner) -> bytes:
    """A non-HTTP stream (killed, noted) and a websocket upgrade (refused locally) in sink mode."""
    raw = _tunnel(proxy, "sdk.jpush.cn", 7000)
    raw.sendall(b"\x00\x05\x01JPUSH-BINARY " + planting.IMEI.encode())
    reply = raw.recv(4096)
    raw.close()
    ws = _tunnel(proxy, "ws.umeng.com", 80)
    ws.sendall(f"GET /ws?imei={planting.IMEI} HTTP/1.1\r\nHost: ws.umeng.com\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               "X-Client: ws\r\n\r\n".encode())
    assert ws.recv(4096).startswith(b"HTTP/1.1 501")
    ws.close()
    return reply


@pytest.fixture(scope="module")
def capture(tmp_path_factory):
    if not shutil.which("curl") or not shutil.which("javac"):
        pytest.skip("curl and javac are needed (make system-deps)")
    tmp = tmp_path_factory.mktemp("sink")
    run = RunDir.create(tmp / "run")
    reqs = planting.requests() + [planting.control()]
    proxy = ProxyRunner(run, sink=True, body_cap=BODY_CAP)
    with proxy:
        info = {"port": proxy.port, "pid": proxy.pid, "ca": proxy.ca_pem_path, "confdir": proxy.confdir}
        send_curl(proxy, reqs, tmp)
        send_python(proxy, reqs)
        send_java(proxy, reqs, tmp)
        info["tls_error"] = send_untrusting_client(proxy)
        handshake_then_hang_up(proxy)
        send_bomb(proxy)
        info["raw_reply"] = send_raw_and_websocket(proxy)
        info["peak_kib"] = peak_rss_kib(proxy.pid)
    info["records"] = read_jsonl(run.path / RunDir.FLOWS)
    info["run"] = run
    return info


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def client_of(rec: dict) -> str | None:
    return next((v for k, v in rec["request"]["headers"] if k.lower() == "x-client"), None)


def flows(capture, client: str) -> dict[str, dict]:
    """Flow records of one client keyed by planted request name (from the URL)."""
    names = {urlsplit(p.url).hostname + urlsplit(p.url).path: p.name
             for p in planting.requests() + [planting.control()]}
    return {names[r["host"] + r["path"]]: r for r in capture["records"]
            if r["kind"] == "flow" and client_of(r) == client}


def test_proxy_listens_on_loopback_with_private_ca_key(capture):
    confdir = capture["confdir"]
    assert (confdir / "mitmproxy-ca.pem").stat().st_mode & 0o777 == 0o600
    assert confdir.stat().st_mode & 0o777 == 0o700
    assert capture["ca"].name == "mitmproxy-ca-cert.pem" and b"BEGIN CERTIFICATE" in capture["ca"].read_bytes()
    log = (confdir / "mitmdump.log").read_text()
    assert f"listening at 127.0.0.1:{capture['port']}" in log


@pytest.mark.parametrize("client", CLIENTS)
def test_each_client_flows_are_recorded_and_answered_by_the_sink(capture, client):
    got = flows(capture, client)
    assert set(got) == {p.name for p in planting.requests()} | {"control"}
    for name, rec in got.items():
        assert rec["sink"] is True and rec["error"] is None and rec["response"]["status"] == 200, name
        assert rec["client"].startswith("127.0.0.1:") and isinstance(rec["t"], float) and rec["t"] >= 0
    assert got["query_headers"]["scheme"] == "http" and got["query_headers"]["cleartext"] is True
    assert got["query_headers"]["tls"] is None
    json_flow = got["json"]
    assert json_flow["scheme"] == "https" and json_flow["tls"]["sni"] == "api.pangle.io"
    assert json_flow["http_version"] == ("HTTP/2.0" if client == "curl" else "HTTP/1.1")
    gz = got["gzip_json"]["request"]
    assert gz["content_encoding"] == "gzip" and gz["body"].startswith('{"af"') and not gz["truncated"]


@pytest.mark.parametrize("client", CLIENTS)
def test_every_planted_value_found_in_real_traffic(capture, client):
    matcher = build_matcher(planting.VALUES)
    got = flows(capture, client)
    for p in planting.requests():
        found = {(m.data_type, m.encoding, m.location) for m in matcher.scan_flow(got[p.name])}
        assert found == p.expected, (client, p.name)
    assert matcher.scan_flow(got["control"]) == []


def test_tls_refusal_is_recorded_per_host(capture):
    assert "CERTIFICATE_VERIFY_FAILED" in capture["tls_error"]
    fails = [r for r in capture["records"] if r["kind"] == "tls_failure"]
    assert [(f["host"], f["port"], f["sni"]) for f in fails] == [("pinned.alipay.com", 443, "pinned.alipay.com"),
                                                                 ("pinned-after.umeng.com", None, "pinned-after.umeng.com")]
    assert "does not trust" in fails[0]["error"] and "no request after the TLS handshake" in fails[1]["error"]


def test_gzip_bomb_is_cut_at_the_cap(capture):
    (bomb,) = [r for r in capture["records"] if r["kind"] == "flow" and client_of(r) == "bomb"]
    req = bomb["request"]
    assert req["truncated"] is True and len(req["body"]) == BODY_CAP and set(req["body"]) == {"a"}
    assert req["body_size"] == gzip_bomb().stat().st_size
    assert capture["peak_kib"] < 400 * 1024, "mitmdump must not inflate the bomb in memory"


def test_mitmproxy_flow_file_written_for_mitmweb(capture):
    run: RunDir = capture["run"]
    from mitmproxy import http, io

    with open(run.path / RunDir.FLOWS_MITM, "rb") as fh:
        saved = [f for f in io.FlowReader(fh).stream() if isinstance(f, http.HTTPFlow)]
    recorded = [r for r in capture["records"] if r.get("kind") == "flow"]
    assert saved and len(saved) == len(recorded)
    assert {f.request.pretty_host for f in saved} == {r["host"] for r in recorded}
    # the CA key bundle is a secret: it exists and only its owner can read it
    assert (run.path / "mitmproxy" / "mitmproxy-ca.p12").stat().st_mode & 0o777 == 0o600


def test_no_socket_left_listening_after_stop(capture):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", capture["port"]), timeout=0.5).close()


def test_sink_never_relays_raw_streams_but_notes_them(capture):
    assert capture["raw_reply"] == b""
    (raw,) = [r for r in capture["records"] if r["kind"] == "raw"]
    assert (raw["host"], raw["port"], raw["protocol"], raw["bytes_down"]) == ("sdk.jpush.cn", 7000, "tcp", 0)


def test_sink_refuses_websocket_upgrade_but_records_the_request(capture):
    (ws,) = [r for r in capture["records"] if r["kind"] == "flow" and client_of(r) == "ws"]
    assert ws["response"]["status"] == 501 and ws["sink"] is True
    assert [(m.data_type, m.location) for m in build_matcher(planting.VALUES).scan_flow(ws)] == [("imei", "url.query:imei")]
