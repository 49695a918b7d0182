"""`harness policy draft` on hostile lengths, and the drafter's accuracy on a CAPP-130 checkout.

Goal (issue 13): work linear in the text's length. One long sentence (no terminator: a policy
exported without punctuation) and one long line of many sentences are drafted at size n and 4n,
side by side in one run; the ratio of times must stay near 4 (fails above 8; the quadratic
version gave 16). Set `APH_CAPP130=DIR` (CAPP_130_Corpus/Annotation/Annotation of a CAPP-130
checkout) to also print precision and recall on the whole corpus (issue 12), and `APH_CAPP130_TEXTS=DIR`
(its CAPP_130_Corpus/Original_policies) to draft the original text files through the real reader
instead: each is matched to its annotated file by shared sentences (10 long sentences, >= 5 found).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import yaml

from harness.policy.draft import draft_policy
from harness.policy.text import parse_plain

UNIT = "我们会收集您的位置信息和设备信息，但我们不会收集您的通讯录，除非您同意"
MAX_RATIO = 8.0


def _long_sentence(n: int) -> str:
    return "，".join([UNIT] * n) + "。"


def _long_line(n: int) -> str:
    return "".join(f"当您使用附近功能时，我们会收集您的位置信息{i}，用于推荐。我们不会收集您的通讯录{i}。" for i in range(n))


def _seconds(text: str) -> float:
    started = time.perf_counter()
    draft_policy(parse_plain(text))
    return time.perf_counter() - started


def main() -> bool:
    ok = True
    _seconds(_long_sentence(5))  # warm up: taxonomy, synonym and SDK automata are built once
    for name, make, n in (("one sentence", _long_sentence, 600), ("one line", _long_line, 1000)):
        small, large = make(n), make(4 * n)
        t1, t4 = _seconds(small), _seconds(large)
        ratio = t4 / t1 if t1 else float("inf")
        ok &= ratio <= MAX_RATIO
        print(f"  {name}: {len(small) // 1000} kB {t1:.2f} s, {len(large) // 1000} kB {t4:.2f} s, "
              f"ratio {ratio:.1f} (goal <= {MAX_RATIO:.0f}: linear)")
    corpus = os.environ.get("APH_CAPP130")
    if corpus:
        from harness.policy.evaluate import evaluate, read_corpus, report

        policies = read_corpus(Path(corpus))
        for split, held in (("tuning", False), ("held-out", True)):
            print("  " + report(split, evaluate([p for p in policies if p.held_out is held])))
    texts = os.environ.get("APH_CAPP130_TEXTS")
    if corpus and texts:
        _original_texts(Path(corpus), Path(texts))
    return ok


def _original_texts(corpus: Path, texts: Path) -> None:
    from harness.policy.draft import draft_policy_file
    from harness.policy.evaluate import Counts, gold_types, group_of_type, read_corpus

    squashed = {p: re.sub(r"\s+", "", p.read_text(encoding="utf-8", errors="replace")) for p in texts.glob("*.txt")}
    counts = {False: (Counts(), Counts()), True: (Counts(), Counts())}
    matched = 0
    for policy in read_corpus(corpus):
        probes = [re.sub(r"\s+", "", line) for line in policy.lines if len(line) > 30][5:15]
        score, path = max((sum(p in text for p in probes), path) for path, text in squashed.items())
        if score < 5:
            continue
        matched += 1
        gold = gold_types(policy)
        pred = {i["type"] for i in yaml.safe_load(draft_policy_file(path))["data"]}
        categories, types = counts[policy.held_out]
        categories.add({group_of_type(t) for t in gold}, {group_of_type(t) for t in pred})
        types.add(gold, pred)
    for held, (c, t) in counts.items():
        print(f"  original texts, {'held-out' if held else 'tuning'} ({matched} matched in all): data categories "
              f"P={c.precision:.3f} R={c.recall:.3f}; types P={t.precision:.3f} R={t.recall:.3f}")
