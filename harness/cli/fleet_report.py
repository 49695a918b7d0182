"""`harness fleet-report BATCH_DIR`: the store-wide report (HTML, JSON, xlsx) of a batch."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.common import say
from harness.i18n import DEFAULT_LANG, LANGS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fleet-report", help="store-wide report of a batch: per app, rule, SDK, data type, version",
        description="Aggregate a batch folder: per app verdict and findings; per rule the apps that break it; "
        "per SDK the apps where it collected before consent or shared PI undeclared (ranked); per data type; "
        "each version against the previous one of the same package (认定方法 2.2 and 3.5). Writes "
        "fleet.json, fleet.html and fleet.xlsx; the last line printed is the HTML path.",
        epilog="Example: harness fleet-report runs/batch-2 --previous runs/batch-1")
    p.add_argument("batch", metavar="BATCH_DIR")
    p.add_argument("--previous", action="append", metavar="BATCH_DIR",
                   help="an earlier batch whose versions the apps are compared with (repeatable)")
    p.add_argument("--out", metavar="DIR", help="where to write (default BATCH_DIR)")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of the HTML and xlsx wording")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.fleet.report import write_fleet_report

    paths = write_fleet_report(Path(args.batch), Path(args.out) if args.out else None,
                               [Path(p) for p in args.previous or []], lang=args.lang)
    for fmt in ("json", "xlsx"):
        say(f"  {fmt:<5} {paths[fmt]}")
    print(paths["html"])
    return 0
