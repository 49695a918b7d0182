"""The multi-pattern pass: every occurrence of every pattern in a buffer, ASCII case-insensitively.

Two engines give the same occurrences in the same order (by end offset, the longest first):
- Hyperscan, Intel's vectorised matcher (the `hyperscan` wheel, x86-64 or aarch64 Linux), which
  needs no lowercased copy of the buffer and runs the pass several times faster;
- an Aho-Corasick DFA (ahocorasick_rs) over the lowercased buffer, wherever that wheel is missing,
  and for buffers too short to be worth a Hyperscan call.
tests/detect/test_pattern_engine.py holds them to the same answers.
"""

from __future__ import annotations

import threading

import ahocorasick_rs

try:
    import hyperscan
except ImportError:  # no wheel for this platform: the automaton does the same work
    hyperscan = None

Hit = tuple[int, int, int]
"""(pattern index, start, end) of one occurrence."""


def build(keys: list[bytes]) -> AhoCorasickEngine | HyperscanEngine:
    """The fastest engine this platform has, for these (lowercase) patterns. Hyperscan refuses some
    inputs the automaton takes (its CPU check, a database too large): then the automaton runs."""
    if hyperscan is not None:
        try:
            return HyperscanEngine(keys)
        except hyperscan.HyperscanError:
            pass
    return AhoCorasickEngine(keys)


class AhoCorasickEngine:
    """ahocorasick_rs's DFA over the lowercased buffer."""

    name = "aho-corasick"

    def __init__(self, keys: list[bytes]) -> None:
        self._ac = ahocorasick_rs.BytesAhoCorasick(keys, implementation=ahocorasick_rs.Implementation.DFA)

    def matches(self, buf: bytes) -> list[Hit]:
        return self._ac.find_matches_as_indexes(buf.lower(), overlapping=True)


class HyperscanEngine:
    """Hyperscan in block mode, its literal matcher. A scan costs about a microsecond however short the
    buffer, so buffers under SMALL go to the automaton instead."""

    name = "hyperscan"
    SMALL = 256

    def __init__(self, keys: list[bytes]) -> None:
        self._lengths = [len(k) for k in keys]
        self._small = AhoCorasickEngine(keys)
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(expressions=keys, ids=list(range(len(keys))), elements=len(keys),
                         flags=hyperscan.HS_FLAG_CASELESS, literal=True)
        self._local = threading.local()
        """Per thread: Hyperscan's scratch serves one scan at a time."""

    def matches(self, buf: bytes) -> list[Hit]:
        if len(buf) < self.SMALL:
            return self._small.matches(buf)
        state = getattr(self._local, "state", None)
        if state is None:
            state = self._local.state = self._thread_state()
        scratch, out, on_match = state
        try:
            self._db.scan(buf, match_event_handler=on_match, scratch=scratch)
            return sorted(out, key=_by_end_longest_first) if len(out) > 1 else out[:]
        finally:
            out.clear()

    def _thread_state(self) -> tuple[object, list[Hit], object]:
        """This thread's scratch, the list its scans fill and the callback that fills it (made once)."""
        out: list[Hit] = []
        add, lengths = out.append, self._lengths

        def on_match(i: int, _start: int, end: int, _flags: int, _context: object) -> None:
            add((i, end - lengths[i], end))  # returns None: the scan goes on

        return hyperscan.Scratch(self._db), out, on_match


def _by_end_longest_first(hit: Hit) -> tuple[int, int]:
    return hit[2], hit[1]
