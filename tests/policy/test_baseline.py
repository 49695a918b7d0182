"""Necessary-PI baselines: the 39 categories of the 2021 rule, spot-checked against its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.errors import PolicyError
from harness.policy import baseline
from harness.policy.baseline import (
    categories,
    category,
    has_baseline,
    is_necessary,
    load_baselines,
    necessary_types,
)
from harness.taxonomy import taxonomy

REFERENCE = Path(__file__).resolve().parent / "data" / "necessary-pi-39.json"
"""A copy of the project's reference list of the 39 categories (shared/reference), kept with the tests so the
comparison always runs."""


def test_39_categories_13_without_pi() -> None:
    cats = categories()
    assert [c.number for c in cats] == list(range(1, 40))
    assert len({c.key for c in cats}) == 39
    no_pi = {c.key for c in cats if c.no_pi_needed}
    assert no_pi == {"womens_health", "live_streaming", "online_audio_video", "short_video", "news",
                     "sports_fitness", "browser", "input_method", "security_management", "ebook",
                     "photo_beautify", "app_store", "utility_tools"}
    assert all(necessary_types(k) == frozenset() for k in no_pi)
    assert baseline.CATEGORY_KEYS == frozenset(c.key for c in cats)


@pytest.mark.parametrize(("key", "needed", "not_needed"), [
    ("online_shopping", {"phone_number", "name", "address", "payment_info"}, {"location", "imei", "contacts"}),
    ("food_delivery", {"phone_number", "address", "payment_info"}, {"location", "coarse_location", "android_id"}),
    ("news", set(), {"phone_number", "location", "android_id", "oaid", "device_info"}),
    ("map_navigation", {"location", "coarse_location", "trip_info"}, {"phone_number", "contacts"}),
    ("ride_hailing", {"phone_number", "location", "trajectory", "trip_info", "payment_info"}, {"contacts"}),
    ("instant_messaging", {"phone_number", "account_info", "friend_list"}, {"contacts", "location"}),
    ("online_payment", {"name", "id_document", "bank_card"}, {"id_document_image", "location"}),
    ("mobile_banking", {"id_document_image", "bank_card", "phone_number"}, {"location", "contacts"}),
    ("vehicle_service", {"driving_licence", "location", "payment_info"}, {"contacts"}),
    ("medical_consultation_registration", {"medical_info", "id_document"}, {"location"}),
    ("postal_express", {"name", "address", "phone_number", "id_document", "shipment_info"}, {"location"}),
    ("dating_matchmaking", {"gender", "age", "marital_status"}, {"location"}),
    ("job_recruitment", {"resume", "phone_number"}, {"location"}),
])
def test_spot_checks(key: str, needed: set[str], not_needed: set[str]) -> None:
    for t in needed:
        assert is_necessary(key, t), (key, t)
    for t in not_needed:
        assert not is_necessary(key, t), (key, t)


def test_no_category_needs_device_identifiers_or_contacts() -> None:
    for c in categories():
        assert not c.necessary_types & {"imei", "android_id", "oaid", "mac_address", "installed_apps",
                                        "clipboard", "contacts", "sms", "call_log"}, c.key


def test_registered_phone_number_in_24_categories() -> None:
    with_phone = [c.key for c in categories() if "phone_number" in c.necessary_types]
    # 24 "注册用户移动电话号码" categories, plus postal_express (sender/recipient phone).
    assert len(with_phone) == 25
    assert "map_navigation" not in with_phone and "postal_express" in with_phone


def test_other_and_unknown_categories() -> None:
    assert category("other") is None and not has_baseline("other")
    assert not is_necessary("other", "location") and necessary_types("other") == frozenset()
    with pytest.raises(PolicyError, match="unknown app category 'shopping'"):
        is_necessary("shopping", "location")
    assert not is_necessary("map_navigation", "locaton")


def test_every_type_exists_and_every_category_has_names() -> None:
    tax = taxonomy()
    for c in categories():
        assert c.name_zh.endswith("类") and c.name_en and c.basic_function_zh and c.basic_function_en
        for item in c.necessary:
            assert item.types and all(t in tax for t in item.types), item


def test_agrees_with_the_reference_json() -> None:
    ref = {c["key"]: c for c in json.loads(REFERENCE.read_text(encoding="utf-8"))}
    assert len(ref) == 39 and {c.key for c in categories()} == set(ref)
    for c in categories():
        r = ref[c.key]
        assert (r["id"], r["name_zh"], r["basic_function_zh"], r["no_pi_needed"]) == (
            c.number, c.name_zh, c.basic_function_zh, c.no_pi_needed)
        assert len(c.necessary) in (len(r["necessary_pi_zh"]), len(r["necessary_pi_zh"]) + 1)


def test_broken_baseline_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.yaml"
    bad.write_text("categories:\n  - {number: 1, key: x, name_zh: 甲类, name_en: X, basic_function_zh: 甲,"
                   " basic_function_en: x, no_pi_needed: false, necessary: [{text_zh: 甲, types: [imeii]}]}\n",
                   encoding="utf-8")
    with pytest.raises(PolicyError, match=r"b\.yaml: category #1: unknown data type 'imeii'"):
        load_baselines(bad)
    with pytest.raises(PolicyError, match="baseline file missing"):
        load_baselines(tmp_path / "missing.yaml")


def test_cli_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "baseline", "online_shopping"]) == 0
    out = capsys.readouterr().out
    assert "6 online_shopping (Online shopping)" in out and "address (postal address)" in out
    assert main(["policy", "baseline", "news", "--lang", "zh"]) == 0
    assert "no PI needed" in capsys.readouterr().out
