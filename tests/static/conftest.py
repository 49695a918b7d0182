"""Static-analysis fixtures: real APKs built once per source hash, each analysed once per session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.apks import FIXTURE_DIR, build_apk, build_apks, build_split_dir, build_xapk

from harness.agent.catalogue import load_catalogue
from harness.static import StaticReport, analyze_apk

SPLIT_BUILDERS = {"splits_dir": build_split_dir, "splits_apks": build_apks, "splits_xapk": build_xapk}


def fixture_path(name: str) -> Path:
    return SPLIT_BUILDERS[name]() if name in SPLIT_BUILDERS else build_apk(name)


@pytest.fixture(scope="session")
def pinned() -> tuple:
    """The pinned test catalogue (tests/static/fixtures/catalogue.yaml), read by the agent's loader."""
    return load_catalogue([FIXTURE_DIR / "catalogue.yaml"]).entries


@pytest.fixture(scope="session")
def report(pinned: tuple) -> Callable[..., StaticReport]:
    cache: dict[tuple, StaticReport] = {}

    def get(name: str, *, deep: bool = False, **kw: object) -> StaticReport:
        key = (name, deep, tuple(sorted(kw.items())))
        if key not in cache:
            cache[key] = analyze_apk(fixture_path(name), deep=deep, catalogue=pinned, **kw)  # type: ignore[arg-type]
        return cache[key]

    return get
