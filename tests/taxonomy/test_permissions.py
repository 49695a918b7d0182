"""The one permission table agrees with AOSP's protection levels and serves static analysis and the rules alike."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from harness.analysis import permissions as analysis_permissions
from harness.static import permissions as static_permissions
from harness.taxonomy import taxonomy
from harness.taxonomy.permissions import group_of, is_runtime, permission_facts


def _aosp_levels() -> dict[str, str]:
    base = resources.files("androguard.core.api_specific_resources").joinpath("aosp_permissions")
    newest = max(int(p.name.split("_")[1].split(".")[0]) for p in base.iterdir() if p.name.startswith("permissions_"))
    table = json.loads(base.joinpath(f"permissions_{newest}.json").read_text(encoding="utf-8"))["permissions"]
    return {name: (facts.get("protectionLevel") or "") for name, facts in table.items()}


def test_runtime_flag_is_aosps_dangerous_level() -> None:
    levels = _aosp_levels()
    facts = permission_facts()
    for name in facts.group_of:
        if name not in levels:
            continue  # not in the newest AOSP table androguard ships
        assert (levels[name].split("|")[0] == "dangerous") == (name in facts.runtime), (name, levels[name])


@pytest.mark.parametrize(("permission", "group", "runtime"), [
    ("android.permission.ACCESS_MEDIA_LOCATION", "LOCATION", True),
    ("android.permission.ACTIVITY_RECOGNITION", "ACTIVITY_RECOGNITION", True),
    ("android.permission.BLUETOOTH", "NEARBY_DEVICES", False),
    ("android.permission.BLUETOOTH_ADMIN", "NEARBY_DEVICES", False),
    ("android.permission.ACCEPT_HANDOVER", "PHONE", True),
    ("android.permission.MANAGE_EXTERNAL_STORAGE", "STORAGE", False),
    ("android.permission.INTERNET", None, False),
])
def test_the_six_permissions_the_two_old_tables_disagreed_on(permission: str, group: str | None,
                                                             runtime: bool) -> None:
    assert group_of(permission) == group
    assert is_runtime(permission) is runtime
    assert static_permissions.group(permission) == group
    assert analysis_permissions.GROUP_OF.get(permission) == group
    assert (permission in analysis_permissions.DANGEROUS) is runtime


def test_static_and_analysis_read_the_same_table() -> None:
    assert static_permissions.GROUPS is permission_facts().group_of is analysis_permissions.GROUP_OF


def test_every_group_with_data_types_is_a_table_group() -> None:
    groups = set(permission_facts().group_of.values())
    used = {t.permission_group for t in taxonomy() if t.permission_group}
    assert used <= groups, used - groups
