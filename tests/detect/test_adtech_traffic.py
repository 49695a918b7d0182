"""Acceptance: `harness traffic` names the organisation behind >= 90% of hosts in ad-tech traffic.

The capture is a HAR written from tests/detect/fixtures/adtech_endpoints.txt: 170+ distinct real
mediation, bidding, attribution, measurement and Chinese SDK endpoints (and CDN/unknown hosts no
knowledge base can name), each request carrying the advertising ID the way such SDKs send it.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from harness.cli.main import main

ENDPOINTS = Path(__file__).with_name("fixtures") / "adtech_endpoints.txt"
GAID = "38400000-8cf0-11bd-b23e-10b96e40000d"


def _entry(method: str, url: str, shape: str) -> dict:
    headers = [{"name": "user-agent", "value": "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 6 Build/TQ3A)"}]
    request: dict = {"method": method, "url": url, "httpVersion": "HTTP/2.0", "cookies": [], "headers": headers,
                     "queryString": [], "headersSize": -1, "bodySize": 0}
    if shape == "query":
        request["url"] = f"{url}?gaid={quote(GAID)}&os=android&sdk_ver=12.4.1"
        request["queryString"] = [{"name": "gaid", "value": GAID}, {"name": "os", "value": "android"}]
    elif shape == "header":
        headers.append({"name": "x-ad-id", "value": GAID})
    elif shape == "form":
        text = f"advertising_id={GAID}&app_id=com.example.news&platform=android"
        headers.append({"name": "content-type", "value": "application/x-www-form-urlencoded"})
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": text}
    else:  # OpenRTB-shaped JSON
        body = {"id": "a1b2", "app": {"bundle": "com.example.news"}, "imp": [{"id": "1", "banner": {"w": 320, "h": 50}}],
                "device": {"ifa": GAID, "os": "android", "osv": "13", "lmt": 0, "make": "Google", "model": "Pixel 6"}}
        headers.append({"name": "content-type", "value": "application/json"})
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    return {"startedDateTime": "2026-05-06T10:15:30.123+08:00", "time": 40, "request": request,
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/2.0", "cookies": [], "headers": [],
                         "content": {"size": 0, "mimeType": "application/json", "text": ""},
                         "redirectURL": "", "headersSize": -1, "bodySize": 0},
            "cache": {}, "timings": {"send": 1, "wait": 30, "receive": 9}}


def endpoints() -> list[tuple[str, str, str]]:
    rows = []
    for line in ENDPOINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            method, url, shape = line.split()
            rows.append((method, url, shape))
    return rows


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> dict:
    har = tmp_path_factory.mktemp("adtech") / "adtech.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "mitmproxy", "version": "12.1"},
                                       "entries": [_entry(*row) for row in endpoints()]}}), encoding="utf-8")
    out = tmp_path_factory.mktemp("adtech") / "scan.json"
    assert main(["traffic", str(har), "-i", f"advertising_id={GAID}", "--json", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_organisation_named_for_at_least_90_percent_of_hosts(scan: dict) -> None:
    hosts = scan["hosts"]
    assert len(hosts) == len({urlsplit(u).hostname for _, u, _ in endpoints()}) >= 150
    named = [h for h, info in hosts.items() if info["party"] == "third" and info["org"]]
    share = len(named) / len(hosts)
    print(f"\nhosts with an organisation: {len(named)}/{len(hosts)} = {share:.1%}; unnamed: "
          + ", ".join(sorted(set(hosts) - set(named))))
    assert share >= 0.9
    assert all(info["signature"].startswith(("domain ", "network ")) for h, info in hosts.items() if h in named)


def test_advertising_id_found_on_every_host(scan: dict) -> None:
    assert all("advertising_id" in info["data_types"] for info in scan["hosts"].values())


@pytest.mark.parametrize(("host", "sdk_id", "org"), [
    ("ms4.applovin.com", "applovin_max", "AppLovin"),
    ("outcome-ssp.supersonicads.com", "ironsource", "Unity (ironSource)"),
    ("net.rayjump.com", "mintegral", "Mobvista (汇量科技)"),
    ("launches.appsflyersdk.com", "appsflyer", "AppsFlyer"),
    ("match.adsrvr.org", "the_trade_desk", "The Trade Desk"),
    ("fp-it.fengkongcloud.com", "shumei", "ShuMei (数美科技)"),
    ("otheve.beacon.qq.com", "tencent_beacon", "Tencent (腾讯)"),
    ("api16-access-sg.pangle.io", "pangle", "ByteDance (字节跳动)"),
])
def test_hosts_name_sdk_and_organisation(scan: dict, host: str, sdk_id: str, org: str) -> None:
    info = scan["hosts"][host]
    assert (info["sdk_id"], info["org"]) == (sdk_id, org)


def test_text_output_names_organisation_and_signature(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    har = tmp_path / "one.har"
    har.write_text(json.dumps({"log": {"version": "1.2", "entries": [
        _entry("POST", "https://ms4.applovin.com/1.0/event/load", "json")]}}), encoding="utf-8")
    assert main(["traffic", str(har), "-i", f"advertising_id={GAID}"]) == 0
    assert "third party: AppLovin MAX mediation (AppLovin; domain ms4.applovin.com)" in capsys.readouterr().out
