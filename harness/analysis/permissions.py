"""Permission requests in a trace: which permissions they name, and the data types behind them.

Used by the permission rules: a request is "bundled" when it asks several of these at once,
and a permission is "unrelated" when no data type of its group is necessary for the app's
category.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from harness.analysis.phases import marker_detail_value
from harness.taxonomy import Taxonomy
from harness.taxonomy.permissions import permission_facts

GROUP_OF: dict[str, str] = permission_facts().group_of
"""Permission -> group: the taxonomy's one table (harness/taxonomy/permissions.yaml)."""
DANGEROUS = permission_facts().runtime

_PERM = re.compile(r"android\.permission\.[A-Z_]+")


def permissions_in(value: Any) -> list[str]:
    """Every `android.permission.X` named anywhere in a value (lists, dicts, "[a, b]" strings), in order."""
    found: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            found.extend(_PERM.findall(v))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(x)

    walk(value)
    return list(dict.fromkeys(found))


def denied_permissions(detail: Any) -> list[str]:
    """The permission(s) a permission_denied marker names: android.permission.X strings, else its "permission".

    Empty when the marker names none: a missing name must not become the permission "None".
    """
    found = permissions_in(detail)
    if found:
        return found
    named = marker_detail_value(detail, "permission")
    return [str(named)] if named not in (None, "") else []


def dangerous(perms: Iterable[str]) -> list[str]:
    return [p for p in perms if p in DANGEROUS]


def data_types_of(permission: str, tax: Taxonomy) -> list[str]:
    """Taxonomy ids whose permission group is the permission's group."""
    group = GROUP_OF.get(permission)
    if group is None:
        return []
    return [t.id for t in tax if t.permission_group == group]
