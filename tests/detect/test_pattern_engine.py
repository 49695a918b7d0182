"""Hyperscan and the Aho-Corasick automaton give the same occurrences, in the same order.

The matcher takes whichever engine the platform has (engine.build), so a result must not depend on
which one ran: every pattern occurrence, overlapping ones included, ordered by end offset and the
longest first at one end, on text in any case, on both sides of Hyperscan's short-buffer cut-over.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from harness.detect import engine
from harness.detect.matcher import JWT_MARK, Matcher

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "proxy"))
import planting  # noqa: E402

pytest.importorskip("hyperscan")


def _keys() -> list[bytes]:
    return Matcher(planting.VALUES)._keys + [JWT_MARK]


def _buffers(rng: random.Random, keys: list[bytes]) -> list[bytes]:
    """Text with patterns planted in mixed case, overlapping and back to back, at every length."""
    out = [b"", b"x", b"\x00" * 300]
    words = [b"page_view", b'{"id": "', b'", ', b"\x00", "北京".encode(), b"eyJhbGciOi", b"39.90", b"116.3"]
    for n in range(400):
        parts = []
        for _ in range(rng.randrange(1, 40)):
            if rng.random() < 0.3:
                key = rng.choice(keys)
                key = bytes(c ^ 0x20 if 0x61 <= c <= 0x7A and rng.random() < 0.5 else c for c in key)
                parts.append(key[: rng.randrange(1, len(key) + 1)] if rng.random() < 0.2 else key)
            else:
                parts.append(rng.choice(words))
        buf = b"".join(parts)
        out.append(buf[: n % 300] if n % 3 == 0 else buf)  # short ones go to the automaton
    return out


def test_hyperscan_and_the_automaton_find_the_same():
    keys = _keys()
    fast, reference = engine.HyperscanEngine(keys), engine.AhoCorasickEngine(keys)
    buffers = _buffers(random.Random(7), keys)
    found = 0
    for buf in buffers:
        got = fast.matches(buf)
        assert got == reference.matches(buf), buf
        found += len(got)
    long_ones = [b for b in buffers if len(b) >= engine.HyperscanEngine.SMALL]
    assert found > 1000 and len(long_ones) > 100  # not vacuous: Hyperscan itself ran, on many hits


def test_overlapping_occurrences_come_by_end_then_longest():
    keys = [b"c", b"bc", b"abc", b"ab", b"abcd"]
    buf = b"x" * engine.HyperscanEngine.SMALL + b"xabcd"
    base = engine.HyperscanEngine.SMALL
    expected = [(3, base + 1, base + 3), (2, base + 1, base + 4), (1, base + 2, base + 4), (0, base + 3, base + 4),
                (4, base + 1, base + 5)]
    assert engine.HyperscanEngine(keys).matches(buf) == expected
    assert engine.AhoCorasickEngine(keys).matches(buf) == expected


def test_each_thread_gets_its_own_scratch():
    import threading

    keys = _keys()
    fast, reference = engine.HyperscanEngine(keys), engine.AhoCorasickEngine(keys)
    buffers = [b for b in _buffers(random.Random(8), keys) if len(b) >= engine.HyperscanEngine.SMALL]
    wrong: list[bytes] = []

    def work() -> None:
        for buf in buffers:
            if fast.matches(buf) != reference.matches(buf):
                wrong.append(buf)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_a_database_hyperscan_refuses_falls_back_to_the_automaton(monkeypatch):
    import hyperscan

    def refuse(self, keys):  # what hs_compile says on a CPU without SSSE3, say
        raise hyperscan.ArchitectureError("unsupported architecture")

    monkeypatch.setattr(engine.HyperscanEngine, "__init__", refuse)
    built = engine.build([b"abc"])
    assert isinstance(built, engine.AhoCorasickEngine)
    assert built.matches(b"xxABCxx") == [(0, 2, 5)]
