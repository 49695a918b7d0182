"""Replay adb at the subprocess boundary: recorded outputs in, the exact argv the harness issued out."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.adb import Adb
from harness.device.testing import ReplayRunner

DATA = Path(__file__).parent / "data"


def recorded(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def replay() -> ReplayRunner:
    return ReplayRunner()


@pytest.fixture
def adb(replay: ReplayRunner) -> Adb:
    return Adb(adb="adb", runner=replay)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """tests/conftest.py skips items whose keywords contain "device", which includes this FOLDER's name:
    keep that skip only for tests really marked `device`."""
    here = Path(__file__).parent
    for item in items:
        if here not in Path(str(item.fspath)).parents or item.get_closest_marker("device") is not None:
            continue
        item.own_markers[:] = [m for m in item.own_markers
                               if not (m.name == "skip" and "HARNESS_DEVICE" in str(m.kwargs.get("reason", "")))]


@pytest.fixture(autouse=True)
def _no_polling_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("harness.device.frida_server.POLL_SECONDS", 0.0)
