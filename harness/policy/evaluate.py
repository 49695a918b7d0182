"""Measure the drafter against an annotated corpus of privacy policies (CAPP-130's JSONL format).

CAPP-130 (EnlightenedAI, CC BY 4.0) labels every sentence of 130 Chinese app policies with the data
practice legal experts read in it (数据收集, 权限获取, 共享…, 特殊人群, …); its English version is the same
corpus machine-translated, labels kept. One JSON object per line: {"text": sentence, "label": [...]}.

Gold, per policy: the taxonomy types named in the sentences the experts labelled as first-party
collection or permission acquisition. The drafter reads the whole policy; its declared data items
are compared with that gold on coarse data categories (taxonomy groups) and on fine type ids, and
its citations are checked: a cited sentence should be one the experts labelled as a collection,
permission, sharing or use practice. The gold uses the same synonym list as the drafter, so the
figures measure what the drafter adds (structure, negation, scope), not the synonym list.

Held-out split: policies whose file number is a multiple of 5 (rw_5, rw_10, …) are never looked at
while tuning rules; the figures are printed for both splits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness.errors import InputError
from harness.policy.draft import draft_policy
from harness.policy.loader import parse_policy
from harness.policy.sentences import split_sentences
from harness.policy.text import Document
from harness.taxonomy import taxonomy
from harness.taxonomy.synonyms import synonym_matcher

COLLECTION_LABELS = frozenset({"数据收集", "权限获取", "First Party Collection Information", "Permission Acquisition"})
PRACTICE_LABELS = COLLECTION_LABELS | {"共享、委托、转让、公开（披露）", "使用", "Third Party Sharing/ Disclosure", "Usage"}
_NUMBER = re.compile(r"(\d+)")
MAX_LINES = 100_000


@dataclass(frozen=True, slots=True)
class Annotated:
    name: str
    lines: tuple[str, ...]
    labels: tuple[frozenset[str], ...]

    @property
    def held_out(self) -> bool:
        m = _NUMBER.search(self.name)
        return bool(m) and int(m.group(1)) % 5 == 0


def read_annotated(path: Path) -> Annotated:
    """One CAPP-130 JSONL file; InputError naming the file and line on bad input."""
    lines: list[str] = []
    labels: list[frozenset[str]] = []
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read annotated policy ({e.__class__.__name__})") from None
    for n, row in enumerate(raw.splitlines(), 1):
        if not row.strip():
            continue
        if n > MAX_LINES:
            raise InputError(f"{path}: more than {MAX_LINES} lines")
        try:
            obj = json.loads(row)
        except (json.JSONDecodeError, RecursionError):
            raise InputError(f"{path}:{n}: not a JSON object") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not isinstance(obj.get("label", []), list):
            raise InputError(f"{path}:{n}: expected {{\"text\": str, \"label\": [str, ...]}}")
        lines.append(" ".join(obj["text"].split()))
        labels.append(frozenset(x for x in obj.get("label", []) if isinstance(x, str)))
    return Annotated(path.stem, tuple(lines), tuple(labels))


def read_corpus(directory: Path) -> list[Annotated]:
    """Every *.jsonl file of a directory, sorted by file number."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of annotated policies (*.jsonl)")
    files = sorted(directory.glob("*.jsonl"), key=lambda p: (int(m.group(1)) if (m := _NUMBER.search(p.stem)) else 0, p.name))
    if not files:
        raise InputError(f"{directory}: no *.jsonl annotated policies")
    return [read_annotated(p) for p in files]


def group_of_type(type_id: str) -> str:
    """The coarse data category of a type (its taxonomy group)."""
    return taxonomy().get(type_id).group or type_id


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(slots=True)
class Result:
    policies: int = 0
    categories: Counts = field(default_factory=Counts)
    types: Counts = field(default_factory=Counts)
    cited: int = 0
    cited_practice: int = 0
    invalid_yaml: int = 0
    errors: list[str] = field(default_factory=list)

    def merge(self, other: Result) -> Result:
        """The counts of both (micro-averaged figures over the union of their policies)."""
        out = Result(self.policies + other.policies, Counts(), Counts(), self.cited + other.cited,
                     self.cited_practice + other.cited_practice, self.invalid_yaml + other.invalid_yaml,
                     self.errors + other.errors)
        for mine, theirs, total in ((self.categories, other.categories, out.categories),
                                    (self.types, other.types, out.types)):
            total.tp, total.fp, total.fn = mine.tp + theirs.tp, mine.fp + theirs.fp, mine.fn + theirs.fn
        return out

    @property
    def citation_precision(self) -> float:
        return self.cited_practice / self.cited if self.cited else 1.0


def gold_types(policy: Annotated) -> set[str]:
    matcher = synonym_matcher()
    return {t for line, labels in zip(policy.lines, policy.labels, strict=True) if labels & COLLECTION_LABELS
            for t in matcher.types(line)}


def _sentence_labels(policy: Annotated) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for line, labels in zip(policy.lines, policy.labels, strict=True):
        for sentence in split_sentences(line):
            out[sentence] = out.get(sentence, frozenset()) | labels
    return out


def evaluate(policies: Iterable[Annotated], check: bool = True) -> Result:
    """Draft every policy and count agreement with the expert labels."""
    result = Result()
    for policy in policies:
        result.policies += 1
        doc = Document(title=policy.lines[0] if policy.lines else "", lines=policy.lines, tables=())
        text = draft_policy(doc, source_name=policy.name)
        if check:
            problems = parse_policy(text, policy.name)[1]
            if problems:
                result.invalid_yaml += 1
                result.errors.append(f"{policy.name}: {problems[0]}")
                continue
        data = yaml.safe_load(text) or {}
        pred = {item["type"] for item in data.get("data") or []}
        gold = gold_types(policy)
        result.types.add(gold, pred)
        result.categories.add({group_of_type(t) for t in gold}, {group_of_type(t) for t in pred})
        labels = _sentence_labels(policy)
        for sentence in {s for item in data.get("data") or [] for s in item.get("source") or []}:
            result.cited += 1
            result.cited_practice += bool(labels.get(sentence, frozenset()) & PRACTICE_LABELS)
    return result


def report(name: str, result: Result) -> str:
    return (f"{name}: {result.policies} policies, data categories P={result.categories.precision:.3f} "
            f"R={result.categories.recall:.3f}; types P={result.types.precision:.3f} R={result.types.recall:.3f}; "
            f"cited sentences labelled as a practice {result.citation_precision:.3f} ({result.cited}); "
            f"drafts failing check {result.invalid_yaml}")
