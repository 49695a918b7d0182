"""Consent-dialog and permission-prompt detection on recorded uiautomator dumps."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.uiautomator import parse_dump
from harness.scenario.consent import classify_label, find_blocking, find_consent, find_permission_prompt

DATA = Path(__file__).parents[1] / "device" / "data"


def dump(name: str):
    return parse_dump((DATA / name).read_text(encoding="utf-8"))


def test_chinese_dialog() -> None:
    d = find_consent(dump("uiautomator_consent_zh.xml"))
    assert d.found
    assert (d.agree.text, d.agree.resource_id) == ("同意", "com.example.news:id/btn_agree")
    assert (d.decline.text, d.decline.resource_id) == ("不同意", "com.example.news:id/btn_disagree")
    assert d.agree.center == (740, 1650) and d.decline.center == (340, 1650)
    assert d.checkbox is None and d.pre_ticked is None
    assert {"隐私政策", "用户协议"} <= set(d.policy_words)
    assert d.detail()["excerpt"].startswith("欢迎使用新闻快报")


def test_english_dialog() -> None:
    d = find_consent(dump("uiautomator_consent_en.xml"))
    assert d.found and d.agree.text == "Agree and continue" and d.decline.text == "Disagree"
    assert "privacy policy" in d.policy_words


def test_pre_ticked_checkbox_is_reported() -> None:
    d = find_consent(dump("uiautomator_consent_checkbox.xml"))
    assert d.found and d.agree.text == "同意并继续" and d.decline.text == "暂不使用"
    assert d.checkbox is not None and d.checkbox.resource_id == "com.example.shop:id/cb_agree"
    assert d.pre_ticked is True and d.detail()["pre_ticked"] is True


def test_image_buttons_with_content_desc_only() -> None:
    d = find_consent(dump("uiautomator_consent_image_buttons.xml"))
    assert d.found
    assert (d.agree.text, d.agree.content_desc, d.agree.cls) == ("", "同意", "android.widget.ImageView")
    assert d.decline.content_desc == "拒绝" and d.decline.label == "拒绝"


@pytest.mark.parametrize("name", ["uiautomator_main_settings.xml", "uiautomator_launcher.xml",
                                  "uiautomator_permission_dialog.xml"])
def test_not_a_consent_dialog(name: str) -> None:
    # A settings row "隐私设置" next to an OK button is not a privacy dialog.
    assert not find_consent(dump(name)).found


def test_permission_prompt() -> None:
    p = find_permission_prompt(dump("uiautomator_permission_dialog.xml"))
    assert p.found and p.allow.text == "While using the app" and p.deny.text == "Don’t allow"
    assert "location" in p.message
    assert not find_permission_prompt(dump("uiautomator_consent_zh.xml")).found


@pytest.mark.parametrize(("label", "kind"), [
    ("同意", "agree"), ("同意并继续", "agree"), ("我已阅读并同意", "agree"), ("Accept all", "agree"),
    ("不同意", "decline"), ("拒绝", "decline"), ("暂不使用", "decline"), ("仅浏览", "decline"), ("退出", "decline"),
    ("Decline", "decline"), ("Reject", "decline"), ("Disagree", "decline"), ("不同意，退出应用", "decline"),
    ("  同 意  ", "agree"), ("新闻", None), ("我们非常重视您的个人信息和隐私保护，请您同意", None),
])
def test_classify_label(label: str, kind: str | None) -> None:
    assert classify_label(label) == kind


def test_blocked_basic_function_after_decline() -> None:
    screen = dump("uiautomator_blocked_after_decline.xml")
    assert not find_consent(screen).found  # no agree/decline control: not the dialog coming back
    assert find_blocking(screen) == "需要您同意"


@pytest.mark.parametrize("name", ["uiautomator_main_settings.xml", "uiautomator_consent_zh.xml",
                                  "uiautomator_launcher.xml"])
def test_not_blocking(name: str) -> None:
    # a normal screen, or the consent dialog itself (that is the "loop" case, not "blocked")
    assert find_blocking(dump(name)) is None
