"""Helpers shared by subcommands: existing-file arguments, severity choices, output."""

from __future__ import annotations

import sys
from pathlib import Path

from harness.errors import InputError
from harness.textsafe import escape_document, escape_text

SEVERITIES = ("info", "low", "medium", "high", "critical")


def existing_file(path: str, what: str = "file") -> Path:
    """The path as a Path, or a one-line InputError naming it."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such {what}")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected a {what}")
    try:
        with open(p, "rb"):
            pass
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror}") from e
    return p


def write_output(text: str, out: str | None) -> None:
    """Write to a file when --out is given, else to stdout; control and bidi characters escaped."""
    text = escape_document(text)
    if out:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text, encoding="utf-8")
        except OSError as e:
            raise InputError(f"{out}: cannot write: {e.strerror}") from None
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def say(message: str) -> None:
    """A line for the person at the terminal (stderr, so stdout stays machine-readable)."""
    print(escape_text(message), file=sys.stderr)
