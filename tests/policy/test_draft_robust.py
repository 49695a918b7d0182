"""The drafter on hostile text: linear work on long lines and sentences, odd tables, characters YAML forbids.

No timed tests: linear work is shown by counting the per-sentence setup calls.
"""

from __future__ import annotations

import yaml

from harness.policy import sentences
from harness.policy.draft import draft_policy
from harness.policy.loader import parse_policy
from harness.policy.text import Document, parse_html, parse_plain


def _valid(text: str) -> dict:
    policy, errors = parse_policy(text, "draft.yaml")
    assert errors == [] and policy is not None
    return yaml.safe_load(text)


def test_long_sentence_splits_clauses_once(monkeypatch) -> None:
    """is_negated used to re-split the whole sentence per mention: quadratic (90 kB took 86 s)."""
    calls = []
    real = sentences._clauses
    monkeypatch.setattr(sentences, "_clauses", lambda s: calls.append(len(s)) or real(s))
    unit = "我们会收集您的位置信息和设备信息，但我们不会收集您的通讯录，除非您同意"
    text = "，".join([unit] * 400) + "。"  # one 16 kB sentence, 1,200 mentions, 400 cues
    draft = _valid(draft_policy(parse_plain(text)))
    assert len(calls) == 1
    assert {i["type"] for i in draft["data"]} >= {"location", "device_info"}


def test_one_line_policy_work_grows_with_sentences(monkeypatch) -> None:
    """A policy exported without line breaks: one scope per sentence, sources deduplicated in a dict."""
    built = []
    real = sentences.NegationScope.__init__

    def counting(self, sentence, cues=None):
        built.append(1)
        real(self, sentence, cues)

    monkeypatch.setattr(sentences.NegationScope, "__init__", counting)
    n = 600
    text = "".join(f"当您使用附近功能时，我们会收集您的位置信息{i}，用于推荐。我们不会收集您的通讯录{i}。" for i in range(n))
    draft = _valid(draft_policy(parse_plain(text)))
    assert len(built) == 2 * n
    location = next(i for i in draft["data"] if i["type"] == "location")
    assert len(location["source"]) == n


def test_html_table_with_empty_rows() -> None:
    for html in ("<table><tr></tr><tr></tr></table>",
                 "<table><tr><td></td></tr><tr><td> </td></tr></table><p>我们收集您的手机号码。</p>",
                 "<td>a</td><table><td>b</td></tr></table>",
                 "<table><tr><th>SDK名称</th><th>收集的信息</th></tr><tr></tr><tr><td>友盟</td></tr></table>"):
        _valid(draft_policy(parse_html(html)))


def test_line_breaks_and_controls_in_cited_sentences_stay_valid_yaml() -> None:
    """A cited sentence with NEL/LS/PS or C1 controls used to break a `#` comment or the whole file."""
    lines = ("我们会收集您的手机号码\u2028# not: a key。", "我们不会收集您的通讯录\u0085x: 1。",
             "我们会收集您的位置信息\x9f\ufffe，用于导航。", "We do not collect your contacts\u2029- y.")
    draft = _valid(draft_policy(Document(title="\u2028t: 1", lines=lines, tables=())))
    assert {i["type"] for i in draft["data"]} == {"phone_number", "location"}
    phone = next(i for i in draft["data"] if i["type"] == "phone_number")
    assert phone["source"] == ["我们会收集您的手机号码\u2028# not: a key。"]
