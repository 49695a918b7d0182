"""Runs fuzz inputs in a worker process with a time limit, and classifies each outcome.

An outcome is bad when the harness prints an internal error or a traceback, when a usage error
is not one line, when an input runs over HANG_SECONDS (the worker is killed and replaced), or when
the worker's peak RSS passes MEMORY_LIMIT. The worker is replaced once its RSS grows past
RECYCLE_BYTES, so a peak is attributed to the input that caused it.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HANG_SECONDS = 10.0
MEMORY_LIMIT = 1 << 30
RECYCLE_BYTES = 600 << 20
WORKER = Path(__file__).with_name("fuzz_worker.py")
_LOCATED = re.compile(r"^\S[^\n]*:\d+:\d+: \S")


@dataclass(slots=True)
class Outcome:
    target: str
    argv: list[str]
    rc: int | None
    stderr: str
    seconds: float
    peak: int
    problem: str | None


@dataclass(slots=True)
class Stats:
    runs: int = 0
    peak: int = 0
    slowest: float = 0.0
    bad: list[Outcome] = field(default_factory=list)

    def summary(self) -> str:
        kinds: dict[str, int] = {}
        for o in self.bad:
            kinds[o.problem.split(":")[0]] = kinds.get(o.problem.split(":")[0], 0) + 1
        return (f"{self.runs} inputs: {kinds.get('internal error', 0)} internal errors, {kinds.get('hang', 0)} hangs, "
                f"{kinds.get('memory', 0)} over 1 GiB, {kinds.get('not one line', 0)} multi-line errors; "
                f"peak memory {self.peak / 2**20:.0f} MiB, slowest input {self.slowest:.1f} s")


def classify(rc: int | None, stderr: str, seconds: float, peak: int) -> str | None:
    if rc is None:
        return f"hang: no answer within {HANG_SECONDS:g} s"
    if peak > MEMORY_LIMIT:
        return f"memory: peak {peak / 2**20:.0f} MiB"
    if rc == -1 or "internal error" in stderr or "Traceback" in stderr or "UNCAUGHT" in stderr:
        return f"internal error: {stderr.strip().splitlines()[-1] if stderr.strip() else rc}"
    lines = stderr.strip().splitlines()
    # `policy check` reports every problem, each its own `file:line:col: message` line: that is one error per line.
    if rc == 2 and len(lines) != 1 and not all(_LOCATED.match(x) for x in lines):
        return f"not one line: {stderr.strip()[:300]!r}"
    return None


class Pool:
    """One worker process, replaced after a hang or when its RSS has grown past RECYCLE_BYTES."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.stats = Stats()

    def _worker(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True, bufsize=1,
                                         env={**os.environ, "PYTHONHASHSEED": "0"})
            self.proc.stdin.write(json.dumps(["--version"]) + "\n")  # imports done before any timed input
            self.proc.stdin.flush()
            select.select([self.proc.stdout], [], [], 120)
            self.proc.stdout.readline()
        return self.proc

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def run(self, target: str, argv: list[str]) -> Outcome:
        proc = self._worker()
        start = time.monotonic()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(argv) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], HANG_SECONDS)
        line = proc.stdout.readline() if ready else ""
        seconds = time.monotonic() - start
        if not line:
            self.close()
            rc, stderr, peak = None, "", 0
        else:
            answer = json.loads(line)
            rc, stderr, peak = answer["rc"], answer["stderr"], answer["peak"]
            if peak > RECYCLE_BYTES:
                self.close()
        outcome = Outcome(target, argv, rc, stderr, seconds, peak, classify(rc, stderr, seconds, peak))
        self.stats.runs += 1
        self.stats.peak = max(self.stats.peak, peak)
        self.stats.slowest = max(self.stats.slowest, seconds)
        if outcome.problem:
            self.stats.bad.append(outcome)
        return outcome
