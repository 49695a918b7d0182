"""The report modules take their words from the catalogues, not from inline zh/en branches.

A scan of the converted modules and templates finds no comparison with "zh" and no Chinese
literal (outside a short allow-list, each with its reason); every label a module or template
names exists in both catalogues; the same report rendered in both languages differs in its
labels and leaves no placeholder unfilled; the xlsx sheets are titled and headed from the
catalogue.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
import sys
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import openpyxl
import pytest

from harness import i18n

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "analysis"))

MODULES = ("harness/report/__init__.py", "harness/report/html.py", "harness/report/xlsx.py",
           "harness/report/junit.py", "harness/report/sarif.py", "harness/diff/report.py",
           "harness/fleet/report/__init__.py", "harness/fleet/report/html.py", "harness/fleet/report/xlsx.py")
TEMPLATES = {"harness/report/report.html.j2": "report.html", "harness/fleet/report/fleet.html.j2": "report.fleet.html"}
ALLOWED: dict[tuple[str, str], str] = {}
"""(file, offending text) -> why it stays. An entry that no longer matches fails the scan: keep this list true."""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _py_offences(rel: str) -> list[str]:
    source = (ROOT / rel).read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value == "zh" for s in sides):
                found.append(ast.get_source_segment(source, node) or "?")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if CJK.search(node.value):
                found.append(node.value)
    return found


def _template_offences(rel: str) -> list[str]:
    text = (ROOT / rel).read_text(encoding="utf-8")
    found = re.findall(r"""[=!]=\s*['"]zh['"]|['"]zh['"]\s*[=!]=""", text)
    found += [m.group(0) for m in re.finditer(r"[^\x00-\x7f\u00b7\u2014\u2013\u2192\u2506\u25a0]+", text)
              if CJK.search(m.group(0))]
    return found


def test_no_zh_branch_or_chinese_literal_in_the_report_modules() -> None:
    found = {(rel, x) for rel in MODULES for x in _py_offences(rel)}
    found |= {(rel, x) for rel in TEMPLATES for x in _template_offences(rel)}
    assert found - set(ALLOWED) == set(), "wording belongs in harness/i18n/<lang>.yaml under report:"
    assert set(ALLOWED) - found == set(), "allow-listed text is gone: remove its ALLOWED entry"


def test_the_scan_sees_what_it_forbids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""文档可以用中文。"""\nx = "标题" if lang == "zh" else "title"\n', encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert sorted(_py_offences("bad.py")) == ['lang == "zh"', "标题"]
    tpl = tmp_path / "bad.j2"
    tpl.write_text("<p>{{ '下载' if lang == 'zh' else 'Also as' }}</p>", encoding="utf-8")
    assert _template_offences("bad.j2") == ["== 'zh'", "下载"]


@pytest.mark.parametrize("rel,section", TEMPLATES.items())
def test_every_label_a_template_names_is_in_both_catalogues(rel: str, section: str) -> None:
    names = set(re.findall(r"\bL\.([a-z_]+)", (ROOT / rel).read_text(encoding="utf-8"))) - {"get"}
    assert names, rel
    for lang in i18n.LANGS:
        assert names - set(i18n.section(lang, section)) == set(), (lang, rel)


def test_every_status_and_verdict_the_html_looks_up_has_words() -> None:
    """The template reads these by value (L[r.verdict], L.get('statuses.' ~ s.status)): hold every value to a word."""
    from harness.analysis.result import RuleState

    for lang in i18n.LANGS:
        words = i18n.section(lang, "report.html")
        assert {f"statuses.{s.value}" for s in RuleState} <= set(words), lang
        assert {"fail", "warn", "pass", "first", "third", "unknown"} <= set(words), lang


def test_every_catalogue_key_a_module_names_exists() -> None:
    """Keys in i18n.text/section calls and in w['…'] look-ups, checked even on paths no test renders."""
    for rel in MODULES:
        text = (ROOT / rel).read_text(encoding="utf-8")
        for key in re.findall(r"""i18n\.text\([^,]+,\s*["']([\w.]+)["']""", text):
            assert all(i18n.has(lang, key) for lang in i18n.LANGS), (rel, key)
        if rel == "harness/diff/report.py":
            for key in set(re.findall(r"""\bw\[['"](\w+)['"]\]""", text)):
                assert all(i18n.has(lang, f"report.diff.{key}") for lang in i18n.LANGS), key


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tracekit import Trace

    from harness.analysis import analyze_run

    tr = Trace(tmp_path_factory.mktemp("wording") / "run")
    tr.consent_run(accept_at=5.0)
    tr.hook(2.0, "imei", "umeng")
    tr.flow(2.5, "http://alog.umeng.com/app_logs", body="imei=867530901234565")
    tr.hook(6.0, "clipboard", "app")
    return analyze_run(tr.write(), None, lang="en")


def _unfilled(page: str) -> list[str]:
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.findall(r"\{\{|\{%|\{[A-Za-z_]\w*\}", body)


def test_html_in_both_languages_differs_in_labels_and_fills_every_placeholder(report: Any) -> None:
    from harness.report.html import render_html

    pages = {lang: render_html(dataclasses.replace(report, lang=lang), files={"xlsx": "report.xlsx"})
             for lang in i18n.LANGS}
    for lang, page in pages.items():
        words = i18n.section(lang, "report.html")
        assert f'<html lang="{words["html_lang"]}">' in page
        for key in ("hosts", "rules", "static", "timeline"):
            assert f"<h2>{words[key]}</h2>" in page, (lang, key)
        assert f"<h2>{words['findings']} ({len(report.findings)})</h2>" in page
        assert f"{words['also_as']}: " in page and f"({words['xlsx_contents']})" in page
        assert f"<td>{words['statuses.failed']}</td>" in page
        assert _unfilled(page) == [], lang
    en, zh = (i18n.section(lang, "report.html") for lang in ("en", "zh"))
    assert f"<h2>{en['hosts']}</h2>" not in pages["zh"] and f"<h2>{zh['hosts']}</h2>" not in pages["en"]


def test_report_xlsx_sheets_and_headers_come_from_the_catalogue(report: Any) -> None:
    from harness.report.xlsx import COLUMNS, headers, render_xlsx

    titles = {}
    for lang in i18n.LANGS:
        wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(dataclasses.replace(report, lang=lang))))
        want = [headers(lang, key) for key in COLUMNS]
        assert [ws.title for ws in wb] == [t for t, _ in want]
        assert [[c.value for c in ws[1]] for ws in wb] == [h for _, h in want]
        titles[lang] = [ws.title for ws in wb]
    assert titles["en"] != titles["zh"]
    assert titles["en"][0] == i18n.text("en", "report.xlsx.findings.title") == "Findings"


def test_fleet_report_in_both_languages(tmp_path: Path) -> None:
    from harness.fleet.report.html import render_html
    from harness.fleet.report.xlsx import COLUMNS, headers, write_xlsx

    data = {"generated": "2026-01-01T00:00:00Z", "apps": [], "rules": [], "sdks": [], "data_types": [],
            "versions": [], "batch": {"path": "b", "engine": "embedded", "apps": 0, "statuses": {}, "verdicts": {}}}
    pages = {}
    for lang in i18n.LANGS:
        words = i18n.section(lang, "report.fleet.html")
        pages[lang] = render_html(data, lang)
        assert f"<h1>{words['heading']}</h1>" in pages[lang] and words["no_versions"] in pages[lang]
        assert _unfilled(pages[lang]) == []
        write_xlsx(data, tmp_path / f"{lang}.xlsx", lang)
        wb = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx")
        assert [(ws.title, [c.value for c in ws[1]]) for ws in wb] == [headers(lang, k) for k in COLUMNS]
    assert pages["en"] != pages["zh"]


def test_diff_report_in_both_languages() -> None:
    from harness.diff.report import render_html

    facts = NS(reads={"imei|app": 1}, sent={}, markers={}, ui={}, requests=[])
    res = NS(personas=[NS(persona=NS(name="base", attributes={}), runs=[1])], pairs=[], facts={"base": facts})
    outcome = NS(result=res, partial_runs=["r1"], findings=[], run_findings={})
    for lang in i18n.LANGS:
        words = i18n.section(lang, "report.diff")
        page = render_html(outcome, lang)  # type: ignore[arg-type]
        assert f"<html lang='{words['html_lang']}'>" in page
        assert f"<h1>{words['heading'].format(names='base')}</h1>" in page
        assert words["partial_runs"].format(runs="r1") in page and words["no_prices"] in page
        assert _unfilled(page) == []


def test_every_report_lang_option_offers_the_catalogue_languages() -> None:
    import argparse

    from harness.cli.main import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    offered = {}
    for name, parser in sub.choices.items():
        for action in parser._actions:
            if "--lang" in action.option_strings:
                offered[name] = (tuple(action.choices or ()), action.default)
    assert {"analyze", "audit", "diff", "fleet-report"} <= set(offered)
    assert set(offered.values()) == {(i18n.LANGS, i18n.DEFAULT_LANG)}, offered
