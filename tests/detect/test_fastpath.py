"""scan_flow's fast path gives exactly the matches of the full decode (scan_flow(exhaustive=True)).

A seeded generator writes bodies in every encoding the decoder knows (plain, case forms, hashes, base64
std/url/unpadded, hex, percent-encoding, JSON escapes, JWT, gzip, protobuf, base64 nested up to four
times, percent-encoding inside base64), in every container (JSON at any depth, as a key, as a number,
duplicate keys, JSON inside strings and form fields, forms, text, multipart, binary), with and without
a known value, truncated, oversized for the budget, and gzip bombs; every flow must give the same list.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proxy"))
import planting  # noqa: E402

from harness.detect import bodyscan, engine, fastpath  # noqa: E402
from harness.detect.matcher import JWT_MARK, Matcher  # noqa: E402

WORDS = ["page_view", "click", "zh-CN", "okhttp/4.9.3", "城市", "北京市朝阳区", "a+b", "x=1", "q%20", "true", "-0",
         "eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJlLWJsb2I=", "0123456789abcdef0123", "ZmFrZQ", "39.90", "116.39"]


def b64(s: str | bytes, url: bool = False, pad: bool = True) -> str:
    raw = s.encode() if isinstance(s, str) else s
    out = (base64.urlsafe_b64encode if url else base64.b64encode)(raw).decode()
    return out if pad else out.rstrip("=")


def jwt(payload: dict) -> str:
    return f"eyJhbGciOiJIUzI1NiJ9.{b64(json.dumps(payload), url=True, pad=False)}.c2ln"


def protobuf(s: str) -> bytes:
    return planting._pb_field(1, planting._pb_field(3, s.encode()))


ENCODINGS = {
    "plain": lambda v: v, "upper": str.upper, "lower": str.lower,
    "md5": lambda v: hashlib.md5(v.encode()).hexdigest(), "sha256": lambda v: hashlib.sha256(v.encode()).hexdigest(),
    "b64": b64, "b64url": lambda v: b64(v, url=True, pad=False), "hex": lambda v: v.encode().hex(),
    "url": lambda v: quote(v, safe=""),
    "jwt": lambda v: jwt({"sub": "u", "id": v}),
    "gzip_b64": lambda v: b64(gzip.compress(json.dumps({"d": {"id": v}}).encode())),
    "b64x2": lambda v: b64(b64(v)), "b64x3": lambda v: b64(b64(b64(v))), "b64x4": lambda v: b64(b64(b64(b64(v)))),
    "pct_in_b64": lambda v: b64("a=1&id=" + "".join(f"%{b:02X}" for b in v.encode())),
    "json_in_b64": lambda v: b64(json.dumps({"x": [1, {"id": v}]})),
    "escape_in_b64": lambda v: b64('{"id":"' + "".join(f"\\u{ord(c):04x}" for c in v) + '"}'),
    "protobuf_b64": lambda v: b64(protobuf(v)),
    "form_in_string": lambda v: f"a=1&id={v}&b=2",
}


def filler(rng: random.Random, depth: int = 0) -> object:
    kind = rng.random()
    if depth > 2 or kind < 0.5:
        return rng.choice([rng.choice(WORDS), rng.randrange(10**15), round(rng.uniform(-200, 200), rng.randrange(1, 8)),
                           None, True, rng.choice(WORDS) * rng.randrange(1, 4)])
    if kind < 0.75:
        return {rng.choice(WORDS): filler(rng, depth + 1) for _ in range(rng.randrange(0, 5))}
    return [filler(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


def plant(rng: random.Random, doc: object, value: object) -> object:
    """`doc` with `value` put somewhere in it (a new key, a list item, or replacing the root's member)."""
    if isinstance(doc, dict) and doc and rng.random() < 0.6:
        key = rng.choice(list(doc))
        doc[key] = plant(rng, doc[key], value) if isinstance(doc[key], dict | list) else value
        return doc
    if isinstance(doc, list) and doc and rng.random() < 0.6:
        i = rng.randrange(len(doc))
        doc[i] = plant(rng, doc[i], value) if isinstance(doc[i], dict | list) else value
        return doc
    if isinstance(doc, list):
        doc.insert(rng.randrange(len(doc) + 1), value)
        return doc
    if isinstance(doc, dict):
        doc[rng.choice(["id", "did", "设备", "odd key", "x"])] = value
        return doc
    return {"wrapped": doc, "id": value}


def json_body(rng: random.Random, value: str | None) -> str:
    doc = {"app": filler(rng), "events": [filler(rng) for _ in range(rng.randrange(1, 6))]}
    if value is not None:
        roll = rng.random()
        if roll < 0.1 and value.isdigit():
            doc = plant(rng, doc, int(value))  # a number leaf
        elif roll < 0.2:
            doc[value] = 1  # a key: the decoder reads no keys
        else:
            doc = plant(rng, doc, value)
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.3)
    roll = rng.random()
    if roll < 0.1:  # duplicate keys: only the last survives
        text = text[:-1] + (', "app": "junk"}' if rng.random() < 0.5 else f', "app": {json.dumps(value or "x")}}}')
    elif roll < 0.15:
        text = text[:-1] + ', "n": NaN, "m": -Infinity, "z": -0, "e": 1E+5, "s": "[1, 2, 867530012345674]"}'
    elif roll < 0.2:
        text = text[:-1] + f', "lat": {planting.LAT[:7]}, "lng": {planting.LNG[:8]}}}'
    return text


