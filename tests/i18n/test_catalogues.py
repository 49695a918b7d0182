"""The language catalogues stay one shape: same keys, same placeholders, every message filled."""

from __future__ import annotations

import pytest

from harness import i18n


def test_every_language_has_the_same_keys() -> None:
    keys = {lang: set(i18n.catalogue(lang)) for lang in i18n.LANGS}
    base = keys[i18n.DEFAULT_LANG]
    for lang, mine in keys.items():
        assert mine == base, f"{lang}: missing {sorted(base - mine)[:10]}, extra {sorted(mine - base)[:10]}"


def test_every_message_uses_the_same_placeholders_in_each_language() -> None:
    base = i18n.catalogue(i18n.DEFAULT_LANG)
    for lang in i18n.LANGS:
        for key, template in i18n.catalogue(lang).items():
            assert template.strip(), f"{lang}: {key} is empty"
            assert i18n.placeholders(template) == i18n.placeholders(base[key]), f"{lang}: {key}"


def test_text_fills_named_fields_and_unknown_language_is_refused() -> None:
    assert i18n.placeholders("{what} by {who} ({count} time(s))") == {"what", "who", "count"}
    with pytest.raises(ValueError, match="no report language"):
        i18n.catalogue("xx")
