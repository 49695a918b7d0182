"""One fuzz worker pool per session; its summary goes to the terminal and, under `make fuzz`, to a JSON report."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_pool import Pool

_POOL: list[Pool] = []


@pytest.fixture(scope="session")
def pool() -> Iterator[Pool]:
    p = Pool()
    _POOL.append(p)
    yield p
    p.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _POOL:
        return
    stats = _POOL[0].stats
    terminalreporter.write_line(f"fuzz: {stats.summary()}")
    report = os.environ.get("FUZZ_REPORT")
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        Path(report).write_text(json.dumps({
            "summary": stats.summary(), "inputs": stats.runs, "peak_bytes": stats.peak, "slowest_s": stats.slowest,
            "bad": [{"target": o.target, "argv": o.argv, "problem": o.problem, "rc": o.rc} for o in stats.bad],
        }, indent=1), encoding="utf-8")
        terminalreporter.write_line(f"fuzz: report in {report}")
