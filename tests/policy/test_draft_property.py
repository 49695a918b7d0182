"""Whatever the text, the draft is valid YAML that passes `harness policy check`, and every item cites a
sentence naming its type: generated policies (hypothesis) and every real input of the test corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.policy.draft import draft_policy, draft_policy_file
from harness.policy.evaluate import read_annotated
from harness.policy.loader import parse_policy
from harness.policy.text import Document, parse_html, parse_plain
from harness.taxonomy.synonyms import synonym_matcher

DATA = Path(__file__).parent / "data"

FRAGMENTS = [
    "二、我们如何收集和使用您的个人信息", "（一）注册登录", "附录：相关定义", "七、未成年人保护", "六、您的权利",
    "三、我们如何共享您的个人信息", "1. How we collect information", "Appendix: Definitions",
    "我们会收集您的手机号码", "我们不会收集您的通讯录", "当您使用附近功能时，我们会在后台获取您的位置信息",
    "个人信息是指以电子方式记录的各种信息，如姓名、身份证件号码", "您可以在设置中查阅、更正您的手机号码",
    "您公开发布的信息中可能包含他人的照片", "我们会申请相机、麦克风权限，用于拍摄", "我们接入了友盟+SDK，收集设备信息",
    "未经您的同意，我们不会将IMEI传输至境外", "We collect your email address and IP address",
    "We do not sell your location data", "AdMob receives your advertising ID", "若您不满14周岁，请监护人阅读",
    "SDK名称：极光推送", "收集的信息：设备标识符、IP地址", "| 权限 | 目的 |", "|---|---|", "| 相机 | 扫码 |",
    "<table><tr><td>", "</td></tr>", "<tr></tr>", "</table>", "<p>", "<br>", "&amp;", "<script>位置信息</script>",
    "，", "。", "；", ",", ".", ":", "：", "\t", "\n", " ", "#", "- ", "\"", "'", "\\", "{", "}", "[", "]", "&", "*",
    "!!", "---", "\u2028", "\u2029", "\x85", "\x9f", "\x00", "\x1b[2J", "\ufeff", "\ufffe", "\u202e", "\ud800",
]

text_strategy = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)


def _check(draft: str) -> dict:
    policy, errors = parse_policy(draft, "draft.yaml")
    assert errors == [] and policy is not None, errors
    data = yaml.safe_load(draft)
    matcher = synonym_matcher()
    for item in data["data"]:
        assert item["source"], item
        for sentence in item["source"]:
            assert item["type"] in matcher.types(sentence), (item["type"], sentence)
    return data


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_strategy, kind=st.sampled_from(["text", "markdown", "html"]))
def test_generated_policies_draft_to_valid_yaml(text: str, kind: str) -> None:
    doc = parse_html(text) if kind == "html" else parse_plain(text, markdown=kind == "markdown")
    _check(draft_policy(doc, package=None, category=None))


@settings(max_examples=80, deadline=None, derandomize=True)
@given(lines=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=30),
       title=st.text(max_size=20))
def test_generated_documents_with_any_characters(lines: list[str], title: str) -> None:
    """Lines straight into the drafter: characters a reader would have split or dropped reach the output."""
    _check(draft_policy(Document(title=title, lines=tuple(lines), tables=((tuple(lines[:2]), tuple(lines[2:4])),))))


REAL = sorted(p for p in DATA.rglob("*") if p.suffix in {".html", ".md", ".txt", ".jsonl"})


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(DATA)))
def test_every_real_input_drafts_to_valid_yaml(path: Path) -> None:
    if path.suffix == ".jsonl":
        policy = read_annotated(path)
        _check(draft_policy(Document(title=policy.lines[0], lines=policy.lines, tables=())))
    else:
        _check(draft_policy_file(path, package="com.example.app", category="news"))
