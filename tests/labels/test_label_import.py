"""Importers: what each declares, where it says so (file, row, column), and one-line errors on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from labelkit import DATA

from harness.errors import InputError
from harness.labels.loader import load_label
from harness.labels.model import LabelKind
from harness.labels.play_types import COVERS, play_id
from harness.taxonomy import taxonomy


def test_every_taxonomy_type_has_one_play_data_type() -> None:
    seen = [t for types in COVERS.values() for t in types]
    assert len(seen) == len(set(seen))
    assert {t.id for t in taxonomy()} <= set(seen)
    assert play_id("imei") == play_id("advertising_id") == "PSL_DEVICE_ID"


def test_play_csv_declares_types_answers_and_rows() -> None:
    label = load_label(DATA / "play_location_only.csv")
    assert label.kind is LabelKind.PLAY
    [loc] = label.collected
    assert (loc.type, loc.purpose, loc.provenance.row, loc.provenance.column) == (
        "location", "PSL_APP_FUNCTIONALITY", 8, "PSL_PRECISE_LOCATION")
    assert label.shared == ()
    assert label.encrypted_in_transit.value is True and label.encrypted_in_transit.provenance.row == 3
    assert label.deletion_request.value is True and label.deletion_request.provenance.row == 5
    [pt] = label.play_types
    assert (pt.collected, pt.shared, pt.ephemeral, pt.required) == (True, False, False, False)
    assert label.collected_item("trajectory") is loc and label.collected_item("imei") is None


def test_play_csv_no_data() -> None:
    label = load_label(DATA / "play_no_data.csv")
    assert label.collects_any.value is False and label.collected == () and label.collects_any.provenance.row == 2


def test_html_collection_list() -> None:
    label = load_label(DATA / "pi_list.html")
    assert label.kind is LabelKind.PI_LIST
    assert [(d.type, d.feature, d.purpose, d.provenance.row, d.provenance.column) for d in label.collected] == [
        ("location", "附近门店", "推荐附近门店", 7, "个人信息类型"), ("android_id", "设备安全", "风控", 8, "个人信息类型")]


@pytest.mark.parametrize("name", ["sharing_list.md", "sharing_list.txt"])
def test_sharing_lists_markdown_and_text(name: str) -> None:
    label = load_label(DATA / name)
    assert label.kind is LabelKind.SHARING_LIST
    umeng = label.third_parties[0]
    assert umeng.sdk_id == "umeng" and umeng.company.startswith("友盟同欣")
    assert umeng.citation == ("https://www.umeng.com/page/policy",)
    assert "imei" in umeng.data_types or "device_identifier" in umeng.data_types
    assert umeng.provenance.row == (5 if name.endswith(".md") else 3)
    assert label.party_for({"kind": "sdk", "sdk_id": "umeng", "package": "com.umeng.analytics"}) is umeng
    assert label.party_covers(umeng, "android_id")
    second = label.third_parties[1]
    assert second.sdk_id == ("jpush" if name.endswith(".md") else "google_ads")


BAD = [
    ("x.csv", "a,b,c\n1,2,3\n", r"x\.csv:1: not a Play Console data safety CSV"),
    ("x.csv", "Question ID (machine readable),Response ID (machine readable),Response value\n"
              "PSL_DATA_TYPES_LOCATION,PSL_TELEPATHY,TRUE\n", r"x\.csv:2: unknown data type 'PSL_TELEPATHY'"),
    ("x.csv", "Question ID (machine readable),Response ID (machine readable),Response value\n"
              "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT,,perhaps\n", r"x\.csv:2: response value 'perhaps'"),
    ("x.csv", "Question ID (machine readable),Response ID (machine readable),Response value\n"
              "PSL_DATA_TYPES_LOCATION,PSL_PRECISE_LOCATION,TRUE\n", r"x\.csv:2: PSL_PRECISE_LOCATION is selected but"),
    ("x.csv", "Question ID (machine readable),Response ID (machine readable),Response value\n"
              "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,FALSE\nPSL_DATA_TYPES_IDENTIFIERS,PSL_DEVICE_ID,TRUE\n",
     r"x\.csv:3: PSL_DEVICE_ID is selected but .* says no data"),
    ("x.md", "| SDK名称 | 目的 |\n|---|---|\n| 友盟 | 统计 |\n", r"x\.md:3: no personal-information column"),
    ("x.md", "| 场景 | 个人信息类型 |\n|---|---|\n| 登录 |  |\n", r"x\.md:3: column '个人信息类型' is empty"),
    ("x.md", "nothing to see here\n", r"x\.md: no table"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD)
def test_bad_input_is_one_line_with_file_and_row(tmp_path: Path, name: str, text: str, message: str) -> None:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as e:
        load_label(p)
    assert "\n" not in str(e.value)


def test_missing_file_and_explicit_kind(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="label file not found"):
        load_label(tmp_path / "none.csv")
    label = load_label(f"pi-list:{DATA / 'sharing_list.md'}")
    assert label.kind is LabelKind.PI_LIST and {d.type for d in label.collected} >= {"imei", "android_id"}


def test_unmapped_cells_become_notes(tmp_path: Path) -> None:
    p = tmp_path / "pi.md"
    p.write_text("| 场景 | 个人信息类型 |\n|---|---|\n| 登录 | 手机号码 |\n| 个人资料 | 星座 |\n", encoding="utf-8")
    label = load_label(p)
    assert [d.type for d in label.collected] == ["phone_number"]
    assert label.notes == (f"{p}:4: '星座' names no data type the harness knows; not compared",)
