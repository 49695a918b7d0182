"""`harness traffic CAPTURE`: personal information in a HAR, a mitmproxy flow file or a run's flows."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from harness.cli.common import write_output
from harness.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "traffic", help="find personal information in captured traffic (HAR, mitmproxy file, run dir)",
        description="Scan a capture for known identifiers in all their usual encodings and say which "
        "hosts (first party, named SDK/tracker, unknown) received what.")
    p.add_argument("capture", metavar="CAPTURE", help="a .har file, a mitmproxy flow file (.mitm/.flow) or a run directory")
    p.add_argument("--identifier", "-i", action="append", default=[], metavar="TYPE=VALUE",
                   help="a known value to look for, e.g. imei=860000000000001 (repeatable; a run directory adds "
                   "the values its hooks and device profile recorded)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--har", metavar="OUT", help="also export the capture's flows as HAR 1.2 to OUT")
    p.add_argument("--first-party", action="append", default=[], metavar="DOMAIN",
                   help="the app's own domain (repeatable); its hosts count as first party")
    p.add_argument("--trackers", metavar="EXODUS.json", help="also attribute hosts with an Exodus-format tracker list")
    p.add_argument("--sdk-db", metavar="FILE", help="a user knowledge-base YAML whose entries override shipped "
                   "ones by id (format: harness/detect/sdks.d/README.md)")
    p.add_argument("--out", metavar="FILE", help="write the result to FILE instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.detect.known_values import dedupe, known_values_from_run, parse_identifier
    from harness.detect.scan import render_text, scan_capture
    from harness.detect.sdk_db import build_database
    from harness.proxy.har import LOST, flows_to_har, load_capture
    from harness.textsafe import escape_text

    values = []
    for spec in args.identifier:
        try:
            values.append(parse_identifier(spec))
        except ValueError as e:
            raise InputError(str(e)) from e
    records, run_dir = load_capture(args.capture)
    for r in records:
        if r.get("kind") == LOST:
            print(f"harness: warning: {escape_text(r['detail'])}", file=sys.stderr)
    if run_dir is not None:
        values.extend(known_values_from_run(run_dir))
    values = dedupe(values)
    db = build_database(Path(args.sdk_db) if args.sdk_db else None, Path(args.trackers) if args.trackers else None)
    scan = scan_capture(records, values, first_party=args.first_party, db=db)
    if args.har:
        origin = run_dir.clock.wall_origin if run_dir is not None else 0.0
        try:
            write_output(json.dumps(flows_to_har(records, wall_origin=origin), ensure_ascii=False, indent=1), args.har)
        except OSError as e:
            raise InputError(f"{args.har}: cannot write HAR: {e.strerror}") from e
    if args.json:
        text = json.dumps(scan.to_json(), ensure_ascii=False, indent=2)
    else:
        text = render_text(scan)
        if not values:
            text += "\nNo known values to look for: give --identifier TYPE=VALUE (or scan a run directory).\n"
    write_output(text, args.out)
    return 0
