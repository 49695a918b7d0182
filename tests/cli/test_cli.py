"""The CLI surface: --help everywhere, one-line errors with the documented exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli.main import SUBCOMMANDS, build_parser

ROOT = Path(__file__).parents[2]


def harness(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_top_level_help_lists_every_command() -> None:
    out = harness("--help")
    assert out.returncode == 0
    for module in SUBCOMMANDS:
        assert module.__name__.rsplit(".", 1)[1].replace("_", "-") in out.stdout  # fleet_report: fleet-report


@pytest.mark.parametrize("command", [m.__name__.rsplit(".", 1)[1].replace("_", "-") for m in SUBCOMMANDS])
def test_every_subcommand_has_help(command: str) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as info:
        parser.parse_args([command, "--help"])
    assert info.value.code == 0


def test_unknown_command_is_usage_error() -> None:
    out = harness("frobnicate")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr and "Traceback" not in out.stderr


def _one_line_error(out: subprocess.CompletedProcess[str], code: int, needle: str) -> None:
    assert out.returncode == code, out.stderr
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    assert needle in lines[0]


@pytest.mark.parametrize("args", [
    ("static", "missing.apk"),
    ("traffic", "missing.har"),
    ("policy", "check", "missing.yaml"),
    ("analyze", "missing-run"),
])
def test_missing_files_are_one_line_exit_2(args: tuple[str, ...], tmp_path: Path) -> None:
    _one_line_error(harness(*args, cwd=tmp_path), 2, args[-1])


def test_unreadable_apk_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.apk"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    _one_line_error(harness("static", str(bad)), 2, "bad.apk")


def test_malformed_policy_is_reported_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("app:\n  package: com.x\n  category: not_a_category\n")
    out = harness("policy", "check", str(bad))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{bad}:3:" in out.stderr + out.stdout
