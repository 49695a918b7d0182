"""Reports from one analysis `Report`: JSON (versioned), self-contained HTML, SARIF 2.1.0, JUnit XML and xlsx.

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

from harness import i18n
from harness.errors import InputError
from harness.textsafe import escape_document

if TYPE_CHECKING:  # the CLI reads FORMATS at start-up: importing analysis here would slow every command
    from harness.analysis.result import Report


@dataclass(frozen=True, slots=True)
class ReportFormat:
    name: str
    filename: str
    module: str
    """Module beside this file holding the renderer (imported on first use: HTML pulls in jinja2)."""
    function: str
    binary: bool = False
    """The renderer returns bytes (the xlsx workbook): written with --out only, never printed."""

    def renderer(self) -> Callable[[Report], str]:
        return getattr(importlib.import_module(f"harness.report.{self.module}"), self.function)


REGISTRY: dict[str, ReportFormat] = {f.name: f for f in (
    ReportFormat("json", "report.json", "json_report", "render_json"),
    ReportFormat("html", "report.html", "html", "render_html"),
    ReportFormat("sarif", "report.sarif", "sarif", "render_sarif"),
    ReportFormat("junit", "report.junit.xml", "junit", "render_junit"),
    ReportFormat("xlsx", "report.xlsx", "xlsx", "render_xlsx", binary=True),
)}
FORMATS = tuple(REGISTRY)
FILENAMES = {name: f.filename for name, f in REGISTRY.items()}


def language(report: Report) -> str:
    """The catalogue a report is worded from: its own language, the default for one the harness has no words in."""
    return report.lang if report.lang in i18n.LANGS else i18n.DEFAULT_LANG


def render(report: Report, fmt: str) -> str:
    """One report format as text, control and bidi characters escaped (harness.textsafe)."""
    spec = REGISTRY.get(fmt)
    if spec is None:
        raise InputError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if spec.binary:
        raise InputError(f"--format {fmt!r} is binary: write it to a file (--out)")
    return escape_document(spec.renderer()(report))


def render_bytes(report: Report, fmt: str, files: dict[str, str] | None = None) -> bytes:
    """One format as the bytes of its file; the HTML page links `files` ({format: name}) written beside it."""
    spec = REGISTRY.get(fmt)
    if spec is None:
        raise InputError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if spec.binary:
        return spec.renderer()(report)  # type: ignore[return-value]
    if fmt == "html":
        from harness.report.html import render_html

        return escape_document(render_html(report, files=files)).encode("utf-8")
    return escape_document(spec.renderer()(report)).encode("utf-8")


def write_reports(report: Report, out_dir: Path | str, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write each format into out_dir (created if needed), each file replaced whole; returns {format: path}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    formats = list(formats)
    siblings = {f: FILENAMES[f] for f in formats if f != "html"}  # the HTML page links the files beside it
    for fmt in formats:
        data = render_bytes(report, fmt, files=siblings)
        path = out / FILENAMES[fmt]
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        paths[fmt] = path
    return paths


__all__ = ["FILENAMES", "FORMATS", "REGISTRY", "ReportFormat", "language", "render", "render_bytes", "write_reports"]
