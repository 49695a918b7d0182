"""The taxonomy: one list of data types, complete for the hooks and the 39-category rule."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from harness.policy.baseline import categories
from harness.taxonomy import taxonomy
from harness.taxonomy.model import SENSITIVE_CATEGORIES
from harness.taxonomy.synonyms import fold, not_data_types, synonym_matcher

INTENTIONALLY_AMBIGUOUS: frozenset[str] = frozenset()
"""Synonyms allowed to name two data types (none today: the drafter could not choose)."""


def test_every_id_has_names_group_and_unique_id() -> None:
    tax = taxonomy()
    assert len(tax.ids()) == len(set(tax.ids())) >= 70
    for t in tax:
        assert t.id.isidentifier() and t.id == t.id.lower(), t.id
        assert t.zh.strip() and t.en.strip() and t.group, t.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in t.zh) or t.zh.isascii(), t.id  # Chinese, or an acronym (IMEI)
        assert t.synonyms, t.id


def test_ids_other_helpers_rely_on_exist() -> None:
    ids = set(taxonomy().ids())
    assert {"imei", "android_id", "oaid", "advertising_id", "location", "installed_apps", "contacts",
            "clipboard", "mac_address", "serial_number", "imsi", "iccid", "meid", "phone_number", "wifi_info",
            "cell_info", "sms", "call_log", "camera", "microphone", "sensors", "accounts", "device_info"} <= ids


def test_every_baseline_type_exists() -> None:
    ids = set(taxonomy().ids())
    for c in categories():
        for item in c.necessary:
            assert set(item.types) <= ids, (c.key, item)


def test_every_hook_catalogue_type_exists() -> None:
    from harness.agent.catalogue import default_paths

    files = default_paths()
    assert len(files) >= 5, "the hook catalogue is missing or nearly empty"
    ids = set(taxonomy().ids())
    seen = set()
    for f in files:
        for entry in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("hooks", []) or []:
            if isinstance(entry, dict) and entry.get("data_type"):
                seen.add(entry["data_type"])
                assert entry["data_type"] in ids, (f.name, entry.get("id"), entry["data_type"])
    assert seen


def test_sensitivity_and_identifier_flags() -> None:
    tax = taxonomy()
    assert {t.sensitive for t in tax if t.sensitive} <= SENSITIVE_CATEGORIES
    # PIPL Art. 28: biometrics, religion, specific identity, medical/health, financial accounts,
    # whereabouts, minors under 14 each have at least one type.
    assert {"biometrics", "religion", "specific_identity", "medical_health", "financial_account",
            "whereabouts", "minors"} <= {t.sensitive for t in tax}
    hardware = {t.id for t in tax if t.hardware_id}
    assert {"imei", "meid", "mac_address", "serial_number", "iccid", "imsi"} <= hardware
    assert not hardware & {"android_id", "oaid", "advertising_id"}
    assert all(not (t.hardware_id and t.resettable_id) for t in tax)
    assert tax.get("location").sensitive == "whereabouts" and tax.get("location").permission_group == "LOCATION"
    assert tax.get("contacts").permission_group == "CONTACTS"


def test_no_synonym_names_two_types() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for t in taxonomy():
        for s in (*t.synonyms, t.zh, t.en):
            owners[fold(s).replace(" ", "")].add(t.id)
    clashes = {s: ids for s, ids in owners.items() if len(ids) > 1 and s not in INTENTIONALLY_AMBIGUOUS}
    assert clashes == {}


def test_not_data_type_phrases_contain_a_synonym() -> None:
    m = synonym_matcher()
    for phrase in not_data_types():
        assert m.find(phrase) == [], phrase
        assert any(fold(s) in fold(phrase) for t in taxonomy() for s in t.synonyms), phrase


@pytest.mark.parametrize(("text", "expected"), [
    ("设备标识符、国际移动设备识别码、Android ID、OAID", ["device_identifier", "imei", "android_id", "oaid"]),
    ("位置信息、精确位置、通讯录、剪切板、剪贴板", ["location", "location", "contacts", "clipboard", "clipboard"]),
    ("软件安装列表/应用列表", ["installed_apps", "installed_apps"]),
    ("IP地址、MAC地址、收货地址", ["ip_address", "mac_address", "address"]),
    ("ＩＭＥＩ and an imei", ["imei", "imei"]),
    ("user name, email address, call logs", ["account_info", "email", "call_log"]),
    ("smsc TIMEIT renamed", []),
    ("短信验证码", []),
])
def test_synonym_matching(text: str, expected: list[str]) -> None:
    assert [m.type_id for m in synonym_matcher().find(text)] == expected
