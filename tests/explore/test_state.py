"""State abstraction and action discovery on uiautomator dumps recorded from real apps.

The dumps are the real `uiautomator dump` files of tests/device/data/real (sources in
tests/device/data/README.md, "Real recordings"): a reading app's bookshelf and a quiz app's
import screen. Variations (scrolled text, a flipped switch, a clock) are made by editing one
attribute of the real XML, so everything else stays as the device printed it.
"""

from __future__ import annotations

from pathlib import Path

from harness.device.uiautomator import parse_dump
from harness.explore.explorer import discover
from harness.explore.state import abstract_state, in_scrollable
from harness.explore.targets import is_destructive, privacy_score

REAL = Path(__file__).parents[1] / "device" / "data" / "real"
BOOKSHELF = (REAL / "uiautomator_reading_app_bookshelf.xml").read_text(encoding="utf-8")
OILQUIZ = (REAL / "uiautomator_oilquiz_import.xml").read_text(encoding="utf-8")


def state(xml: str, activity: str = "a/.Main", package: str = "com.example.myapplication"):
    return abstract_state(parse_dump(xml), activity, package)


def test_same_dump_same_key_and_activity_separates() -> None:
    assert state(BOOKSHELF).key == state(BOOKSHELF).key
    assert state(BOOKSHELF).key != state(BOOKSHELF, "a/.Other").key


def test_counter_text_is_folded_but_a_new_control_is_a_new_state() -> None:
    s = state(BOOKSHELF)
    assert s.title == "阅读时长 0 分钟" and s.in_app
    # Labels of non-actionable text (a reading-time counter) never count; digits are folded anyway.
    assert state(BOOKSHELF.replace("阅读时长 0 分钟", "阅读时长 37 分钟")).key == s.key
    # Renaming the clickable "更多" control makes a different screen.
    assert state(BOOKSHELF.replace('content-desc="更多"', 'content-desc="设置"')).key != s.key


def test_checked_state_does_not_count() -> None:
    flipped = OILQUIZ.replace('checked="false"', 'checked="true"', 3)
    a, b = state(OILQUIZ, package="com.oilquiz.app"), state(flipped, package="com.oilquiz.app")
    assert flipped != OILQUIZ and a.key == b.key


def test_text_inside_a_scrollable_container_is_ignored() -> None:
    dump = parse_dump(OILQUIZ)
    scrolls = [n for n in dump.nodes if n.scrollable]
    assert scrolls, "the recorded import screen has a ScrollView"
    inside = in_scrollable(dump.nodes)
    moved = next(n for n, flag in zip(dump.nodes, inside, strict=True) if flag and n.label and n.clickable)
    edited = OILQUIZ.replace(f'text="{moved.text}"', 'text="另一页的内容"', 1)
    assert state(edited, package="com.oilquiz.app").key == state(OILQUIZ, package="com.oilquiz.app").key


def test_other_package_is_not_the_app() -> None:
    s = state(OILQUIZ, package="com.example.probe")
    assert not s.in_app and s.package == "com.oilquiz.app"


def test_discover_actions_on_a_real_screen() -> None:
    actions, destructive, switches = discover(state(OILQUIZ, package="com.oilquiz.app"))
    labels = [a.label for a in actions if a.kind == "tap"]
    assert {"开始 AI 导入", "开始批量导入", "开始导入", "选择模板"} <= set(labels)
    assert any(a.kind == "scroll" for a in actions) and actions[-1].kind == "back"
    assert destructive == [] and switches == []
    bookshelf = discover(state(BOOKSHELF))[0]
    assert "更多" in [a.label for a in bookshelf]


def test_privacy_ranking_and_destructive_words() -> None:
    assert privacy_score("隐私政策") > privacy_score("设置") > privacy_score("开始导入") == 0
    assert privacy_score("Privacy Policy") == 5 and privacy_score("个性化推荐") == 4
    assert is_destructive("确认注销") and is_destructive("退出登录") and is_destructive("Log out")
    assert not is_destructive("注销账号") and not is_destructive("撤回隐私政策同意")
