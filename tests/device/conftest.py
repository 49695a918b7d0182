"""Replay adb at the subprocess boundary: recorded outputs in, the exact argv the harness issued out."""

from __future__ import annotations

import pytest
from support.adb_replay import ReplayRunner

from harness.device.adb import Adb


@pytest.fixture
def replay() -> ReplayRunner:
    return ReplayRunner()


@pytest.fixture
def adb(replay: ReplayRunner) -> Adb:
    return Adb(adb="adb", runner=replay)


@pytest.fixture(autouse=True)
def _no_polling_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("harness.device.frida_server.POLL_SECONDS", 0.0)
