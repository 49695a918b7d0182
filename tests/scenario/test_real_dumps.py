"""uiautomator parsing and consent detection on window dumps taken on real devices.

Both dumps are real `uiautomator dump` files published in public repositories (sources in
tests/device/data/README.md, "Real recordings"). Neither shows a privacy dialog: no real dump
of a consent dialog was found in public material, so these prove the parser on real output and
that ordinary app screens are correctly NOT taken for consent dialogs.
"""

from __future__ import annotations

from pathlib import Path

from harness.device.uiautomator import parse_dump
from harness.scenario.consent import classify_label, find_consent, find_permission_prompt

REAL = Path(__file__).parents[1] / "device" / "data" / "real"


def dump(name: str):
    return parse_dump((REAL / name).read_text(encoding="utf-8"))


def test_reading_app_bookshelf_parses() -> None:
    d = dump("uiautomator_reading_app_bookshelf.xml")
    assert len(d.nodes) == 13 and d.packages == {"com.example.myapplication"}
    by_id = {n.resource_id: n for n in d.nodes if n.resource_id}
    more = by_id["com.example.myapplication:id/iv_more"]
    assert (more.text, more.content_desc, more.label, more.clickable) == ("", "更多", "更多", True)
    assert more.bounds == (959, 89, 1054, 184) and more.center == (1006, 136)
    shelf = by_id["com.example.myapplication:id/nav_bookshelf"]
    assert shelf.label == "书架" and not shelf.clickable
    assert [n.depth for n in d.nodes[:3]] == [0, 1, 1]
    assert d.text.splitlines()[:2] == ["阅读时长 0 分钟", "更多"]


def test_reading_app_bookshelf_is_not_a_consent_dialog() -> None:
    d = dump("uiautomator_reading_app_bookshelf.xml")
    c = find_consent(d)
    assert not c.found and c.agree is None and c.decline is None and c.policy_words == ()
    assert not find_permission_prompt(d).found


def test_import_screen_parses_entities_and_fullwidth_text() -> None:
    d = dump("uiautomator_oilquiz_import.xml")
    assert len(d.nodes) == 35 and d.packages == {"com.oilquiz.app"}
    labels = [n.label for n in d.nodes if n.label]
    assert "\U0001f916 AI 导入" in labels  # written as &#129302; in the file
    assert "批量导入 OilQuiz/source 目录下全部题库文件（自动断点续导，支持 csv/xlsx/json/sql/db）" in labels
    buttons = [n for n in d.nodes if n.cls == "android.widget.Button"]
    assert [b.text for b in buttons] == ["开始 AI 导入", "开始批量导入", "开始导入", "选择模板"]
    assert all(b.clickable and b.enabled for b in buttons)
    assert buttons[0].resource_id == "com.oilquiz.app:id/btnAIImport" and buttons[0].center == (610, 945)


def test_import_screen_is_not_a_consent_dialog() -> None:
    d = dump("uiautomator_oilquiz_import.xml")
    # Its buttons ("开始导入", "选择模板", ...) are neither agree nor decline, and no policy is named.
    assert [classify_label(n.label) for n in d.nodes if n.cls == "android.widget.Button"] == [None] * 4
    assert not find_consent(d).found
    assert not find_permission_prompt(d).found