def form_body(rng: random.Random, value: str | None) -> str:
    fields = [("ak", "5f1a2b3c4d"), ("d", json.dumps(filler(rng))), ("e", json.dumps([filler(rng), filler(rng)]))]
    if value is not None:
        fields.insert(rng.randrange(4), ("id", value if rng.random() < 0.7 else json.dumps({"v": value})))
    return "&".join(f"{k}={quote(v, safe='') if rng.random() < 0.2 else v}" for k, v in fields)


def body_of(rng: random.Random, value: str | None) -> tuple[dict, list]:
    """A request (body, headers) in one of the containers."""
    kind = rng.choice(["json", "json", "json", "form", "form", "text", "multipart", "binary", "json_in_form",
                       "json_big"])
    headers: list = [["User-Agent", "okhttp/4.9.3"]]
    if kind == "json":
        return {"body": json_body(rng, value)}, headers
    if kind == "form":
        return {"body": form_body(rng, value)}, headers
    if kind == "json_big":  # more brackets than the nesting limit: only a parse can vouch for its depth
        doc = {"events": [{"e": rng.choice(WORDS), "p": [rng.randrange(100)]} for _ in range(40)]}
        return {"body": json.dumps(plant(rng, doc, value) if value is not None else doc)}, headers
    if kind == "json_in_form":
        return {"body": "payload=" + json_body(rng, value) + "&v=2"}, headers
    if kind == "text":
        return {"body": f"{rng.choice(WORDS)} {value or rng.choice(WORDS)} {rng.choice(WORDS)}\n"}, headers
    if kind == "multipart":
        headers.append(["Content-Type", "multipart/form-data; boundary=XyZ"])
        part = json_body(rng, value)
        return {"body": f"--XyZ\r\nContent-Disposition: form-data; name=\"p\"\r\n\r\n{part}\r\n--XyZ--\r\n"}, headers
    raw = protobuf(value or "nothing here") if rng.random() < 0.5 else b"\xff\xfe\x00" + (value or "zz").encode()
    return {"body": base64.b64encode(raw).decode(), "body_encoding": "base64"}, headers


def flow(rng: random.Random, i: int) -> dict:
    kv = rng.choice(planting.VALUES)
    enc = rng.choice(list(ENCODINGS))
    value = ENCODINGS[enc](kv.value) if rng.random() < 0.7 else None
    req, headers = body_of(rng, value)
    body = req["body"]
    roll = rng.random()
    if roll < 0.08:
        req["body"] = body[: rng.randrange(len(body) + 1)]  # truncated capture
    elif roll < 0.1:
        req["body"] = body + "\ud800"  # a lone surrogate, as a broken HAR may hold
    elif roll < 0.13:
        req["body"] = body.replace('"', '\\"', 1)
    if rng.random() < 0.1:
        headers.append(["X-Id", ENCODINGS[rng.choice(list(ENCODINGS))](kv.value)])
    out = {"id": str(i), "host": "h", "scheme": "https", "path": "/log", "query": "v=1",
           "request": {"headers": headers, **req}}
    if rng.random() < 0.03:
        out["websocket"] = [{"from_client": True, "content": json_body(rng, value), "encoding": "utf8"}]
    return out


def corpus(n: int, seed: int = 14) -> list[dict]:
    rng = random.Random(seed)
    flows = [flow(rng, i) for i in range(n)]
    bomb = b64(gzip.compress(bytes(32 << 20), 9))  # 32 MB of zeros behind ~45 KB of base64
    flows.append({"id": "bomb", "host": "h", "scheme": "https", "request": {"headers": [], "body": json.dumps(
        {"a": bomb, "b": [bomb[:4000]] * 3, "id": planting.IMEI})}})
    flows.append({"id": "huge", "host": "h", "scheme": "https", "request": {"headers": [], "body": json.dumps(
        {"pad": "x" * (3 << 20), "id": planting.IMEI, "more": [b64(planting.OAID)] * 300})}})
    return flows


