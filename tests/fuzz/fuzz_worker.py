"""Fuzz worker: runs `harness` CLI invocations sent on stdin (one JSON argv per line), one at a time,
and answers each with its exit code, its stderr and this process's peak RSS so far.

It runs in its own process so the pool can time each input out (a hang is a kill, not a stuck
test) and read peak memory (ru_maxrss) per input; RLIMIT_AS keeps a runaway input from taking
the machine down (it then fails as MemoryError, which the pool reports).
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys

AS_LIMIT = 4 << 30


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    import androguard.core.apk  # noqa: F401 - heavy imports once, outside any timed input
    import mitmproxy.io  # noqa: F401

    from harness.cli.main import main as harness_main

    for line in sys.stdin:
        argv = json.loads(line)
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                rc = harness_main(argv)
            except SystemExit as e:  # argparse
                rc = e.code if isinstance(e.code, int) else 2
            except BaseException as e:  # noqa: BLE001 - reported, never hidden
                rc = -1
                print(f"UNCAUGHT {type(e).__name__}: {e}", file=sys.stderr)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        sys.__stdout__.write(json.dumps({"rc": rc, "stderr": _tail(err.getvalue()), "peak": peak}) + "\n")
        sys.__stdout__.flush()


def _tail(text: str, limit: int = 4000) -> str:
    """The last `limit` characters of stderr, whole lines only: a line cut by the limit is not what the
    program printed (`policy check` gives one `file:line:col` line per problem, and may give hundreds)."""
    if len(text) <= limit:
        return text
    return text[-limit:].split("\n", 1)[-1]


if __name__ == "__main__":
    main()
