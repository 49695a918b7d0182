"""The xlsx report: one sheet per section, opens with openpyxl, renders with LibreOffice, linked from the HTML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from tracekit import VALUES, Trace

from harness.analysis import analyze_run
from harness.report import write_reports


def _run(trace: Trace) -> Path:
    trace.consent_run(accept_at=5.0)
    trace.hook(2.0, "imei", "umeng")
    trace.flow(2.5, "http://alog.umeng.com/app_logs", body=f"imei={VALUES['imei']}&note==HYPERLINK(\"x\")",
               scenario="accept")
    trace.hook(6.0, "location", "app")
    return trace.write()


@pytest.fixture
def written(trace: Trace, tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    run = _run(trace)
    report = analyze_run(run, None, lang="zh")
    return run, write_reports(report, tmp_path / "out")


def test_xlsx_sheets_and_rows(written) -> None:
    _, paths = written
    wb = openpyxl.load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["发现", "证据", "主机", "SDK", "收集清单"]
    findings = list(wb["发现"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in findings} >= {"pre_consent_collection", "cleartext_personal_information"}
    evidence = list(wb["证据"].iter_rows(min_row=2, values_only=True))
    assert any(r[2] == "flow" and "alog.umeng.com" in r[7] for r in evidence)
    hosts = list(wb["主机"].iter_rows(min_row=2, values_only=True))
    assert hosts[0][0] == "alog.umeng.com" and hosts[0][6] == "是"
    collection = {r[1]: r for r in wb["收集清单"].iter_rows(min_row=2, values_only=True)}
    assert set(collection) == {"imei", "location"}
    assert collection["imei"][4] == "alog.umeng.com" and collection["imei"][5] == "是"
    sdks = list(wb["SDK"].iter_rows(min_row=2, values_only=True))
    assert sdks[0][0] == "umeng" and "IMEI" in sdks[0][2]
    for ws in wb.worksheets:  # captured text never turns into a formula
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_html_links_the_workbook(written) -> None:
    _, paths = written
    html = paths["html"].read_text(encoding="utf-8")
    assert '<a href="report.xlsx" data-format="xlsx">report.xlsx</a>' in html
    assert paths["xlsx"].name == "report.xlsx" and paths["xlsx"].parent == paths["html"].parent


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice, apt package libreoffice-calc-nogui) is not installed")
def test_libreoffice_renders_the_workbook(written, tmp_path: Path) -> None:
    _, paths = written
    profile = tmp_path / "lo-profile"  # own profile: no lock shared with another soffice on the machine
    proc = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path / "pdf"), str(paths["xlsx"])],
                          capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "pdf" / "report.pdf"
    assert proc.returncode == 0 and pdf.is_file(), proc.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000


def test_html_names_the_labels(trace: Trace, tmp_path: Path) -> None:
    from harness.labels.loader import load_label

    label = load_label(Path(__file__).parents[1] / "labels" / "data" / "play_no_data.csv")
    report = analyze_run(_run(trace), None, labels=(label,))
    html = write_reports(report, tmp_path / "o", ["html"])["html"].read_text(encoding="utf-8")
    assert f"{label.source} (play-csv)" in html
    assert 'href="report.xlsx"' not in html  # only files written beside it are linked
