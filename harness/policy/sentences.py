"""Sentence splitting and negation scope for policy text (Chinese and English), by rules.

"我们不会收集您的通讯录" and "We do not collect your contacts" must not declare contacts, while
"未经您的同意，我们不会收集您的位置信息" (collection WITH consent) and "如您不提供手机号码，将无法
注册" (the user's choice) must. A negation is a cue (不会/never/do not ...) directly governing a
collection verb; its scope runs from the cue to the next affirmative collection verb or the end of
the clause, and also back over a topic placed before it in the same comma segment
("通讯录我们不会收集"). Clauses end at contrast words (但/however/but).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_VERB_ZH = ("收集|获取|读取|访问|调用|使用|申请|索取|上传|共享|提供|存储|储存|保存|记录|采集|要求|请求|监听|"
            "传输|转移|出售|分享|披露|处理|追踪|跟踪|留存|接入|集成|嵌入")
_VERB_EN = (r"(?:collect|access|read|obtain|gather|request|use|share|store|track|sell|upload|transfer|record|"
            r"monitor|need|require|ask\s+for|process|disclose|receive|keep|retain|save|integrate|embed|send)"
            r"(?:s|es|ed|d|ing)?")

_NEG_ZH = re.compile(
    r"(?:绝不会|绝不|从不|从未|并不会|并不|不会|不再|不得|不|未|无需|无须|没有|禁止)"
    r"(?:会|再|主动|直接|单独|自行|擅自|额外|在后台|在[^，。；,;]{0,12}?(?:情况|时)下?|以任何方式|向[^，。；,;]{0,10}?"
    r"|(?:将|把)[^，。；,;]{0,12}?|对外)*"
    rf"(?:{_VERB_ZH})(?:(?:或|和|及|或者|以及|、|/)(?:{_VERB_ZH}))*"
)
_NEG_EN = re.compile(
    r"\b(?:not|don't|doesn't|won't|wouldn't|cannot|can't|never|no\s+longer)\b"
    r"(?:\s+(?:ever|actively|directly|otherwise|knowingly|intentionally|automatically|proactively|be|been|"
    r"and\s+will\s+not|or|nor))*"
    rf"\s+{_VERB_EN}\b(?:\s*(?:,|or|and|nor)\s+{_VERB_EN}\b)*",
    re.IGNORECASE,
)
_AFFIRM = re.compile(rf"(?:{_VERB_ZH})|\b{_VERB_EN}\b", re.IGNORECASE)
_USER_SUBJECT = re.compile(r"(?:您|你)\s*(?:的)?$|\byou\s+(?:do|did|will|may|might|would)?\s*$", re.IGNORECASE)
_EXCEPTION = re.compile(
    r"未经[^，。；,;]{0,14}(?:同意|授权|许可)|除非|除[^，。；]{0,12}外|征得[^，。；]{0,8}同意(?:前|之前)"
    r"|\bwithout\s+(?:first\s+)?(?:obtaining\s+)?(?:your\s+)?(?:\w+\s+){0,2}(?:consent|permission|authori[sz]ation)"
    r"|\bunless\b|\bexcept\s+(?:with|when|where|as|if)\b|\bprior\s+to\s+(?:obtaining\s+)?your\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"但是|但|然而|不过|而是|\bhowever\b|\bbut\b|\binstead\b|\bwhereas\b", re.IGNORECASE)
_COMMA = re.compile(r"[，,、：:（）()]")

_LIST_MARKER = re.compile(
    r"^\s*(?:[-*•·●▪]|\d{1,2}(?:\.\d{1,2})*[.、)）]|[（(]\d{1,2}[)）]|[（(]?[一二三四五六七八九十]{1,3}[、.)）]|[a-z][.)])\s*")
_SPLIT = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s+(?=[A-Z\"“(\u4e00-\u9fff])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|Inc|Ltd|Co|No|Mr|Ms|Dr|vs|St|approx|incl)\.$", re.IGNORECASE)


def strip_marker(line: str) -> str:
    """'1. 位置信息：...' -> '位置信息：...' (list numbering is not part of the sentence)."""
    return _LIST_MARKER.sub("", line, count=1)


def split_sentences(line: str) -> list[str]:
    """Sentences of one prose line: Chinese and English terminators, abbreviations kept whole."""
    parts = [p for p in _SPLIT.split(strip_marker(line)) if p is not None]
    out: list[str] = []
    for part in parts:
        if out and _ABBREV.search(out[-1]):
            out[-1] = f"{out[-1]} {part.strip()}"
        elif part.strip():
            out.append(part.strip())
    return [s for s in out if s.strip("。！？；!?;. ")]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def negation_cues(sentence: str) -> list[Span]:
    """Spans of negated collection verbs said by the app ("不会收集", "do not collect or share")."""
    cues = []
    for rx in (_NEG_ZH, _NEG_EN):
        for m in rx.finditer(sentence):
            before = sentence[max(0, m.start() - 12):m.start()]
            if _USER_SUBJECT.search(before):
                continue  # "如您不提供" / "if you do not provide": the user's choice, not the app's promise
            cues.append(Span(m.start(), m.end()))
    return sorted(cues, key=lambda s: s.start)


def _clauses(sentence: str) -> list[Span]:
    spans, start = [], 0
    for m in _CONTRAST.finditer(sentence):
        spans.append(Span(start, m.start()))
        start = m.start()
    spans.append(Span(start, len(sentence)))
    return spans


class NegationScope:
    """Everything negation needs about one sentence, computed once: clauses, cues, affirmative verbs, commas.

    Built once per sentence so that deciding N mentions costs O(N log N) after an O(len) scan, not
    O(N * len): a 90 kB sentence with thousands of mentions (a policy exported without punctuation)
    must not re-split the sentence per mention.
    """

    def __init__(self, sentence: str, cues: list[Span] | None = None) -> None:
        self.sentence = sentence
        self.cues = negation_cues(sentence) if cues is None else sorted(cues, key=lambda c: c.start)
        self._cue_starts = [c.start for c in self.cues]
        self.clauses = _clauses(sentence)
        self._clause_starts = [c.start for c in self.clauses]
        self._excepted = [bool(_EXCEPTION.search(sentence, c.start, c.end)) for c in self.clauses]
        affirm = [(m.start(), m.end()) for m in _AFFIRM.finditer(sentence)]
        self._affirm_starts = [a for a, _ in affirm]
        self._affirm_ends = [e for _, e in affirm]
        self._commas = [m.start() for m in _COMMA.finditer(sentence)]

    def _affirm_within(self, lo: int, hi: int) -> bool:
        """An affirmative verb lies wholly inside [lo, hi)."""
        i = bisect_left(self._affirm_starts, lo)
        return i < len(self._affirm_starts) and self._affirm_ends[i] <= hi

    def _comma_within(self, lo: int, hi: int) -> bool:
        i = bisect_left(self._commas, lo)
        return i < len(self._commas) and self._commas[i] < hi

    def negated(self, start: int, end: int) -> bool:
        """Whether the words at [start, end) fall under a negation the app states."""
        k = max(0, bisect_right(self._clause_starts, start) - 1)
        clause = self.clauses[k]
        if self._excepted[k]:
            return False
        # the nearest cue starting at or before the mention: covering it, or before it with no
        # affirmative verb in between (an earlier cue's gap holds the nearer one's, so it adds nothing)
        i = bisect_right(self._cue_starts, start) - 1
        if i >= 0 and self.cues[i].start >= clause.start:
            cue = self.cues[i]
            if cue.end > start or not self._affirm_within(cue.end, start):
                return True
        # a topic before the negation ("通讯录我们不会收集", "contacts are not collected"), but not
        # the object of an earlier affirmative verb ("we collect your IMEI and do not share it")
        j = bisect_left(self._cue_starts, end)
        if j < len(self.cues) and self.cues[j].start < clause.end:
            cue = self.cues[j]
            c = bisect_left(self._commas, start) - 1
            lead_start = self._commas[c] + 1 if c >= 0 and self._commas[c] >= clause.start else clause.start
            return not self._comma_within(end, cue.start) and not self._affirm_within(lead_start, start)
        return False


def is_negated(sentence: str, start: int, end: int, cues: list[Span] | None = None) -> bool:
    """Whether the words at [start, end) fall under a negation the app states (one-off; see NegationScope)."""
    return NegationScope(sentence, cues).negated(start, end)


def mask(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence with the given spans blanked out, offsets kept.

    Data-type words hide verbs ("通话记录" holds 记录, "存储空间" holds 存储) that must not count
    as an affirmative verb ending a negation's scope.
    """
    chars = list(sentence)
    for start, end in spans:
        chars[start:end] = "□" * (end - start)
    return "".join(chars)


def has_collection_verb(sentence: str) -> bool:
    """Sentences without a verb of collection (or a listing word) declare nothing."""
    return bool(_AFFIRM.search(sentence) or re.search(r"包括|包含|例如|如下|等信息|including|include|such as",
                                                       sentence, re.IGNORECASE))
