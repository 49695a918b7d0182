"""What a code scan yields (`CodeFacts`), and the default scan over DEX tables.

Its own module so the default path (analyze.py) and the androguard path (deep.py) share the
result type without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from harness.static.apis import ApiIndex
from harness.static.dex import CallSite, DexFile


@dataclass(frozen=True, slots=True)
class CodeFacts:
    """What a code scan yields, whichever path produced it."""

    sites: list[tuple[str, CallSite]]
    """(DEX file name, raw call site) before catalogue filters and attribution."""
    classes: list[str]
    hierarchy: dict[str, str]
    """class -> superclass, for the classes the input defines."""
    strings: list[tuple[str, Iterable[str]]]
    """(DEX file name, its string table), for URLs."""


def scan_tables(dex_blobs: list[tuple[str, bytes]], index: ApiIndex) -> CodeFacts:
    dexes = [DexFile(data, name) for name, data in dex_blobs]
    hierarchy: dict[str, str] = {}
    classes: list[str] = []
    for dex in dexes:
        hierarchy.update(dex.superclasses())
        classes.extend(dex.class_names())
    sites: list[tuple[str, CallSite]] = []
    for dex in dexes:
        wanted = [idx for idx in dex.methods_named(index.names) if index.candidates(dex.method_ref(idx), hierarchy)]
        sites.extend((dex.name, s) for s in dex.call_sites(wanted))
    return CodeFacts(sites, classes, hierarchy, [(dex.name, dex.strings()) for dex in dexes])
