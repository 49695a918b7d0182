"""Recorded device outputs (tests/device/data/), read by name."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")
