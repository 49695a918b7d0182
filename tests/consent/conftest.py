"""Fixtures of the consent-signal tests: tracekit's trace writer and the TC string writer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))
sys.path.insert(0, str(Path(__file__).parent))

from tracekit import Trace  # noqa: E402


@pytest.fixture
def trace(tmp_path: Path) -> Trace:
    return Trace(tmp_path / "run")
