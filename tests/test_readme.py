"""The README stays true: every rule and every subcommand it should document is in it."""

from __future__ import annotations

from pathlib import Path

from harness.analysis import ALL_RULES, DIFF_RULES
from harness.cli.main import SUBCOMMANDS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_rule_is_in_the_readme_table() -> None:
    for module in (*ALL_RULES, *DIFF_RULES):
        rule = getattr(module, "RULE", module)
        assert f"| `{rule.id}` | {rule.severity.value} |" in README, rule.id


def test_every_subcommand_is_in_the_cli_reference() -> None:
    for module in SUBCOMMANDS:
        assert f"`harness {module.__name__.rsplit('.', 1)[1].replace('_', '-')}" in README  # fleet_report


def test_the_two_commands_are_there() -> None:
    assert "make demo" in README and "make test" in README
