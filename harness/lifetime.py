"""Helper processes (mitmdump, the probe JVM, the emulator) die when the harness dies, even by SIGKILL.

The kernel does it: PR_SET_PDEATHSIG makes the child receive SIGKILL when the harness thread that
started it ends. Helpers run in their own session (so a Ctrl-C in the terminal reaches only the
harness, which stops them in order), which is exactly why nothing else would tie their life to it.
Children must therefore be started from a thread that lives as long as they do (the main thread).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
"""Loaded in the parent: the child between fork and exec only calls into it."""


def die_with_parent() -> Callable[[], None] | None:
    """A Popen `preexec_fn` binding the child's life to this process (None off Linux)."""
    if _LIBC is None:
        return None
    parent = os.getpid()
    prctl = _LIBC.prctl

    def _bind() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the harness died before prctl: nothing would signal us
            os._exit(1)

    return _bind
