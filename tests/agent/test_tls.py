"""The opt-in TLS module against real clients and the real proxy: Debian's OkHttp 3 (with and without
a CertificatePinner pin, and an R8-renamed pinner), the probe's Conscrypt/network-security-config
path without a trusted CA store, and Android's BoringSSL (android-libboringssl) custom-verify callback.

Two sink proxies with different CAs: the agent trusts the first one's CA only, so the second shows
that other certificates are still judged by the app's own checks."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from agent_helpers import MiniApp, python_child, read_records

from harness.agent.catalogue import load_catalogue
from harness.agent.loader import attach_local
from harness.probe import ProbeProcess, build_probe
from harness.proxy.runner import ProxyRunner
from harness.trace import RunDir, read_jsonl
from harness.trace.clock import RunClock

BORINGSSL = Path("/usr/lib/x86_64-linux-gnu/android/libssl.so.0")


@pytest.fixture(scope="module")
def proxies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ProxyRunner, ProxyRunner]]:
    work = tmp_path_factory.mktemp("tls")
    with ProxyRunner(RunDir.create(work / "ours"), sink=True) as ours, \
            ProxyRunner(RunDir.create(work / "foreign"), sink=True) as foreign:
        yield ours, foreign


def _flows(proxy: ProxyRunner) -> list[dict]:
    return [r for r in read_jsonl(proxy.run_dir.path / RunDir.FLOWS) if r["kind"] == "flow"]


def _wait_flows(proxy: ProxyRunner, host: str, timeout: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [f for f in _flows(proxy) if f["host"] == host]
        if found:
            return found
        time.sleep(0.1)
    return []


def _status(records: list[dict]) -> dict[str, str]:
    return {r["hook_id"]: r["status"] for r in records if r["kind"] == "agent" and r["hook_id"]}


def _fired(records: list[dict]) -> list[tuple[str, dict]]:
    return [(r["hook_id"], r["values"].get("args", {})) for r in records if r["kind"] == "hook" and r["event"] == "tls"]


def test_real_okhttp_is_read_with_and_without_a_pin(mini: MiniApp, bundle: Path, proxies, tmp_path: Path) -> None:
    ours, foreign = proxies
    assert mini.cmd(f"okhttp {ours.port} nopin before.example.com") == "ok"
    assert mini.values[-1].startswith("V\tokhttp\tfailed: SSLHandshakeException")   # the JVM does not trust it
    out = tmp_path / "events.jsonl"
    session = attach_local(mini.pid, out, RunClock(), catalogue=load_catalogue().select(ids=[]), bundle=bundle,
                           tls_ca_pem=ours.ca_pem_path.read_text())
    try:
        for line in (f"okhttp {ours.port} nopin plain.example.com", f"okhttp {ours.port} pin pinned.example.com",
                     f"okhttp {foreign.port} nopin foreign.example.com", f"obfpin {ours.port} obf.example.com",
                     f"obfpin {ours.port} obf.example.com"):
            assert mini.cmd(line) == "ok"
        session.flush()
    finally:
        session.close()
    plain, pinned, foreign_v, obf1, obf2 = mini.values[-5:]
    assert plain == pinned == "V\tokhttp\tstatus 200", mini.values[-5:]
    assert foreign_v.startswith("V\tokhttp\tfailed: SSLHandshakeException")   # another CA: still refused
    # the renamed pinner: the first failure finds it, the app's next request goes through
    assert obf1 == "V\tobfpin\tfailed: SSLPeerUnverifiedException: Certificate pinning failure!"
    assert obf2 == "V\tobfpin\tstatus 200"
    assert _wait_flows(ours, "plain.example.com") and _wait_flows(ours, "pinned.example.com")
    assert len(_wait_flows(ours, "obf.example.com")) == 2
    assert not [f for f in _flows(foreign) if f["host"] == "foreign.example.com"]
    recs = read_records(out)
    status = _status(recs)
    assert status["tls.load_ca"] == status["tls.okhttp3_certificatepinner"] == "hook_installed"
    assert status["tls.sslcontext_init"] == status["tls.pinning_fallback"] == "hook_installed"
    assert status["tls.conscrypt.trusted_certificate_index"] == "hook_skipped"   # no Conscrypt on a JVM
    assert status["tls.trustkit"] == "hook_skipped"
    fired = _fired(recs)
    assert ("tls.okhttp3.CertificatePinner", {"host": "pinned.example.com"}) in fired
    assert ("tls.pinning_fallback", {"host": "obf.example.com", "method": "com.example.mini.a.b.a"}) in fired
    assert sum(1 for h, _ in fired if h == "tls.sslcontext_init") >= 3


def test_conscrypt_path_is_read_without_a_trusted_ca_store(bundle: Path, proxies, tmp_path: Path) -> None:
    """No truststore (the JVM's stand-in for --system-ca): only the agent's Conscrypt hooks make it work."""
    ours, _ = proxies
    out = tmp_path / "events.jsonl"
    with ProbeProcess.launch(build_probe(), proxy=(ours.host, ours.port)) as p:
        assert p.command("tls", timeout=60) == "tls 0/4 "
        assert "Trust anchor for certification path not found." in p.stderr_tail(8)
        session = attach_local(p.pid, out, RunClock(), catalogue=load_catalogue().select(ids=[]), bundle=bundle,
                               tls_ca_pem=ours.ca_pem_path.read_text())
        try:
            assert p.command("tls", timeout=60) == "tls 4/4 platform,nsc_pin,ct,okhttp_pin"
            session.flush()
        finally:
            session.close()
    paths = {f["query"] for f in _flows(ours) if f["path"] == "/v1/tls"}
    assert {"path=platform", "path=nsc_pin", "path=ct", "path=okhttp_pin"} <= paths
    recs = read_records(out)
    status = _status(recs)
    assert status["tls.conscrypt.trusted_certificate_index"] == "hook_installed"
    assert status["tls.conscrypt.certificate_transparency"] == "hook_installed"
    assert status["tls.network_security_config_pins"] == "hook_installed"
    assert status["tls.gms_conscrypt.trusted_certificate_index"] == "hook_skipped"   # no Play services here
    fired = {h for h, _ in _fired(recs)}
    assert {"tls.conscrypt.trusted_certificate_index", "tls.conscrypt.certificate_transparency",
            "tls.network_security_config_pins", "tls.okhttp3.CertificatePinner"} <= fired
    # the platform's own trust managers were kept (OkHttp's platform trust manager is a RootTrustManager)
    assert "tls.sslcontext_init" not in fired


def test_play_services_conscrypt_loaded_late_in_its_own_class_loader(bundle: Path, proxies, tmp_path: Path) -> None:
    """ProviderInstaller puts Play services' shaded Conscrypt first, from a class loader the app never links:
    the agent's start-up attempt cannot see it, its late retry finds the loader and reads the traffic."""
    ours, _ = proxies
    out = tmp_path / "events.jsonl"
    with ProbeProcess.launch(build_probe(), proxy=(ours.host, ours.port)) as p:
        assert p.command("tls_gms", timeout=60) == "tls_gms 0/1 GmsCore_OpenSSL"
        session = attach_local(p.pid, out, RunClock(), catalogue=load_catalogue().select(ids=[]), bundle=bundle,
                               tls_ca_pem=ours.ca_pem_path.read_text())
        try:
            deadline = time.monotonic() + 40   # the late retry looks every 3 s, ten times
            status: dict[str, str] = {}
            while time.monotonic() < deadline:
                session.flush()
                status = _status(read_records(out))
                if status.get("tls.gms_conscrypt.trusted_certificate_index") == "hook_installed":
                    break
                time.sleep(0.5)
            assert status.get("tls.gms_conscrypt.trusted_certificate_index") == "hook_installed", status
            assert status.get("tls.gms_conscrypt.certificate_transparency") == "hook_installed"
            assert p.command("tls_gms", timeout=60) == "tls_gms 1/1 GmsCore_OpenSSL"
            session.flush()
        finally:
            session.close()
    assert "path=gms_conscrypt" in {f["query"] for f in _wait_flows(ours, "gms.probe.example.com")}
    fired = {h for h, _ in _fired(read_records(out))}
    assert "tls.gms_conscrypt.trusted_certificate_index" in fired
    assert "tls.sslcontext_init" not in fired   # Play services' trust manager is a platform one: kept


BORINGSSL_CLIENT = r"""
import ctypes, socket, sys
lib = "/usr/lib/x86_64-linux-gnu/android/"
ctypes.CDLL(lib + "libcrypto.so.0", mode=ctypes.RTLD_GLOBAL)
ssl = ctypes.CDLL(lib + "libssl.so.0")
P = ctypes.c_void_p
for name, res, args in [("TLS_method", P, []), ("SSL_CTX_new", P, [P]), ("SSL_new", P, [P]),
                        ("SSL_set_fd", ctypes.c_int, [P, ctypes.c_int]), ("SSL_connect", ctypes.c_int, [P]),
                        ("SSL_set_tlsext_host_name", ctypes.c_int, [P, ctypes.c_char_p]),
                        ("SSL_write", ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_int]),
                        ("SSL_read", ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_int])]:
    getattr(ssl, name).restype = res
    getattr(ssl, name).argtypes = args
Verify = ctypes.CFUNCTYPE(ctypes.c_int, P, P)
ssl.SSL_CTX_set_custom_verify.argtypes = [P, ctypes.c_int, Verify]
verify = Verify(lambda s, alert: 1)   # like a pinning app: ssl_verify_invalid for any chain it did not pin
for port in sys.argv[1:]:
    ctx = ssl.SSL_CTX_new(ssl.TLS_method())
    ssl.SSL_CTX_set_custom_verify(ctx, 1, verify)
    sock = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    sock.sendall(b"CONNECT cronet.example.com:443 HTTP/1.1\r\nHost: cronet.example.com:443\r\n\r\n")
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    sock.settimeout(None)   # BoringSSL wants a blocking descriptor
    s = ssl.SSL_new(ctx)
    ssl.SSL_set_fd(s, sock.fileno())
    ssl.SSL_set_tlsext_host_name(s, b"cronet.example.com")
    if ssl.SSL_connect(s) != 1:
        print("refused", flush=True)
        continue
    req = b"GET /cronet HTTP/1.1\r\nHost: cronet.example.com\r\nConnection: close\r\n\r\n"
    ssl.SSL_write(s, req, len(req))
    buf = ctypes.create_string_buffer(4096)
    n = ssl.SSL_read(s, buf, 4096)
    print(buf.raw[:n].split(b"\r\n")[0].decode(), flush=True)
"""


@pytest.mark.skipif(not BORINGSSL.exists(), reason="android-libboringssl is not installed (comes with adb)")
def test_boringssl_custom_verify_trusts_only_the_run_ca(bundle: Path, proxies, tmp_path: Path) -> None:
    ours, foreign = proxies
    plain = python_child(BORINGSSL_CLIENT.replace("sys.argv[1:]", f"[{ours.port}]"))
    plain.stdin.write("go\n")
    plain.stdin.flush()
    assert plain.communicate(timeout=30)[0].split() == ["refused"]
    out = tmp_path / "events.jsonl"
    child = python_child(BORINGSSL_CLIENT.replace("sys.argv[1:]", f"[{ours.port}, {foreign.port}]"))
    try:
        session = attach_local(child.pid, out, RunClock(), catalogue=load_catalogue().select(ids=[]), bundle=bundle,
                               tls_ca_pem=ours.ca_pem_path.read_text())
        child.stdin.write("go\n")
        child.stdin.flush()
        lines = child.communicate(timeout=30)[0].splitlines()
        session.close()
    finally:
        child.kill()
        child.wait()
    assert lines == ["HTTP/1.1 200 OK", "refused"]
    assert _wait_flows(ours, "cronet.example.com")
    fired = _fired(read_records(out))
    assert [h for h, _ in fired] == ["tls.boringssl_custom_verify"]
    assert fired[0][1] == {"module": "libssl.so.0", "setter": "SSL_CTX_set_custom_verify"}
