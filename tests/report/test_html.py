"""The HTML report opens in headless Chromium without console errors, and hostile strings stay text."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tracekit import Trace, make_policy

from harness.analysis import analyze_run
from harness.policy.model import DataItem
from harness.report import write_reports

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
EVIL_NAME = '<script>alert("name")</script>"\'><img src=x onerror=alert(1)>'
EVIL_HEADER = '"><script>alert(2)</script><b onmouseover=\'alert(3)\'>'
EVIL_URL = "https://evil.example.net/p?x=<script>alert(4)</script>&q=%22%3E&imei=867530901234565"


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in ("br", "meta", "line", "rect", "img", "input", "link"):
            self._stack.append(a.get("id"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("br", "meta", "line", "rect", "img", "input", "link") and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        for ident in self._stack:
            if ident:
                self.text.setdefault(ident, []).append(data)


def _chromium(html: Path, tmp: Path) -> tuple[str, str]:
    profile = tmp / "chrome-profile"
    profile.mkdir(parents=True)
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--dump-dom", html.as_uri()],
        capture_output=True, text=True, timeout=90, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (make system-deps)")
    tmp = tmp_path_factory.mktemp("html")
    tr = Trace(tmp / "run")
    tr.consent_run(accept_at=5.0, end=30.0)
    tr.marker(6.0, "feature_used", "accept", {"feature": EVIL_NAME})
    tr.hook(1.0, "imei", "umeng", value="867530901234565")
    tr.flow(1.5, EVIL_URL, headers=[["X-Evil", EVIL_HEADER], ["X-Device-Id", "867530901234565"]],
            body='{"imei":"867530901234565","n":"</pre><script>alert(5)</script>"}')
    tr.hook(7.0, "clipboard", "app", value=EVIL_HEADER)
    tr.marker(30.0, "scenario_start", "reject")
    tr.marker(31.0, "consent_declined", "reject", {"button": EVIL_NAME})
    tr.step(30.5, "tap_decline", "reject", step=1, screenshot=f"screens/{EVIL_NAME}.png", detail={"x": EVIL_HEADER})
    tr.marker(32.0, "app_exited", "reject")
    tr.marker(40.0, "scenario_end", "reject")
    run = tr.write(app={"package": "com.example.app", "name": EVIL_NAME})
    pol = make_policy(data=(DataItem("imei", purpose=EVIL_NAME),))
    pol = type(pol)(app=type(pol.app)(package=pol.app.package, category="news", name=EVIL_NAME,
                                      first_party_domains=("example.com",)), data=pol.data, source=EVIL_NAME)
    out = {}
    for lang in ("en", "zh"):
        rep = analyze_run(run, pol, lang=lang)
        path = write_reports(rep, tmp / f"out-{lang}", ["html"])["html"]
        dom, log = _chromium(path, tmp / lang)
        parser = _Dom()
        parser.feed(dom)
        out[lang] = {"report": rep, "path": path, "dom": dom, "log": log, "parsed": parser}
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_without_console_errors(rendered: dict, lang: str) -> None:
    r = rendered[lang]
    assert ":CONSOLE" not in r["log"], r["log"]
    assert 'id="findings"' in r["dom"] and 'id="timeline"' in r["dom"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_injected_elements(rendered: dict, lang: str) -> None:
    p: _Dom = rendered[lang]["parsed"]
    names = [t for t, _ in p.tags]
    assert "script" not in names and "img" not in names
    assert not [a for _, attrs in p.tags for a in attrs if a.startswith("on")]
    assert "".join(p.text["app-name"]) == EVIL_NAME
    text = "".join("".join(v) for v in p.text.values())
    assert "alert(4)" in text and EVIL_HEADER in text and "alert(5)" in text
    assert f"screens/{EVIL_NAME}.png" in text  # a UI step's screenshot path from the forced-consent evidence
    assert [a.get("data-rule") for t, a in p.tags if a.get("data-rule") == "forced_consent"] == ["forced_consent"]


def test_self_contained_and_verdict_on_top(rendered: dict) -> None:
    p: _Dom = rendered["en"]["parsed"]
    assert not [t for t, _ in p.tags if t in ("link", "script", "iframe", "object", "embed", "img", "base")]
    assert not [(t, a) for t, attrs in p.tags for a in attrs if a in ("src", "href", "srcset", "action")]
    assert [a.get("data-verdict") for t, a in p.tags if a.get("data-verdict")] == ["fail"]
    sev = rendered["en"]["report"].summary["by_severity"]
    assert sev["high"] >= 2
    assert "".join(p.text["counts"]).split() == [x for k, v in sev.items() for x in (k, str(v))]
    dom = rendered["en"]["dom"]
    assert dom.index('id="verdict"') < dom.index('id="timeline"') < dom.index('id="findings"') < dom.index('id="hosts"')


def test_matched_value_highlighted_and_stacks_collapsible(rendered: dict) -> None:
    dom = rendered["en"]["dom"]
    assert "<mark>867530901234565</mark>" in dom
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in dom
    assert "<summary>Call stack (3)</summary>" in dom


def test_chinese_labels(rendered: dict) -> None:
    dom = rendered["zh"]["dom"]
    assert "App 个人信息保护检测报告" in dom and "征得同意前收集个人信息" in dom and "结论" in dom
