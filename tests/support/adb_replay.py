"""Replay adb at the subprocess boundary (recorded outputs in, issued argv out).

Shared by the tests of devices, scenarios and the conductor; test code, so it lives under tests/
and the wheel does not ship it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from harness.device.adb import CmdResult


class ReplayRunner:
    """A Runner whose answers come from rules (regex over the command after `adb [-s SERIAL]`).

    Each call is recorded as (serial, command). A rule's answer may be a list: successive calls
    get successive items (the last one repeats). Unmatched commands answer empty success.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, str]] = []
        self.times: list[float] = []
        """time.monotonic() of each call, to check marker timing against the command."""
        self.rules: list[tuple[re.Pattern[str], list[CmdResult]]] = []

    def on(self, pattern: str, *answers: str | bytes | CmdResult | Callable[[str], str], rc: int = 0) -> ReplayRunner:
        """Answer commands matching `pattern`; an answer may be a function of the command (state-driven)."""
        results: list[Any] = []
        for a in answers or ("",):
            if isinstance(a, CmdResult) or callable(a):
                results.append(a)
            else:
                results.append(CmdResult(rc, a.encode() if isinstance(a, str) else a))
        self.rules.insert(0, (re.compile(pattern), results))
        return self

    def __call__(self, argv: Sequence[str], *, timeout: float, input: bytes | None = None) -> CmdResult:
        args = list(argv[1:])
        serial = None
        if args[:1] == ["-s"]:
            serial, args = args[1], args[2:]
        command = " ".join(args)
        self.calls.append((serial, command))
        self.times.append(time.monotonic())
        for rx, results in self.rules:
            if rx.fullmatch(command):
                answer = results.pop(0) if len(results) > 1 else results[0]
                return CmdResult(0, answer(command).encode()) if callable(answer) else answer
        return CmdResult(0, b"")

    def commands(self, serial: str | None = "emulator-5554") -> list[str]:
        return [c for s, c in self.calls if s == serial]
