"""The matcher on flow records: every planted encoding and place found, look-alikes not."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proxy"))
import planting  # noqa: E402

from harness.detect.decode import decompress, protobuf_leaves  # noqa: E402
from harness.detect.known_values import KnownValue  # noqa: E402
from harness.detect.matcher import build_matcher  # noqa: E402
from harness.detect.variants import variants_of  # noqa: E402
from harness.proxy.flowrec import body_fields  # noqa: E402


def as_flow(p: planting.Planted) -> dict:
    u = urlsplit(p.url)
    ce = next((v for k, v in p.headers if k.lower() == "content-encoding"), None)
    return {"id": p.name, "host": u.hostname, "scheme": u.scheme, "path": u.path, "query": u.query,
            "request": {"headers": p.headers, **body_fields(p.body, ce, 1 << 22)}}


@pytest.fixture(scope="module")
def matcher():
    return build_matcher(planting.VALUES)


@pytest.mark.parametrize("planted", planting.requests(), ids=lambda p: p.name)
def test_every_planted_value_is_found_with_encoding_and_location(matcher, planted):
    got = {(m.data_type, m.encoding, m.location) for m in matcher.scan_flow(as_flow(planted))}
    assert got == planted.expected


def test_control_flow_with_look_alikes_matches_nothing(matcher):
    assert matcher.scan_flow(as_flow(planting.control())) == []


def test_match_carries_flow_host_scheme_and_layers(matcher):
    first = planting.requests()[0]
    ms = {m.location: m for m in matcher.scan_flow(as_flow(first))}
    jwt = ms["header:Authorization > jwt:$.oaid"]
    assert (jwt.flow_id, jwt.host, jwt.scheme, jwt.layers) == ("query_headers", "t.umeng.com", "http", ("jwt",))
    assert jwt.cleartext and jwt.snippet == planting.OAID and jwt.source == "hook"


def test_about_a_thousand_patterns_for_fifty_values():
    values = [KnownValue("android_id", hashlib.md5(str(i).encode()).hexdigest()[:16]) for i in range(25)]
    values += [KnownValue("imei", f"86{i:013d}") for i in range(25)]
    m = build_matcher(values)
    assert 400 <= m.pattern_count <= 1500


def test_variants_cover_hashes_of_case_forms_and_base64_without_padding():
    pats = {(v.pattern, v.encoding) for v in variants_of(KnownValue("android_id", "AbCdEf0123456789"))}
    for form in ("AbCdEf0123456789", "ABCDEF0123456789", "abcdef0123456789"):
        assert (hashlib.sha256(form.encode()).hexdigest(), "sha256") in pats
    b64 = base64.b64encode(b"AbCdEf0123456789").decode()
    assert (b64, "base64") in pats and (b64.rstrip("="), "base64") in pats


def test_case_sensitive_base64_and_bounded_short_values():
    m = build_matcher([KnownValue("clipboard", "Hello-Canary")])
    wrong_case = base64.b64encode(b"Hello-Canary").decode().swapcase()
    assert m.scan_text(wrong_case, "t") == []
    assert m.scan_text("x hello-canary y", "t")[0].encoding == "lower"
    short = build_matcher([KnownValue("name", "Wang")])
    assert short.scan_text("Wangfujing", "t") == [] and len(short.scan_text("name: Wang.", "t")) == 1


def test_single_rounded_coordinate_needs_its_other_half():
    m = build_matcher([KnownValue("location", "39.9087221,116.3974995")])
    assert m.scan_text('{"lat": 39.909}', "t") == []
    both = m.scan_text('{"lat": 39.909, "lng": 116.397}', "t")
    assert {x.encoding for x in both} == {"coord_3dp"}
    assert m.scan_text("116.3974995,39.9087221", "t")[0].encoding == "plain"  # longitude first (AMap)


def test_nested_gzip_in_base64_in_websocket_message():
    m = build_matcher([KnownValue("imei", planting.IMEI)])
    blob = base64.b64encode(gzip.compress(json.dumps({"d": {"imei": planting.IMEI}}).encode())).decode()
    flow = {"id": "w", "host": "h", "scheme": "wss", "request": {"headers": []},
            "websocket": [{"from_client": True, "content": json.dumps({"p": blob}), "encoding": "utf8"},
                          {"from_client": False, "content": planting.IMEI, "encoding": "utf8"}]}
    (hit,) = m.scan_flow(flow)
    assert hit.location == "websocket[0] > json:$.p > base64 > gzip > json:$.d.imei"
    assert hit.layers == ("base64", "gzip") and not hit.cleartext


def test_binary_body_that_is_not_protobuf_is_still_scanned_raw():
    m = build_matcher([KnownValue("imei", planting.IMEI)])
    body = base64.b64encode(b"\xff\xfe\x00" + planting.IMEI.encode() + b"\x00\x07").decode()
    flow = {"id": "b", "host": "h", "scheme": "https", "request": {"headers": [], "body": body, "body_encoding": "base64"}}
    assert [x.location for x in m.scan_flow(flow)] == ["body.binary"]


def test_decompression_is_capped_for_every_codec():
    import brotli
    from backports import zstd

    big = bytes(64 << 20)
    for enc, data in (("gzip", gzip.compress(big, 1)), ("br", brotli.compress(big, quality=1)), ("zstd", zstd.compress(big))):
        out = decompress(data, enc, cap=1 << 20)
        assert (len(out.data), out.truncated, out.error) == (1 << 20, True, None), enc
    assert decompress(b"junk", "gzip").error.startswith("gzip")


def test_protobuf_parser_rejects_text_and_reads_nested_fields():
    assert protobuf_leaves(b"hello world, not protobuf") is None
    msg = planting._pb_field(1, planting._pb_field(3, b"867530012345674"))
    assert protobuf_leaves(msg) == [("1.3", "867530012345674")]


def test_fast_path_never_hides_what_the_full_decoder_finds(matcher):
    """scan_flow skips the per-field walk when a whole-flow check finds nothing; it must agree."""
    flows = [as_flow(p) for p in [*planting.requests(), planting.control()]]
    nested = base64.b64encode(json.dumps({"x": base64.b64encode(planting.IMEI.encode()).decode()}).encode()).decode()
    flows.append({"id": "n", "host": "h", "scheme": "https", "path": "/", "query": "",
                  "request": {"headers": [["X-Blob", nested]], "body": json.dumps({"a": "\\/" + planting.OAID})}})
    for flow in flows:
        assert matcher.scan_flow(flow) == matcher.scan_flow(flow, exhaustive=True), flow["id"]
    got = {(m.data_type, m.encoding, m.location) for m in matcher.scan_flow(flows[-1])}
    assert got == {("imei", "base64", "header:X-Blob > base64 > json:$.x"), ("oaid", "plain", "body.json:$.a")}
