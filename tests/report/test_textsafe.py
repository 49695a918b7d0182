"""App-controlled text never reaches a terminal, HTML, JUnit XML or SARIF with raw control or bidi characters."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from harness.textsafe import escape_document, escape_text

HOSTILE = "evil\x1bc.example\u202etxt.exe\x00\x07\u2066"


def test_escape_text_makes_every_unsafe_character_visible() -> None:
    out = escape_text(HOSTILE)
    assert out == "evil\\u001bc.example\\u202etxt.exe\\u0000\\u0007\\u2066"
    assert escape_text("line\nnext\t", keep="\n") == "line\nnext\\u0009"
    assert escape_text("plain 中文 text") == "plain 中文 text"


def test_escaped_json_stays_json_and_escaped_xml_parses() -> None:
    doc = json.dumps({"host": HOSTILE}, ensure_ascii=False)
    assert json.loads(escape_document(doc))["host"] == HOSTILE  # the same value, in safe characters
    root = ET.Element("testcase", name=HOSTILE)
    ET.fromstring(escape_document(ET.tostring(root, encoding="unicode")))  # raw, this is not XML 1.0


@pytest.mark.parametrize("fmt", ["json", "html", "sarif", "junit"])
def test_every_report_format_is_escaped(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.report as report_mod
    import harness.report.html as html_mod

    hostile = f"<x a='{HOSTILE}'>{HOSTILE}</x>\n"
    monkeypatch.setattr(report_mod.ReportFormat, "renderer", lambda self: lambda report: hostile)
    monkeypatch.setattr(html_mod, "render_html", lambda report, files=None: hostile)
    for text in (report_mod.render(None, fmt), report_mod.render_bytes(None, fmt).decode()):  # type: ignore[arg-type]
        assert not any(c in text for c in "\x1b\x00\x07\u202e\u2066")
        assert "\\u202etxt.exe" in text
