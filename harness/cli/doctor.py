"""`harness doctor`: what is installed and working, with the command that fixes each missing piece."""

from __future__ import annotations

import argparse
import json

from harness.errors import EXIT_ENVIRONMENT, EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check python deps, frida, agent, mitmproxy, adb/devices, JDK, APK tools",
                       description="Check every piece the harness uses and explain how to fix what is missing. "
                       "Exit 0 when the required pieces (python deps, frida, agent bundle, mitmproxy, JDK) work, "
                       "3 otherwise; Android tools and the APK tool chain are optional (warn).")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--restore", action="store_true",
                   help="undo what killed runs left on devices (their restore journals), then exit")
    p.set_defaults(func=run)


def restore() -> int:
    from harness.device.journal import recover

    lines = recover()
    for line in lines:
        print(line)
    print(f"{len(lines)} pending restore step(s) of killed runs replayed")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from harness.audit.doctor import run_checks

    if args.restore:
        return restore()
    checks = run_checks()
    if args.json:
        print(json.dumps([{"name": c.name, "status": c.status, "detail": c.detail, "fix": c.fix,
                           "required": c.required} for c in checks], ensure_ascii=False, indent=2))
    else:
        width = max(len(c.name) for c in checks)
        for c in checks:
            print(f"{c.status:>7}  {c.name:<{width}}  {c.detail}")
            if not c.ok and c.fix:
                print(f"{'':>7}  {'':<{width}}  fix: {c.fix}")
        missing = [c for c in checks if c.required and not c.ok]
        warn = [c for c in checks if not c.required and not c.ok]
        print(f"\n{len(checks) - len(missing) - len(warn)} ok, {len(warn)} optional missing, "
              f"{len(missing)} required missing")
    return EXIT_ENVIRONMENT if any(c.required and not c.ok for c in checks) else EXIT_OK
