"""Find the data types a text names, by the taxonomy's synonyms (zh and en).

Leftmost-longest, non-overlapping matches: "IP地址" is an IP address, not an `address`, and
"user name" is an account, not a `name`. ASCII synonyms match case-insensitively and only on
word boundaries ("sms" is not inside "smsc"); CJK synonyms match anywhere. Full-width forms
(ＩＭＥＩ) are folded first, keeping offsets into the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import ahocorasick

from harness.taxonomy.model import Taxonomy, taxonomy


@dataclass(frozen=True, slots=True)
class Mention:
    type_id: str
    start: int
    end: int
    text: str
    """The words as they appear in the original text."""


@cache
def _fold_char(ch: str) -> str:
    f = unicodedata.normalize("NFKC", ch).lower()
    return f if len(f) == 1 else ch


def fold(text: str) -> str:
    """NFKC + lower case, character by character, so offsets stay those of `text`."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


class SynonymMatcher:
    """Aho-Corasick over every synonym, zh/en name of every data type."""

    def __init__(self, tax: Taxonomy) -> None:
        self._auto = ahocorasick.Automaton()
        terms: dict[str, str] = {}
        for t in tax:
            for s in (*t.synonyms, t.zh, t.en):
                key = fold(s.strip())
                if len(key) >= 2:
                    terms.setdefault(key, t.id)  # an id's own synonyms win over another's display name
        for phrase in tax.not_data_types:
            terms[fold(phrase.strip())] = ""
        for key, type_id in terms.items():
            self._auto.add_word(key, (key, type_id))
        self._auto.make_automaton()

    def find(self, text: str) -> list[Mention]:
        folded = fold(text)
        candidates = []
        for end, (key, type_id) in self._auto.iter(folded):
            start = end - len(key) + 1
            if _is_word(key[0]) and start > 0 and _is_word(folded[start - 1]):
                continue
            stop = end + 1
            if key[-1].isalpha() and key[-1].isascii() and folded[stop:stop + 1] == "s":
                if stop + 1 >= len(folded) or not _is_word(folded[stop + 1]):
                    stop += 1  # English plural: "call logs", "device identifiers"
            if _is_word(key[-1]) and stop < len(folded) and _is_word(folded[stop]):
                continue
            candidates.append((start, stop, type_id))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out: list[Mention] = []
        taken_to = 0
        for start, end, type_id in candidates:
            if start < taken_to:
                continue
            # a longer match starting inside this one but reaching further does not displace it
            if type_id:  # "" marks a not-a-data-type phrase: it only masks what it covers
                out.append(Mention(type_id, start, end, text[start:end]))
            taken_to = end
        return out

    def types(self, text: str) -> list[str]:
        """Distinct type ids named in `text`, in order of first mention."""
        return list(dict.fromkeys(m.type_id for m in self.find(text)))


def not_data_types() -> tuple[str, ...]:
    """Phrases of the shipped taxonomy file that contain a synonym but name no data type."""
    return taxonomy().not_data_types


@cache
def synonym_matcher() -> SynonymMatcher:
    """The matcher for the shipped taxonomy, built once."""
    return SynonymMatcher(taxonomy())
