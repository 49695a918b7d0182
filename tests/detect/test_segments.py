"""The fast segment finder finds exactly what the base64 and hex regular expressions find."""

from __future__ import annotations

import random

import pytest

from harness.detect import decode as dec

ALPHABET = "ABCDEFabcdef0123456789+/_-=.:\"{}, xyzXYZ中文\u202e\x00"


def _regex_segments(text: str, kind: str) -> list[str]:
    if kind == "hex":
        return [m.group(0) for m in dec.HEX_RE.finditer(text)]
    return [m.group(0).rstrip("=") for m in dec.B64_RE.finditer(text)]


@pytest.mark.parametrize("seed", range(40))
def test_same_segments_as_the_regexes_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) if rng.random() < 0.3 else rng.choice("0123456789abcdefABCDEF")
                   for _ in range(rng.randrange(0, 400)))
    for kind in ("b64", "hex"):
        assert dec.segments(text, kind) == _regex_segments(text, kind), (kind, text)


@pytest.mark.parametrize(("text", "b64", "hex_"), [
    ("a" * 15, [], []),
    ("0123456789abcdef", ["0123456789abcdef"], ["0123456789abcdef"]),
    ("0123456789abcdef0", ["0123456789abcdef0"], []),  # odd-length hex is no hex encoding
    ("x=ZXlKaGJHY2lPaUpJVXpJMU5pSjk=&y=1", ["ZXlKaGJHY2lPaUpJVXpJMU5pSjk"], []),
    ("中文0123456789ABCDEF中文", ["0123456789ABCDEF"], ["0123456789ABCDEF"]),
])
def test_edges(text: str, b64: list[str], hex_: list[str]) -> None:
    assert dec.segments(text, "b64") == b64 == _regex_segments(text, "b64")
    assert dec.segments(text, "hex") == hex_ == _regex_segments(text, "hex")


def test_json_paths_unchanged_by_the_lazy_walk() -> None:
    doc = {"a": {"b c": [1, dec.try_json("[2.50]")[0], {"x": "y", "": "e"}]}, "z": True, "n": None, "s": "t"}
    assert list(dec.json_leaves(doc)) == [('$.a["b c"][0]', "1"), ('$.a["b c"][1]', "2.50"),
                                          ('$.a["b c"][2].x', "y"), ('$.a["b c"][2][""]', "e"), ("$.s", "t")]