@pytest.fixture(scope="module")
def flows() -> list[dict]:
    return corpus(700)


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
@pytest.mark.parametrize("budget", [16 * 1024 * 1024, 24 * 1024], ids=["default-budget", "small-budget"])
def test_fast_path_gives_the_full_decoders_matches(flows, budget, portable, monkeypatch):
    """`portable`: the Python twins of the C scans and the automaton instead of Hyperscan."""
    if portable:
        monkeypatch.setattr(bodyscan, "_scan", None)
    m = Matcher(planting.VALUES, budget=budget)
    if portable:
        m.engine = engine.AhoCorasickEngine(m._keys + [JWT_MARK])
    located = []
    real = fastpath._located
    monkeypatch.setattr(fastpath, "_located", lambda *a: located.append(1) or real(*a))
    found = 0
    for f in flows:
        fast, full = m.scan_flow(f), m.scan_flow(f, exhaustive=True)
        assert fast == full, f["id"]
        found += bool(full)
    # Not vacuous: many flows hold matches, and many were decoded only around their candidates.
    assert found > len(flows) // 3 and len(located) > len(flows) // 5, (found, len(located))


def test_fast_path_finds_what_the_old_quick_check_missed():
    """The old whole-flow check decoded two levels of base64 and no percent-encoding inside it."""
    m = Matcher(planting.VALUES)
    for enc in ("b64x4", "pct_in_b64", "escape_in_b64"):
        f = {"id": enc, "host": "h", "scheme": "https",
             "request": {"headers": [], "body": json.dumps({"x": ENCODINGS[enc](planting.IMEI)})}}
        assert [x.data_type for x in m.scan_flow(f)] == ["imei"], enc


def test_escapes_are_undone_where_a_form_reads_them(monkeypatch):
    """'%' or '+' with '=' change form fields. In a form body the fields holding them are decoded whole
    (the others only around candidates); a JSON string holding '&' too sends the body the full way; a
    JSON body with '+' and '=' but no '&' (a phone number and a URL, say) keeps the fast path."""
    m = Matcher(planting.VALUES)
    pct = "".join(f"%{b:02X}" for b in planting.IMEI.encode())
    bodies = {
        "json, a phone and a URL": (json.dumps({"ph": "+8613900000000", "u": "https://x.cn/?a=1", "id": planting.IMEI}),
                                    True),
        "json, a form in a string": (json.dumps({"q": f"a=1&id={pct}&b=2"}), False),
        "form": (f"a=1&id={pct}&ph=+86139&d={json.dumps({'x': 1})}", True),
    }
    located: list[int] = []
    real = fastpath._located
    monkeypatch.setattr(fastpath, "_located", lambda *a: located.append(1) or real(*a))
    for name, (body, fast) in bodies.items():
        f = {"id": name, "host": "h", "scheme": "https", "request": {"headers": [], "body": body}}
        located.clear()
        assert m.scan_flow(f) == m.scan_flow(f, exhaustive=True), name
        assert [x.data_type for x in m.scan_flow(f)] == ["imei"], name
        located_now = bool(located)
        assert located_now == fast, name


def test_a_plain_form_splits_as_parse_qsl_reads_it():
    """Without "%" and "+", form_fields is a split at "&" and "=" (plain_form_fields relies on it)."""
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice("ab=&; \n\t=&é1") for _ in range(rng.randrange(0, 12)))
        assert fastpath.plain_form_fields(text) == fastpath.dec.form_fields(text.strip()), repr(text)


@pytest.mark.parametrize("budget", [16 * 1024 * 1024, 24 * 1024, 2 * 1024], ids=["default", "small", "tiny"])
def test_what_the_matcher_remembers_changes_no_result(flows, budget, monkeypatch):
    """Decodings, units and matches of short texts are remembered across flows: a second pass (all
    remembered) and a pass that remembers nothing give the first pass's results, with budgets that
    cut the decoding short too."""
    from harness.detect import matcher as matcher_module

    m = Matcher(planting.VALUES, budget=budget)
    first = [m.scan_flow(f) for f in flows]
    assert [m.scan_flow(f) for f in flows] == first
    assert len(m._leaf_cache) > 100 and len(m._found_cache) > 100  # not vacuous: the second pass replayed
    monkeypatch.setattr(matcher_module, "SHORT_TEXT", -1)
    forgetful = Matcher(planting.VALUES, budget=budget)
    assert [forgetful.scan_flow(f) for f in flows] == first
    assert not forgetful._leaf_cache and not forgetful._found_cache
