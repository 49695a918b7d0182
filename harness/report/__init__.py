"""Reports from one analysis `Report`: JSON (versioned), self-contained HTML, SARIF 2.1.0 and JUnit XML.

`write_reports(report, out_dir, formats)` writes report.json / report.html / report.sarif /
report.junit.xml and returns their paths; `render(report, fmt)` gives one as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from harness.analysis.result import Report
from harness.errors import InputError
from harness.textsafe import escape_document

FORMATS = ("json", "html", "sarif", "junit")
FILENAMES = {"json": "report.json", "html": "report.html", "sarif": "report.sarif", "junit": "report.junit.xml"}


def render(report: Report, fmt: str) -> str:
    """One report format as text, control and bidi characters escaped (harness.textsafe)."""
    return escape_document(_render(report, fmt))


def _render(report: Report, fmt: str) -> str:
    if fmt == "json":
        from harness.report.json_report import render_json

        return render_json(report)
    if fmt == "html":
        from harness.report.html import render_html

        return render_html(report)
    if fmt == "sarif":
        from harness.report.sarif import render_sarif

        return render_sarif(report)
    if fmt == "junit":
        from harness.report.junit import render_junit

        return render_junit(report)
    raise InputError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")


def write_reports(report: Report, out_dir: Path | str, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write each format into out_dir (created if needed); returns {format: path}."""
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


__all__ = ["FILENAMES", "FORMATS", "render", "write_reports"]
