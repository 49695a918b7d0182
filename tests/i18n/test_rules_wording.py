"""The rules speak only through the catalogues: every rule has its words in every language, and
no rule module chooses a language or carries report wording of its own."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from harness import i18n
from harness.analysis import ALL_RULES, DIFF_RULES, analyze_run
from harness.analysis.findings import Evidence, FindingBuilder
from harness.policy.loader import load_policy

ANALYSIS = Path(__file__).resolve().parents[2] / "harness" / "analysis"
PROBE_RUN = Path(__file__).resolve().parents[1] / "analysis" / "data" / "probe-run"
RULE_IDS = [m.RULE.id for m in (*ALL_RULES, *DIFF_RULES)]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

ALLOWED_CJK: dict[tuple[str, str], str] = {
    ("findings.py", "认定方法 "): "citation label: the 2019 认定方法 by its own name",
    ("findings.py", "MIIT 164号 "): "citation label: MIIT 信管函〔2020〕164号 by its own name",
    ("label_policy_mismatch.py", "MIIT 2021 信息通信服务感知提升行动 双清单"): "citation (LegalAnchors.store)",
    ("label_undeclared_data.py", "MIIT 2021 信息通信服务感知提升行动 双清单"): "citation (LegalAnchors.store)",
    ("label_undeclared_data.py", "收集"): "section name of the declared 双清单 (label data, kept as the list names it)",
    ("label_undeclared_data.py", "共享对象"): "section name of the declared 双清单",
    ("label_undeclared_data.py", "共享类型"): "section name of the declared 双清单",
    ("no_complaint_channel.py", "投诉/举报/complaint + contact"): "the search terms, recorded as evidence",
}
"""CJK literals that are facts, not report wording. Patterns given to re.compile are exempt as a
class: they match the app's own UI and policy text, whatever the report language."""


