"""Necessary-PI baselines: what the 2021 rule lets each of 39 app categories collect for its basic function.

The data lives in harness/policies/baselines/necessary-pi-39.yaml (one reviewed file, not code), mapped to
taxonomy ids, so rules can ask `is_necessary(category, data_type)` without knowing the rule's wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from harness import resources
from harness.errors import PolicyError
from harness.taxonomy import taxonomy

BASELINE_FILE = resources.located(*resources.BASELINE)
"""Package data (harness/policies/ is data the user reads and reviews, not code)."""

OTHER = "other"
"""Category key for apps outside the 39 categories: no baseline applies."""

IMPLIED: dict[str, tuple[str, ...]] = {"location": ("coarse_location",)}
"""A necessary type makes these necessary too: a coarse fix is a less precise read of the same thing."""


@dataclass(frozen=True, slots=True)
class NecessaryItem:
    text_zh: str
    """The item as the rule words it."""
    types: tuple[str, ...]
    scope_zh: str | None = None
    """Part of the service the rule restricts the item to (e.g. 网络预约出租汽车服务), else None."""


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    number: int
    name_zh: str
    name_en: str
    basic_function_zh: str
    basic_function_en: str
    necessary: tuple[NecessaryItem, ...] = ()
    no_pi_needed: bool = False
    """无须个人信息，即可使用基本功能服务: the basic function must work with no PI at all."""

    @property
    def necessary_types(self) -> frozenset[str]:
        found = {t for item in self.necessary for t in item.types}
        return frozenset(found | {i for t in found for i in IMPLIED.get(t, ())})

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang == "zh" else self.name_en


def load_baselines(path: Path | None = None) -> dict[str, Category]:
    """Read and check a baseline file; every type id must exist in the taxonomy."""
    path = Path(path) if path else BASELINE_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise PolicyError(f"{path}: baseline file missing (expected in the package's harness/policies/baselines/)") from None
    except yaml.YAMLError as e:
        raise PolicyError(f"{path}: not valid YAML: {str(e).splitlines()[0]}") from e
    tax = taxonomy()
    out: dict[str, Category] = {}
    for i, c in enumerate(raw.get("categories") or []):
        where = f"{path}: category #{i + 1}"
        try:
            items = []
            for item in c.get("necessary") or []:
                unknown = [t for t in item["types"] if t not in tax]
                if unknown:
                    raise ValueError(f"unknown data type {unknown[0]!r}")
                items.append(NecessaryItem(str(item["text_zh"]), tuple(item["types"]), item.get("scope_zh")))
            cat = Category(
                key=str(c["key"]), number=int(c["number"]), name_zh=str(c["name_zh"]), name_en=str(c["name_en"]),
                basic_function_zh=str(c["basic_function_zh"]), basic_function_en=str(c["basic_function_en"]),
                necessary=tuple(items), no_pi_needed=bool(c["no_pi_needed"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise PolicyError(f"{where}: {e}") from e
        if cat.no_pi_needed == bool(cat.necessary):
            raise PolicyError(f"{where} ({cat.key}): no_pi_needed must be true exactly when 'necessary' is empty")
        if cat.key in out or cat.key == OTHER:
            raise PolicyError(f"{where}: duplicate or reserved key {cat.key!r}")
        out[cat.key] = cat
    return out


@cache
def _shipped() -> dict[str, Category]:
    return load_baselines()


def categories() -> list[Category]:
    """The 39 categories in the rule's order."""
    return sorted(_shipped().values(), key=lambda c: c.number)


def category_keys() -> frozenset[str]:
    return frozenset(_shipped())


def category(key: str) -> Category | None:
    """The category, None for `other`; PolicyError for a key that is neither."""
    if key == OTHER:
        return None
    try:
        return _shipped()[key]
    except KeyError:
        raise PolicyError(f"unknown app category {key!r} (one of the 39 keys or 'other')") from None


def has_baseline(key: str) -> bool:
    """False for `other`: rules that judge against a baseline must skip, not guess."""
    return category(key) is not None


def necessary_types(key: str) -> frozenset[str]:
    cat = category(key)
    return cat.necessary_types if cat else frozenset()


def is_necessary(key: str, data_type: str) -> bool:
    """Whether the rule lists `data_type` as necessary PI for the category's basic function.

    A type id the taxonomy does not know is never necessary (the rule names only known types);
    an unknown category key is an error, since every answer for it would be a guess.
    """
    return data_type in necessary_types(key)


def __getattr__(name: str) -> frozenset[str]:
    """`CATEGORY_KEYS`, loaded on first use so importing this module reads no file."""
    if name == "CATEGORY_KEYS":
        return category_keys()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
