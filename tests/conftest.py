"""Shared test setup: the `device` marker runs only when HARNESS_DEVICE names an attached device."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("HARNESS_DEVICE"):
        return
    skip = pytest.mark.skip(reason="needs an Android device: set HARNESS_DEVICE=<serial> to run")
    for item in items:
        if item.get_closest_marker("device") is not None:
            item.add_marker(skip)
