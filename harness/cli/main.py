"""`harness` entry point: builds the parser from the subcommand modules and maps errors to exit codes.

Each subcommand lives in its own module exposing `register(subparsers)`, which adds its
parser and sets `func` to a `run(args) -> int`. Errors the harness raises on purpose are
one line on stderr with their exit code; anything else is one line too (with --debug for
the traceback), never a raw traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from harness import __version__
from harness.cli import (
    analyze,
    audit,
    batch,
    diff,
    doctor,
    fleet_report,
    labels,
    policy,
    selftest,
    static,
    traffic,
    worker,
)
from harness.errors import EXIT_ENVIRONMENT, EXIT_USAGE, HarnessError
from harness.textsafe import escape_text

SUBCOMMANDS = (audit, analyze, diff, static, traffic, policy, labels, batch, worker, fleet_report, doctor, selftest)


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line plus a pointer to --help (exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="harness",
        description="Audit what an Android app does with personal information, "
        "and hold it against its privacy policy and the law (PIPL, 认定方法, TC260, GDPR-style consent).",
        epilog="Exit codes: 0 no finding at or above --fail-on; 1 findings; 2 bad usage or input; "
        "3 environment problem (device, tool, frida, proxy).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except HarnessError as e:
        print(f"harness: error: {escape_text(str(e))}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if getattr(args, "debug", False):
            raise
        print(f"harness: internal error: {type(e).__name__}: {escape_text(str(e))} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_ENVIRONMENT


if __name__ == "__main__":
    raise SystemExit(main())
