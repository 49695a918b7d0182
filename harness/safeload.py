"""Shape and size limits shared by every reader of user files: JSON depth, YAML safety.

- JSON: `loads()` refuses nesting deeper than MAX_DEPTH (Python's json raises RecursionError near
  1,000 levels, and the recursive walkers after it fail earlier) and says where, in one line.
- YAML: `check_yaml()` runs over the parser's events before any loader builds objects, so the
  policy, scenario and catalogue loaders (each keeps its own line-tracking SafeLoader) share one
  rule set: no explicit tags (`!!float x` is a type error in disguise, `!foo` an unknown
  constructor), no anchors/aliases (billion laughs) and no merge keys (`<<`), nesting at most
  MAX_DEPTH, at most MAX_YAML_BYTES. Each refusal is `file:line:col: problem`.

Why event checks and not a schema library: the loaders already validate fields with their own
messages (file:line:col); what they lacked is the layer below, which this is.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from harness.errors import InputError

MAX_DEPTH = 64
MAX_YAML_BYTES = 4 << 20


def depth_of(doc: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of parsed JSON/YAML (iterative: safe on any depth); stops counting past `limit`."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, d = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((v, d + 1) for v in (node.values() if isinstance(node, dict) else node))
    return deepest


def too_deep(doc: Any, raw: str | bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether parsed `doc` nests deeper than `limit`; its source text `raw` answers first when it can.

    Every level opens with a bracket, so a text with at most `limit` of them (inside strings they only
    over-count) cannot nest deeper: two C-speed counts instead of a walk over every record."""
    if isinstance(raw, bytes):
        opened = raw.count(b"{") + raw.count(b"[")
    else:
        opened = raw.count("{") + raw.count("[")
    return opened > limit and depth_of(doc, limit) > limit


def loads(text: str | bytes, where: str, *, error: type[InputError] = InputError, max_depth: int = MAX_DEPTH) -> Any:
    """json.loads with a depth limit; `error(where: problem)` (one line) for anything malformed."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise error(f"{where}: JSON nested deeper than {max_depth} levels") from None
    except json.JSONDecodeError as e:
        raise error(f"{where}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise error(f"{where}: not valid JSON: {str(e).splitlines()[0][:120]}") from None
    if too_deep(doc, text, max_depth):
        raise error(f"{where}: JSON nested deeper than {max_depth} levels")
    return doc


def _at(where: str, mark: Any) -> str:
    return f"{where}:{mark.line + 1}:{mark.column + 1}" if mark is not None else where


def check_yaml(text: str, where: str, *, error: type[InputError] = InputError) -> None:
    """Refuse YAML features no harness file needs, before any object is built (see module doc)."""
    if len(text) > MAX_YAML_BYTES:
        raise error(f"{where}: {len(text)} characters (limit {MAX_YAML_BYTES >> 20} MiB)")
    depth = 0
    key_expected: list[bool] = []
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                raise error(f"{_at(where, ev.start_mark)}: YAML anchors and aliases are not allowed")
            tag = getattr(ev, "tag", None)
            if tag is not None and not (isinstance(ev, yaml.ScalarEvent) and ev.implicit[0] and tag == "!"):
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise error(f"{_at(where, ev.start_mark)}: explicit YAML tag {shown!r} is not allowed")
            if isinstance(ev, yaml.ScalarEvent) and key_expected and key_expected[-1] and ev.value == "<<" \
                    and ev.style is None:
                raise error(f"{_at(where, ev.start_mark)}: YAML merge keys (<<) are not allowed")
            if isinstance(ev, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if key_expected:
                    key_expected[-1] = not key_expected[-1] if key_expected[-1] is not None else None
                depth += 1
                if depth > MAX_DEPTH:
                    raise error(f"{_at(where, ev.start_mark)}: YAML nested deeper than {MAX_DEPTH} levels")
                key_expected.append(True if isinstance(ev, yaml.MappingStartEvent) else None)
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
                key_expected.pop()
            elif isinstance(ev, yaml.ScalarEvent) and key_expected and key_expected[-1] is not None:
                key_expected[-1] = not key_expected[-1]
    except yaml.YAMLError:
        return  # a syntax error: the loader parses again and reports it in its own words, file:line:col
    except RecursionError:
        raise error(f"{where}: YAML nested deeper than {MAX_DEPTH} levels") from None
