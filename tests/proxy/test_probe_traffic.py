"""The JVM probe app (helper "probe") through the sink proxy: its SDK stand-ins' identifiers are found.

The probe's own device profile gives the known values (as device.json does in a real run);
the proxy never connects upstream, so the tracker hosts it names are never contacted.
"""

from __future__ import annotations

import json
import shutil

import pytest

from harness.detect.known_values import KnownValue, normalize
from harness.detect.scan import scan_capture
from harness.proxy.runner import ProxyRunner
from harness.trace import RunDir, read_jsonl

probe = pytest.importorskip("harness.probe")


@pytest.fixture(scope="module")
def probe_capture(tmp_path_factory):
    if not shutil.which("javac") or not shutil.which("keytool"):
        pytest.skip("javac and keytool are needed (make system-deps)")
    tmp = tmp_path_factory.mktemp("probe")
    cp = probe.build_probe()
    run = RunDir.create(tmp / "run")
    with ProxyRunner(run, sink=True) as proxy:
        store = probe.make_truststore(proxy.ca_pem_path, tmp / "trust.p12")
        with probe.ProbeProcess.launch(cp, proxy=(proxy.host, proxy.port), truststore=store) as app:
            profile = json.loads(app.command("profile"))
            app.command("start")
            app.command("agree")
            app.command("poll_location 0 1")
            app.command("exit")
    values = [KnownValue(i["data_type"], n, i.get("source", "device_profile")) for i in profile["known_values"]
              if (n := normalize(i["data_type"], i["value"])) is not None]
    records = read_jsonl(run.path / RunDir.FLOWS)
    return records, values, scan_capture(records, values, first_party=["probe.example.com"])


def test_probe_flows_all_answered_by_sink(probe_capture):
    records, _, _ = probe_capture
    flows = [r for r in records if r["kind"] == "flow"]
    assert len(flows) >= 4 and all(r["sink"] and r["error"] is None for r in flows)
    hosts = {r["host"] for r in flows}
    assert {"alog.umeng.com", "googleads.g.doubleclick.net", "log.probe.example.com"} <= hosts


def test_probe_identifiers_found_per_host(probe_capture):
    _, _, scan = probe_capture
    found = {(m.host, m.data_type, m.encoding) for m in scan.matches}
    assert ("alog.umeng.com", "imei", "plain") in found
    assert ("alog.umeng.com", "imei", "sha1") in found and ("alog.umeng.com", "imei", "md5") in found
    assert ("googleads.g.doubleclick.net", "advertising_id", "plain") in found
    assert ("log.probe.example.com", "android_id", "base64") in found
    assert {h for h, t, _ in found if t == "location"} >= {"log.probe.example.com"}
    assert scan.hosts["alog.umeng.com"]["sdk_id"] == "umeng"
    assert scan.hosts["googleads.g.doubleclick.net"]["sdk_id"] == "google_ads"
    assert scan.hosts["log.probe.example.com"]["party"] == "first"
    assert {m.data_type for m in scan.cleartext} >= {"location", "android_id"}


def test_java_http_client_used_http2(probe_capture):
    records, _, _ = probe_capture
    ads = [r for r in records if r["kind"] == "flow" and r["host"] == "googleads.g.doubleclick.net"]
    assert ads and ads[0]["http_version"] == "HTTP/2.0"
