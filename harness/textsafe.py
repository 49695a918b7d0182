"""Control and bidi characters from the app or its traffic never reach a reader raw.

App-controlled strings (host names, URLs, stack frames, values) end up in terminals, HTML, JUnit
XML and SARIF. Raw, an ESC sequence resets or rewrites the user's terminal, U+202E shows
"txt.exe" as "exe.txt", and C0 characters make XML invalid. Every output path runs its text
through escape_text(), which writes such characters as visible \\xNN / \\uNNNN escapes (the
same spelling JSON uses, so escaped JSON stays valid JSON).
"""

from __future__ import annotations

import re

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}\ufeff\ufffe\uffff\ud800-\udfff]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\u{c:04x}"


def escape_text(text: str, keep: str = "") -> str:
    """`text` with control, bidi and non-characters escaped; characters in `keep` (e.g. "\\n\\t") pass."""
    if not keep:
        return _UNSAFE.sub(_visible, text)
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _visible(m), text)


def escape_document(text: str) -> str:
    """A whole multi-line output (text report, JSON, YAML): line breaks and tabs stay."""
    return escape_text(text, keep="\n\t\r")
