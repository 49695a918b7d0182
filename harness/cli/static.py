"""`harness static APK`: what the app could do before it runs (manifest, SDKs, API call sites, URLs)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness.cli.common import write_output
from harness.errors import EXIT_OK, InputError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "static", help="static analysis of an APK or split set",
        description="Read an APK (.apk, .apks, .xapk or a folder of splits) without running it: manifest "
        "facts, signing, permissions, exported components, cleartext policy, SDKs with evidence, call sites "
        "of hook-catalogue APIs attributed to app or SDK, URLs and hosts, and flags for the analysis.",
    )
    p.add_argument("apk", metavar="APK", help="APK file, .apks/.xapk bundle, or a folder of split APKs")
    p.add_argument("--json", action="store_true", help="print static.json instead of the summary")
    p.add_argument("--deep", action="store_true",
                   help="use androguard's full AnalyzeAPK xrefs (slower, more memory; same API set)")
    p.add_argument("--trackers", metavar="FILE", help="Exodus-format tracker JSON to add to the SDK database")
    p.add_argument("--sdk-db", metavar="FILE", help="a user knowledge-base YAML whose entries override shipped "
                   "ones by id (format: harness/detect/sdks.d/README.md)")
    p.add_argument("--category", metavar="KEY",
                   help="app category (a necessary-PI baseline key) for permissions_unrelated_to_category")
    p.add_argument("--out", metavar="FILE", help="write the output here instead of stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.static import analyze_apk
    from harness.static.summary import render

    path = Path(args.apk)
    if not path.exists():
        raise InputError(f"{args.apk}: no such file or folder")
    trackers = Path(args.trackers) if args.trackers else None
    sdk_db = Path(args.sdk_db) if args.sdk_db else None
    rep = analyze_apk(path, deep=args.deep, trackers=trackers, category=args.category, sdk_db=sdk_db)
    text = json.dumps(rep.to_json(), ensure_ascii=False, indent=2) if args.json else render(rep)
    write_output(text, args.out)
    return EXIT_OK
