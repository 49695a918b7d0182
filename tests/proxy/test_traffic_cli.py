"""`harness traffic` on a hand-written HAR 1.2 fixture (as another tool writes it), a run dir, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.trace import RunDir

FIXTURE = Path(__file__).with_name("fixtures") / "other_tool.har"
IDS = ["-i", "imei=867530012345674", "-i", "android_id=3f9a1c2b7d4e6f80", "-i", "location=39.908722,116.397499",
       "-i", "mac_address=a4:5e:60:c1:22:9b"]


def test_third_party_har_scans_with_locations_and_parties(capsys):
    assert main(["traffic", str(FIXTURE), *IDS, "--json", "--first-party", "shop.example.com"]) == 0
    out = json.loads(capsys.readouterr().out)
    got = {(m["host"], m["data_type"], m["encoding"], m["location"]) for m in out["matches"]}
    assert got == {
        ("ulogs.umeng.com", "imei", "md5", "url.query:imei_md5"),
        ("ulogs.umeng.com", "imei", "plain", "body.form:imei"),
        ("ulogs.umeng.com", "android_id", "plain", "body.form:android_id"),
        ("api.shop.example.com", "location", "coord_6dp", "body.json:$.pos.lat"),
        ("api.shop.example.com", "location", "coord_6dp", "body.json:$.pos.lon"),
        ("api.shop.example.com", "mac_address", "upper", "body.json:$.mac"),
    }
    hosts = out["hosts"]
    assert (hosts["ulogs.umeng.com"]["party"], hosts["ulogs.umeng.com"]["sdk_id"]) == ("third", "umeng")
    assert hosts["api.shop.example.com"]["party"] == "first" and hosts["api.shop.example.com"]["cleartext_pi"]
    assert hosts["cdn.example.org"] == {**hosts["cdn.example.org"], "party": "unknown", "data_types": []}
    assert {c["data_type"] for c in out["cleartext"]} == {"location", "mac_address"}


def test_text_output_groups_by_host_and_type(capsys):
    assert main(["traffic", str(FIXTURE), *IDS]) == 0
    out = capsys.readouterr().out
    assert "ulogs.umeng.com  (third party: Umeng+" in out and "[CLEARTEXT]" in out
    assert "  imei: 2 match(es)" in out and "md5 at url.query:imei_md5" in out


def test_run_directory_uses_its_known_values_and_exports_har(tmp_path, capsys):
    run = RunDir.create(tmp_path / "run")
    flow = {"v": 1, "t": 1.5, "kind": "flow", "id": "f1", "client": "127.0.0.1:1", "method": "GET", "scheme": "https",
            "host": "ulogs.umeng.com", "port": 443, "path": "/x", "query": "d=867530012345674", "url": "https://ulogs.umeng.com/x?d=867530012345674",
            "http_version": "HTTP/2.0", "request": {"headers": [], "body": None, "body_encoding": "utf8", "body_size": 0,
            "truncated": False, "content_encoding": None}, "response": {"status": 200, "headers": [], "body_size": 0},
            "tls": {"sni": "ulogs.umeng.com", "version": "TLSv1.3", "cipher": "x"}, "error": None, "websocket": None}
    (run.path / RunDir.FLOWS).write_text(json.dumps(flow) + "\n" + '{"v":1,"t":2,"kind":"tls_failure","host":"pin.example.com","port":443,"sni":"pin.example.com","error":"unknown ca"}\n{"v":1,"t":3,"kin')
    (run.path / RunDir.EVENTS).write_text(json.dumps({"v": 1, "t": 1.0, "kind": "hook", "seq": 0, "data_type": "imei",
                                                      "event": "read", "values": {"return": "867530012345674"}}) + "\n")
    har = tmp_path / "out" / "flows.har"
    assert main(["traffic", str(run.path), "--json", "--har", str(har)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(m["data_type"], m["location"], m["source"]) for m in out["matches"]] == [("imei", "url.query:d", "hook")]
    assert out["tls_failures"][0]["host"] == "pin.example.com"
    entry = json.loads(har.read_text())["log"]["entries"][0]
    assert entry["request"]["url"].endswith("d=867530012345674") and entry["startedDateTime"].endswith("Z")


@pytest.mark.parametrize("args, text", [
    (["/no/such/capture.har"], "no such file"),
    (["{fixture}", "-i", "imei"], "expected TYPE=VALUE"),
    (["{fixture}", "-i", "bogus_type=12345678"], "unknown data type"),
    (["{bad}"], "not valid JSON"),
    (["{notmitm}"], "not a mitmproxy flow file"),
    (["{fixture}", "--trackers", "/no/such.json"], "no such file"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, args, text):
    (tmp_path / "bad.har").write_text("{not json")
    (tmp_path / "x.mitm").write_bytes(b"\x00\x01garbage")
    args = [a.format(fixture=FIXTURE, bad=tmp_path / "bad.har", notmitm=tmp_path / "x.mitm") for a in args]
    assert main(["traffic", *args]) == 2
    err = capsys.readouterr().err
    assert text in err and err.count("\n") == 1 and "Traceback" not in err
