"""`harness analyze`: not built yet (its issue is open)."""

from __future__ import annotations

import argparse

from harness.errors import EnvironmentProblem


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="(not built yet)", description="Not built yet: its issue is still open.")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise EnvironmentProblem("'harness analyze' is not built yet")
