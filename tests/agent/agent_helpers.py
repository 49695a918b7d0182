"""Helpers for the agent tests: drive the mini Java app, read a trace, start a native child."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from harness.probe.build import runtime_classpath
from harness.probe.control import STAND_IN_JVM_FLAGS

APP = "com.example.mini"


class MiniApp:
    """The mini Java app: one command per line on stdin; `V<TAB>api<TAB>value` lines then `ok`."""

    def __init__(self, classes: Path) -> None:
        self.proc = subprocess.Popen(["java", *STAND_IN_JVM_FLAGS, "-Dfile.encoding=UTF-8",
                                      "-cp", runtime_classpath(classes), f"{APP}.Main"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        line = self.proc.stdout.readline()
        assert line.startswith("READY "), f"mini app did not start: {line!r} {self.proc.stderr.read()}"
        self.pid = int(line.split()[1])
        self.values: list[str] = []

    def cmd(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        while True:
            out = self.proc.stdout.readline()
            if not out:
                raise AssertionError(f"mini app exited during {line!r}")
            out = out.rstrip("\n")
            if out.startswith("V\t"):
                self.values.append(out)
            elif out.startswith(("ok", "err")):
                return out

    def send(self, line: str) -> None:
        """Write a command without waiting for a reply (for commands that exit)."""
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send("exit")
                self.proc.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def python_child(script: str) -> subprocess.Popen:
    """A host python process that waits for one stdin line, then runs `script` (for native hooks)."""
    code = "import sys\nsys.stdin.readline()\n" + script
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
