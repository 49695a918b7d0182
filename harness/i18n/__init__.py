"""Report wording as data: one catalogue per language (`en.yaml`, `zh.yaml`) beside this module.

Why data and not inline strings: a translator edits one file instead of fifty rules, a test
holds both files to the same keys with the same `{placeholders}`, and adding a language is
adding a file. Keys are dotted paths into the YAML (`rules.over_collection.title`); values are
`str.format` templates filled with named fields only.
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

LANGS: tuple[str, ...] = ("en", "zh")
"""Report languages, in the order the CLI offers them (the first is the default)."""
DEFAULT_LANG = LANGS[0]


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of one language, flattened to dotted keys."""
    if lang not in LANGS:
        raise ValueError(f"no report language {lang!r} (have {', '.join(LANGS)})")
    import yaml  # here, not at the top: the CLI reads LANGS at start-up and most commands never need the words

    from harness.resources import data_path

    path = data_path("i18n", f"{lang}.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))  # package data, like the taxonomy
    flat: dict[str, str] = {}
    _flatten(doc or {}, "", flat, str(path))
    return flat


def _flatten(node: Any, prefix: str, out: dict[str, str], where: str) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _flatten(v, f"{prefix}{k}.", out, where)
    elif isinstance(node, str):
        out[prefix[:-1]] = node
    else:
        raise ValueError(f"{where}: {prefix[:-1]}: a message must be text, not {type(node).__name__}")


def text(lang: str, key: str, /, **fields: Any) -> str:
    """The message `key` in `lang`, its `{placeholders}` filled from `fields`."""
    template = catalogue(lang)[key]
    return template.format_map(fields) if fields else template


def has(lang: str, key: str) -> bool:
    return key in catalogue(lang)


def section(lang: str, prefix: str) -> dict[str, str]:
    """The messages under `prefix` keyed by the rest of their path (e.g. all HTML labels)."""
    head = prefix.rstrip(".") + "."
    return {k[len(head):]: v for k, v in catalogue(lang).items() if k.startswith(head)}


def sheet(lang: str, prefix: str, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """A table's title and column headers in `lang`: `<prefix>.title` and `<prefix>.columns.<id>` per column."""
    words = section(lang, prefix)
    return words["title"], [words[f"columns.{c}"] for c in columns]


def placeholders(template: str) -> frozenset[str]:
    """The named fields a template uses, for the test that holds the languages to one shape."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
