"""Progress observers: the conductor reports stages and steps, and never prints itself.

`RichProgress` shows one bar per scenario (the step running, its result) on a TTY;
`NullProgress` is for libraries, tests, --quiet and non-TTY output.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from harness.scenario.model import Step


class Progress(Protocol):
    def stage(self, name: str, status: str, detail: str = "") -> None: ...

    def step(self, scenario: str, index: int, total: int, step: Step, result: str) -> None: ...

    def close(self) -> None: ...


class NullProgress:
    def stage(self, name: str, status: str, detail: str = "") -> None:
        pass

    def step(self, scenario: str, index: int, total: int, step: Step, result: str) -> None:
        pass

    def close(self) -> None:
        pass


class RichProgress:
    """Rich bars on stderr: stages as log lines, a bar per scenario advancing per step."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("[bold]{task.fields[scenario]:<16}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.description}"), TimeElapsedColumn(), console=self.console,
                            transient=False)
        self.tasks: dict[str, Any] = {}
        self.bar.start()

    def stage(self, name: str, status: str, detail: str = "") -> None:
        style = {"ok": "green", "failed": "red", "skipped": "yellow"}.get(status, "cyan")
        self.bar.console.print(f"[{style}]{status:>8}[/] {name}" + (f"  [dim]{detail}[/]" if detail else ""))

    def step(self, scenario: str, index: int, total: int, step: Step, result: str) -> None:
        task = self.tasks.get(scenario)
        if task is None:
            task = self.tasks[scenario] = self.bar.add_task("", total=total, scenario=scenario)
        label = step.action + (f" {next(iter(step.args.values()))}" if step.args and step.action in
                               ("wait", "monkey", "user") else "")
        if result == "running":
            self.bar.update(task, description=f"{label} ...")
        else:
            self.bar.update(task, completed=index + 1, description=f"{label}: {result}")

    def close(self) -> None:
        self.bar.stop()


def make_progress(quiet: bool) -> Progress:
    """Rich bars when stderr is a terminal and not --quiet, else silence."""
    if quiet or not sys.stderr.isatty():
        return NullProgress()
    return RichProgress()