def _rule_modules() -> list[Path]:
    return sorted(ANALYSIS.glob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    """Bare string statements (module, class, function and attribute docstrings): documentation."""
    return {id(n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}


def _regex_patterns(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "compile" and n.args:
            out.update(id(c) for c in ast.walk(n.args[0]) if isinstance(c, ast.Constant))
    return out


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_title_and_summary_in_every_language(rule_id: str) -> None:
    module = next(m for m in (*ALL_RULES, *DIFF_RULES) if m.RULE.id == rule_id)
    for lang in i18n.LANGS:
        for key in ("title", "summary"):
            assert i18n.has(lang, f"rules.{rule_id}.{key}"), f"{lang}: rules.{rule_id}.{key} missing"
        assert module.RULE.title(lang) == i18n.text(lang, f"rules.{rule_id}.title")
        assert module.RULE.summary(lang).strip()
    assert module.RULE.title("en") != module.RULE.title("zh")
    assert (module.RULE.title_zh, module.RULE.summary_en) == (module.RULE.title("zh"), module.RULE.summary("en"))


def test_no_wording_block_without_a_rule() -> None:
    blocks = {key.split(".")[1] for key in i18n.catalogue(i18n.DEFAULT_LANG) if key.startswith("rules.")}
    assert blocks - set(RULE_IDS) == {"_common", "_coverage", "_explore", "_notes", "_skip"}


def _scan(name: str, source: str, used: set[tuple[str, str]]) -> list[str]:
    """Language comparisons and CJK literals in one module (allowed literals go to `used`)."""
    tree = ast.parse(source)
    exempt = _docstrings(tree) | _regex_patterns(tree)
    problems: list[str] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Compare):
            if any(isinstance(c, ast.Constant) and c.value in i18n.LANGS for c in (n.left, *n.comparators)):
                problems.append(f"{name}:{n.lineno}: compares with a language code")
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in exempt and CJK.search(n.value):
            if (name, n.value) in ALLOWED_CJK:
                used.add((name, n.value))
            else:
                problems.append(f"{name}:{n.lineno}: CJK literal {n.value[:40]!r}")
    return problems


def test_analysis_modules_neither_pick_a_language_nor_hold_cjk_wording() -> None:
    used: set[tuple[str, str]] = set()
    problems = [p for path in _rule_modules() for p in _scan(path.name, path.read_text(encoding="utf-8"), used)]
    assert not problems, "\n".join(problems)
    assert used == set(ALLOWED_CJK), f"stale allow-list entries: {set(ALLOWED_CJK) - used}"


def test_the_scan_catches_what_it_forbids() -> None:
    src = ('import re\nP = re.compile(r"隐私政策")\n\ndef f(lang):\n    """说明"""\n'
           '    if lang == "zh" or "en" != lang:\n        return f"{lang}读取"\n')
    assert _scan("x.py", src, set()) == ["x.py:6: compares with a language code",
                                         "x.py:6: compares with a language code", "x.py:7: CJK literal '读取'"]


EXTRA: dict[str, Any] = {
    "max_permissions": 4, "permissions": ["android.permission.CAMERA", "android.permission.READ_CONTACTS"],
    "limit": {"count": 6, "per_seconds": 60.0, "declared": True}, "peak_per_minute": 12,
    "burst_reads_per_minute": 30, "reads_total": 40, "api": "android.telephony.TelephonyManager.getImei",
    "outcomes": ["exit", "loop"], "permission": "android.permission.CAMERA", "what": "android.permission.CAMERA",
    "side": "label_only", "gaps": {"collected": "collected"}, "age": 12, "guardian_prompt_screens": [1],
    "chars": 1234, "screens": 7, "screen": "s1.png", "tap_path": "Me > Settings", "switch": "Personalised",
    "before": ["android_id"], "problems": ["missing", "too_deep"], "taps": 5, "before_policy": 3,
    "declined": "consent_declined", "tc": {"tc_string": "CP"}, "accept_scenario": "accept",
    "reject_scenario": "reject", "basis": "runtime", "reason": "type_not_listed", "reasons": ["unrelated", "unused"],
}


def _describe(module: Any, lang: str) -> str:
    """One finding of the rule described in `lang`, through the rule's own describe()."""
    check = module.Check.__new__(module.Check)  # describe() reads only ctx, the builder and (one rule) category
    check.ctx = SimpleNamespace(lang=lang, policy=None, type_name=lambda dt: str(dt))
    check.category = "navigation"
    b = FindingBuilder(module.RULE.id, "android_id", {"kind": "sdk", "name": "Umeng"}, "sdk:umeng")
    b.add(Evidence("hook", "events.jsonl:1"))
    b.add(Evidence("flow", "flows.jsonl:1", data={"host": "alog.umeng.com"}))
    b.extra.update(EXTRA)
    return check.describe(b)


@pytest.mark.parametrize("module", ALL_RULES, ids=[m.RULE.id for m in ALL_RULES])
def test_each_rule_describes_a_finding_differently_per_language_with_every_field_filled(module: Any) -> None:
    en, zh = _describe(module, "en"), _describe(module, "zh")
    assert en != zh
    assert CJK.search(zh), zh
    assert not CJK.search(en), en
    for text in (en, zh):
        assert "{" not in text and "}" not in text, text


def test_a_real_run_reads_in_both_languages_with_no_unfilled_field(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(PROBE_RUN, run)
    policy = load_policy(run / "policy.yaml")
    reports = {lang: analyze_run(run, policy, lang=lang) for lang in i18n.LANGS}
    en, zh = reports["en"], reports["zh"]
    assert en.findings and len(en.findings) == len(zh.findings)
    for a, b in zip(en.findings, zh.findings, strict=True):
        assert a.message != b.message and a.title != b.title
        for text in (a.message, b.message, a.title, b.title):
            assert "{" not in text and "}" not in text, text
    assert en.to_json()["coverage"]["statement"] != zh.to_json()["coverage"]["statement"]
    reasons = [(a.reason, b.reason) for a, b in zip(en.rules, zh.rules, strict=True) if a.reason]
    assert reasons and all(b and b != a and CJK.search(b) for a, b in reasons), reasons
