"""Reports from one analysis `Report`: JSON (versioned), self-contained HTML, SARIF 2.1.0 and JUnit XML.

`REGISTRY` is the one list of output formats: the CLI's `--format` choices, the files an audit
writes and `render` all read it, so a new format is one entry here and one module beside this file.
`write_reports(report, out_dir, formats)` writes them and returns their paths; `render(report, fmt)`
gives one as text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from harness.errors import InputError

if TYPE_CHECKING:  # the CLI reads FORMATS at start-up: importing analysis here would slow every command
    from harness.analysis.result import Report


@dataclass(frozen=True, slots=True)
class ReportFormat:
    name: str
    filename: str
    module: str
    """Module beside this file holding the renderer (imported on first use: HTML pulls in jinja2)."""
    function: str

    def renderer(self) -> Callable[[Report], str]:
        return getattr(importlib.import_module(f"harness.report.{self.module}"), self.function)


REGISTRY: dict[str, ReportFormat] = {f.name: f for f in (
    ReportFormat("json", "report.json", "json_report", "render_json"),
    ReportFormat("html", "report.html", "html", "render_html"),
    ReportFormat("sarif", "report.sarif", "sarif", "render_sarif"),
    ReportFormat("junit", "report.junit.xml", "junit", "render_junit"),
)}
FORMATS = tuple(REGISTRY)
FILENAMES = {name: f.filename for name, f in REGISTRY.items()}


def render(report: Report, fmt: str) -> str:
    """One report format as text."""
    spec = REGISTRY.get(fmt)
    if spec is None:
        raise InputError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return spec.renderer()(report)


def write_reports(report: Report, out_dir: Path | str, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write each format into out_dir (created if needed), each file replaced whole; returns {format: path}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for fmt in formats:
        text = render(report, fmt)
        path = out / FILENAMES[fmt]
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        paths[fmt] = path
    return paths


__all__ = ["FILENAMES", "FORMATS", "REGISTRY", "ReportFormat", "render", "write_reports"]
