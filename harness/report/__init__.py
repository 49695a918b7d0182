"""Reports from one analysis `Report`: JSON (versioned), self-contained HTML, SARIF 2.1.0 and JUnit XML.

`write_reports(report, out_dir, formats)` writes report.json / report.html / report.sarif /
report.junit.xml and returns their paths; `render(report, fmt)` gives one as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from harness.analysis.result import Report
from harness.errors import InputError

FORMATS = ("json", "html", "sarif", "junit", "xlsx")
FILENAMES = {"json": "report.json", "html": "report.html", "sarif": "report.sarif", "junit": "report.junit.xml",
             "xlsx": "report.xlsx"}
BINARY = frozenset({"xlsx"})


def render(report: Report, fmt: str) -> str:
    """One report format as text."""
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
    if fmt in BINARY:
        raise InputError(f"--format {fmt!r} is binary: write it with --out (or write_reports)")
    raise InputError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")


def write_reports(report: Report, out_dir: Path | str, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write each format into out_dir (created if needed); returns {format: path}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    formats = list(formats)
    for fmt in formats:
        if fmt in BINARY:
            from harness.report.xlsx import render_xlsx

            data = render_xlsx(report)
        elif fmt == "html":
            from harness.report.html import render_html

            # the page links the files written beside it (the xlsx workbook and the machine formats)
            data = render_html(report, files={f: FILENAMES[f] for f in formats if f != "html"}).encode("utf-8")
        else:
            data = render(report, fmt).encode("utf-8")
        path = out / FILENAMES[fmt]
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        paths[fmt] = path
    return paths


__all__ = ["FILENAMES", "FORMATS", "render", "write_reports"]
