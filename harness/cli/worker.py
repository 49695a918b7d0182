"""`harness worker --device SERIAL --broker URL`: a Celery worker that owns one device."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_VISIBILITY_TIMEOUT = 3600  # harness.fleet.celery_app's default; not imported so --help needs no celery


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker", help="run a Celery worker that audits batch apps on one device",
        description="Take apps from the Redis broker one at a time (concurrency 1, prefetch 1, late "
        "acknowledgement) and audit them on the device. On start it restores the device from its journal "
        "(WORK_DIR/<device>.journal.json), so a worker that was killed mid-audit cleans up when it comes back.",
        epilog="Example: harness worker --device jvm --broker redis://127.0.0.1:6379/0. Stop with Ctrl-C "
        "(the app being audited goes back to the queue).")
    p.add_argument("--device", required=True, metavar="SERIAL|jvm", help="the device this worker owns")
    p.add_argument("--broker", required=True, metavar="redis://HOST:PORT/N", help="the Redis broker and backend")
    p.add_argument("--work-dir", metavar="DIR", help="run folders and device journal (default runs/worker-<device>)")
    p.add_argument("--visibility-timeout", type=int, default=DEFAULT_VISIBILITY_TIMEOUT, metavar="S",
                   help="seconds before the broker hands an unacknowledged app to another worker; keep it "
                   "above the batch --timeout (default 3600)")
    p.add_argument("--loglevel", default="WARNING", help="Celery log level (default WARNING)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.fleet.celery_app import check_broker, start_worker

    check_broker(args.broker)
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in args.device)
    work = Path(args.work_dir) if args.work_dir else Path("runs") / f"worker-{safe}"
    start_worker(args.broker, args.device, work, visibility_timeout=args.visibility_timeout,
                 loglevel=args.loglevel)
    return 0
