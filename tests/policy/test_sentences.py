"""Sentence splitting and negation scope, one table of real-world phrasings."""

from __future__ import annotations

import pytest

from harness.policy.sentences import is_negated, mask, negation_cues, split_sentences
from harness.taxonomy.synonyms import synonym_matcher


def verdicts(sentence: str) -> dict[str, bool]:
    """type id -> negated, as the drafter decides it."""
    mentions = synonym_matcher().find(sentence)
    masked = mask(sentence, [(m.start, m.end) for m in mentions])
    cues = negation_cues(masked)
    return {m.type_id: is_negated(masked, m.start, m.end, cues) for m in mentions}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("我们不会收集您的通讯录、短信和通话记录。", {"contacts": True, "sms": True, "call_log": True}),
    ("我们会收集您的位置信息，但不会收集您的通讯录。", {"location": False, "contacts": True}),
    ("通讯录我们不会收集。", {"contacts": True}),
    ("未经您的同意，我们不会收集您的位置信息。", {"location": False}),
    ("如您不提供手机号码，您将无法完成注册。", {"phone_number": False}),
    ("我们不会读取或上传您的剪切板内容，也会收集IMEI。", {"clipboard": True, "imei": False}),
    ("我们不会向第三方共享您的手机号码。", {"phone_number": True}),
    ("我们不会在后台收集您的位置信息。", {"location": True}),
    ("我们不会将您的软件安装列表上传至服务器。", {"installed_apps": True}),
    ("We do not collect your contacts, call logs or SMS messages.", {"contacts": True, "call_log": True, "sms": True}),
    ("Your contacts are not collected.", {"contacts": True}),
    ("We will never sell or share your location data, but we use your email address to send receipts.",
     {"location": True, "email": False}),
    ("If you do not provide your phone number, you cannot register.", {"phone_number": False}),
    ("We don't access your precise location without your explicit consent.", {"location": False}),
    ("We collect your IMEI and do not share it.", {"imei": False}),
])
def test_negation(sentence: str, expected: dict[str, bool]) -> None:
    assert verdicts(sentence) == expected


def test_split_sentences() -> None:
    assert split_sentences("1. 我们收集IMEI。我们不收集MAC！好吗？") == ["我们收集IMEI。", "我们不收集MAC！", "好吗？"]
    assert split_sentences("We collect your IP address, e.g. for security. Then we store it at example.com.") == [
        "We collect your IP address, e.g. for security.", "Then we store it at example.com."]
    assert split_sentences("（2）位置信息；通讯录") == ["位置信息；", "通讯录"]
