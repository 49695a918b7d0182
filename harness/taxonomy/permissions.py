"""The one Android permission table: permission -> group, and whether it is a runtime (dangerous) permission.

Static analysis and the permission rules both read it, so an APK's permissions and a run's permission
requests are judged against the same facts (`permissions.yaml` beside this file says where they come from).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import NamedTuple

import yaml

PREFIX = "android.permission."


class PermissionFacts(NamedTuple):
    group_of: dict[str, str]
    """Full permission name -> group."""
    runtime: frozenset[str]
    """Full names of the runtime ("dangerous") permissions that reach personal information."""


def full_name(name: str) -> str:
    return name if "." in name else PREFIX + name


@cache
def permission_facts() -> PermissionFacts:
    raw = yaml.safe_load(resources.files("harness.taxonomy").joinpath("permissions.yaml").read_text("utf-8"))
    group_of: dict[str, str] = {}
    runtime: set[str] = set()
    for group, kinds in raw["groups"].items():
        for kind in ("runtime", "other"):
            for name in kinds.get(kind) or ():
                group_of[full_name(name)] = group
                if kind == "runtime":
                    runtime.add(full_name(name))
    return PermissionFacts(group_of, frozenset(runtime))


@cache
def groups() -> frozenset[str]:
    """The permission groups that reach personal information (the table's keys)."""
    return frozenset(permission_facts().group_of.values())


def group_of(permission: str) -> str | None:
    """The permission's group, or None for a permission that reaches no personal information."""
    return permission_facts().group_of.get(permission)


def is_runtime(permission: str) -> bool:
    """A runtime (dangerous) permission of one of the personal-information groups."""
    return permission in permission_facts().runtime
