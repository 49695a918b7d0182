"""`harness batch APPS... --out BATCH_DIR`: audit many apps over many devices, embedded or on Celery."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.common import say
from harness.errors import EXIT_ENVIRONMENT, EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch", help="audit many apps (APKs or probe descriptors) over several devices",
        description="Audit a list or folder of apps: APKs, or *.probe.yaml descriptors of the JVM stand-in. "
        "Policies: the same stem .yaml, else a .txt/.html/.md policy beside the app (drafted), else none. "
        "Without --broker one process runs an in-memory queue over the --device list; with --broker the "
        "apps go to Celery workers (`harness worker`). Results are kept in BATCH_DIR: running the command "
        "again resumes the batch and never audits an app (package, version code, hash) twice unless --force.",
        epilog="Examples: harness batch probes/ --device jvm --out runs/batch; "
        "harness batch apks/ --broker redis://127.0.0.1:6379/0 --out runs/store. "
        "Exit codes: 0 every app audited, 2 bad input, 3 some app failed (see BATCH_DIR/apps), 130 interrupted.")
    p.add_argument("apps", nargs="*", metavar="APKS_OR_DIR",
                   help="APKs, *.probe.yaml descriptors or folders of them (none: resume BATCH_DIR)")
    p.add_argument("--device", action="append", metavar="SERIAL|jvm",
                   help="a device for the embedded engine (repeatable; 'jvm' twice is two JVM stand-ins; "
                   "default every attached device)")
    p.add_argument("--broker", metavar="redis://HOST:PORT/N", help="run on Celery workers through this Redis")
    p.add_argument("--force", action="store_true", help="audit again apps that already have a result")
    p.add_argument("--timeout", type=float, default=900.0, metavar="S", help="per-app timeout (default 900)")
    p.add_argument("--tries", type=int, default=2, metavar="N",
                   help="attempts per app when a worker dies or the device fails (default 2)")
    p.add_argument("--out", required=True, metavar="BATCH_DIR", help="the batch folder (created or resumed)")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.fleet import run_batch
    from harness.fleet.celery_app import check_broker
    from harness.fleet.progress import make_fleet_progress

    if args.broker:
        check_broker(args.broker)
        if args.device:
            say("note: --device is ignored with --broker (each `harness worker` owns its device)")
    progress = make_fleet_progress(args.quiet)
    try:
        result = run_batch(args.apps, Path(args.out), devices=args.device, broker=args.broker, force=args.force,
                           timeout=args.timeout, tries=args.tries, progress=progress)
    finally:
        progress.close()
    say(f"batch: {result.apps} app(s), {result.audited} audited now, {result.cached} already had a result; "
        + ", ".join(f"{n} {s}" for s, n in sorted(result.statuses.items())))
    print(result.path)
    return EXIT_ENVIRONMENT if result.statuses.get("failed") else EXIT_OK
