"""The probe's traffic goes through the JVM proxy settings; proxy failures never crash it."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from harness.errors import DeviceError
from harness.probe import ProbeProcess, build_probe, java_command, make_truststore
from harness.proxy.runner import ProxyRunner
from harness.trace import RunDir, read_jsonl

IMEI = "867530901234565"
ANDROID_ID = "a3f1c9e27b5d4086"


@pytest.fixture(scope="module")
def classpath() -> Path:
    return build_probe()


class RecordingProxy:
    """A minimal HTTP proxy: records absolute-form requests, answers 200; refuses CONNECT with 502."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.connects: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as f:
            while True:
                line = f.readline().decode("latin-1").strip()
                if not line:
                    return
                headers: dict[str, str] = {}
                while (h := f.readline().decode("latin-1").strip()):
                    k, _, v = h.partition(":")
                    headers[k.strip().lower()] = v.strip()
                body = f.read(int(headers.get("content-length", "0") or 0))
                if line.startswith("CONNECT "):
                    self.connects.append(line.split()[1])
                    conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    return
                self.requests.append((line, headers, body))
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}")

    def close(self) -> None:
        self.server.close()


def test_cleartext_through_proxy_and_502_on_connect_does_not_crash(classpath: Path) -> None:
    proxy = RecordingProxy()
    try:
        with ProbeProcess.launch(classpath, proxy=("127.0.0.1", proxy.port)) as p:
            p.command("start")
            p.command("agree")
            p.command("poll_location 0 2")
            assert p.alive and p.command("ping") == "pong"
            tail = p.stderr_tail(100)
        # every HTTPS request was refused by the proxy (502 on CONNECT), and logged, and the app went on
        assert {"alog.umeng.com:443", "api.probe.example.com:443", "android.bugly.qq.com:443",
                "googleads.g.doubleclick.net:443"} <= set(proxy.connects)
        assert "NET google_ads GET https://googleads.g.doubleclick.net/mads/gma" in tail and "failed" in tail
        # the cleartext tracker went through the proxy in absolute form, with the base64 Android ID header
        lines = [r for r in proxy.requests if "log.probe.example.com/track" in r[0]]
        assert len(lines) == 2
        request_line, headers, _ = lines[0]
        method, url, _ = request_line.split()
        assert method == "GET" and url.startswith("http://log.probe.example.com/track?")
        query = parse_qs(urlsplit(url).query)
        assert query["lat"] == ["39.9087243"] and query["lng"] == ["116.3974752"] and query["seq"] == ["1"]
        assert base64.b64decode(headers["x-probe-did"]).decode() == ANDROID_ID
    finally:
        proxy.close()


def test_java_command_carries_proxy_and_truststore(tmp_path: Path) -> None:
    argv = java_command(tmp_path, proxy=("127.0.0.1", 8080), truststore=tmp_path / "t.p12", lang="en",
                        values_log=tmp_path / "v.log", java="java")
    assert "-Dhttps.proxyHost=127.0.0.1" in argv and "-Dhttp.proxyPort=8080" in argv
    assert f"-Djavax.net.ssl.trustStore={tmp_path / 't.p12'}" in argv and "-Djavax.net.ssl.trustStoreType=PKCS12" in argv
    assert argv[argv.index("--lang") + 1] == "en" and argv[-1] == str(tmp_path / "v.log")
    with pytest.raises(DeviceError):
        java_command(tmp_path, lang="fr", java="java")


def test_make_truststore_rejects_missing_ca(tmp_path: Path) -> None:
    with pytest.raises(DeviceError, match="not found"):
        make_truststore(tmp_path / "nope.pem", tmp_path / "t.p12")


@pytest.fixture(scope="module")
def mitm(tmp_path_factory: pytest.TempPathFactory):
    """The harness's mitmdump in sink mode on a free loopback port (its own run dir and CA)."""
    work = tmp_path_factory.mktemp("mitm")
    with ProxyRunner(RunDir.create(work / "run"), sink=True) as proxy:
        yield proxy, work


def sink_requests(proxy: ProxyRunner) -> list[dict]:
    """What the sink answered, as plain request dicts (path with its query, headers by name)."""
    proxy.stop()  # graceful: flows.jsonl is complete
    return [{"http_version": r["http_version"], "method": r["method"], "scheme": r["scheme"], "host": r["host"],
             "path": f"{r['path']}?{r['query']}" if r["query"] else r["path"],
             "headers": dict(r["request"]["headers"]), "body": r["request"]["body"]}
            for r in read_jsonl(proxy.run_dir.path / RunDir.FLOWS) if r["kind"] == "flow"]


def test_https_and_http2_through_mitmproxy_with_truststore(classpath: Path, mitm) -> None:
    proxy, work = mitm
    store = make_truststore(proxy.ca_pem_path, work / "trust.p12")
    listing = subprocess.run(["keytool", "-list", "-keystore", str(store), "-storepass", "changeit"],
                             capture_output=True, text=True, check=True).stdout
    assert "harness-ca" in listing and "PKCS12" in listing
    jks = make_truststore(proxy.ca_pem_path, work / "trust.jks", password="s3cret!")
    listing = subprocess.run(["keytool", "-list", "-keystore", str(jks), "-storepass", "s3cret!"],
                             capture_output=True, text=True, check=True).stdout
    assert "harness-ca" in listing and "JKS" in listing
    with ProbeProcess.launch(classpath, proxy=(proxy.host, proxy.port), truststore=store) as p:
        p.command("start")
        p.command("agree")
        p.command("poll_location 0 1")
        p.command("feature contacts")
        tail = p.stderr_tail(100)
    assert "failed" not in tail, tail
    flows = sink_requests(proxy)
    by = {(f["host"], f["path"].split("?")[0]): f for f in flows}
    umeng = by[("alog.umeng.com", "/app_logs")]
    body = json.loads(umeng["body"])
    assert body["header"]["device"] == {"imei": IMEI, "android_id": ANDROID_ID, "mac": "02:00:5e:10:00:01"}
    assert body["header"]["imei_md5"] == hashlib.md5(IMEI.encode()).hexdigest()
    assert f"sig={hashlib.sha1(IMEI.encode()).hexdigest()}" in umeng["path"]
    ads = by[("googleads.g.doubleclick.net", "/mads/gma")]
    assert ads["http_version"] == "HTTP/2.0" and "rdid=c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25" in ads["path"]
    bugly = by[("android.bugly.qq.com", "/rqd/async")]
    assert f"deviceId={ANDROID_ID}" in bugly["body"]
    feed = by[("api.probe.example.com", "/v1/feed")]
    assert feed["headers"]["X-Device-Id"] == ANDROID_ID
    assert json.loads(feed["body"])["location"] == {"lat": 39.9087243, "lng": 116.3974752}
    assert "com.tencent.mm" in json.loads(by[("api.probe.example.com", "/v1/env")]["body"])["apps"]
    assert by[("api.probe.example.com", "/v1/share-code")]["body"].startswith("code=%E5%A4%8D%E5%88%B6")
    assert by[("log.probe.example.com", "/track")]["scheme"] == "http"
    friends = json.loads(by[("api.probe.example.com", "/v1/friends")]["body"])["contacts"]
    assert {"name": "Canary Zhang", "number": "+8613712345670"} in friends
