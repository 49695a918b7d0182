"""The C byte scans (harness/detect/_scan.c) give their Python twins' answers, and survive any bytes.

survey: run starts (at block boundaries, exactly MIN_SEGMENT long, capped), control bytes, escapes,
"&", bracket count. segments: the base64 and hex spans decode.segment_spans gives. leaf_at: the path, text and kind of the leaf at every offset of generated JSON;
"unique" may only say yes when no key on the path is repeated in its object (checked against a parse
that keeps every pair), and it says yes whenever the twin's whole-text count does.
"""

from __future__ import annotations

import json
import random

import pytest

from harness.detect import bodyscan, locate
from harness.detect import decode as dec

_scan = pytest.importorskip("harness.detect._scan")

ALPHABET = b"ABCxyz019+/_-"
OTHER = b' ",:{}[]=&%\t\n\r\\\x00\x01\x7f\xc3\xa9.'


def _bodies(rng: random.Random) -> list[bytes]:
    out = [b"", b"A" * 15, b"A" * 16, b"A" * 17, b"A" * 32, b" " + b"A" * 16, b"A" * 16 + b" " + b"B" * 16]
    for _ in range(3000):
        parts = []
        for _ in range(rng.randrange(0, 30)):
            if rng.random() < 0.4:
                parts.append(bytes(rng.choice(ALPHABET) for _ in range(rng.choice([1, 5, 15, 16, 17, 31, 40]))))
            else:
                parts.append(bytes(rng.choice(OTHER) for _ in range(rng.randrange(1, 4))))
        body = b"".join(parts)
        out.append(body[rng.randrange(len(body) + 1):] if rng.random() < 0.3 else body)  # every alignment
    return out


@pytest.mark.parametrize("max_runs", [0, 1, 3, 16])
def test_native_survey_gives_the_twins_facts(max_runs):
    for body in _bodies(random.Random(max_runs)):
        assert tuple(_scan.survey(body, dec.MIN_SEGMENT, max_runs)) == tuple(bodyscan.survey_twin(body, max_runs)), body


def test_native_segments_give_the_decoders_spans():
    hexish = b"0123456789abcdefABCDEFxyz+/_- .=\x00"
    rng = random.Random(9)
    bodies = _bodies(rng) + [bytes(rng.choice(hexish) for _ in range(rng.randrange(0, 80))) for _ in range(3000)]
    found = 0
    for body in bodies:
        b64, hexes = _scan.segments(body, dec.MIN_SEGMENT)
        assert (b64, hexes) == (dec.segment_spans(body, "b64"), dec.segment_spans(body, "hex")), body
        found += len(hexes)
    assert found > 20  # not vacuous: hex runs were among them


def _docs(rng: random.Random) -> list[bytes]:
    keys = ["id", "a", "ids", "设备", "odd key", "x{y}", "[", ",", "e"]

    def value(depth: int) -> object:
        roll = rng.random()
        if depth > 3 or roll < 0.4:
            return rng.choice(["867530012345674", "a,b", "{[x]}", "", "北京", 7, -0.5, 1e21, True, None, 12])
        if roll < 0.7:
            return {rng.choice(keys): value(depth + 1) for _ in range(rng.randrange(0, 4))}
        return [value(depth + 1) for _ in range(rng.randrange(0, 4))]

    out = []
    for _ in range(300):
        text = json.dumps(value(0), ensure_ascii=False, separators=rng.choice([(",", ":"), (", ", ": ")]))
        if text.startswith("{") and len(text) > 2 and rng.random() < 0.3:  # a key twice
            text = text[:-1] + f', "{rng.choice(keys)}": "867530012345674"}}'
        if "\\" not in text:
            out.append(text.encode())
    return out


def _repeated_keys_on(doc: bytes, path: tuple) -> bool:
    """Whether an object on `path` holds one of its keys twice (a parse that keeps every pair)."""
    node = json.loads(doc, object_pairs_hook=lambda pairs: ("obj", pairs))
    for part in path:
        if isinstance(part, int):
            node = node[part]
            continue
        pairs = node[1]
        if [k for k, _ in pairs].count(part) != 1:
            return True
        node = dict(pairs)[part]
    return False


def test_native_leaf_at_gives_the_twins_leaf_and_a_safe_uniqueness():
    said_unique = said_repeated = 0
    for doc in _docs(random.Random(3)):
        for pos in range(-1, len(doc) + 1):
            native = _scan.leaf_at(doc, pos)
            twin = locate.leaf_at(doc, pos) if 0 <= pos < len(doc) else None
            assert (native[:3] if native else None) == twin, (doc, pos)
            if native is None:
                continue
            path, _, _, unique = native
            if unique:
                said_unique += 1
                assert not _repeated_keys_on(doc, path), (doc, pos)
            else:
                said_repeated += 1
                assert _repeated_keys_on(doc, path), (doc, pos)  # the C scan is exact, not just careful
            if bodyscan.leaf_at_twin(doc, pos)[3]:
                assert unique, (doc, pos)
    assert said_unique > 1000 and said_repeated > 50, (said_unique, said_repeated)


def test_native_scans_survive_any_bytes():
    rng = random.Random(5)
    for _ in range(20000):
        data = bytes(rng.choice(b'{}[],:"\\ ab19\x00\xff') for _ in range(rng.randrange(0, 60)))
        _scan.survey(data, rng.randrange(-2, 20), rng.randrange(-1, 5))
        found = _scan.leaf_at(data, rng.randrange(-3, len(data) + 3))
        assert found is None or (isinstance(found[0], tuple) and isinstance(found[1], bytes))
        _scan.segments(data, rng.randrange(-2, 20))
    deep = b"[" * 10000 + b"1" + b"]" * 10000
    assert _scan.leaf_at(deep, 10000) is None  # deeper than any path it names
