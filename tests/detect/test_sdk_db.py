"""SDK database lookups: longest prefix on name boundaries, host suffixes, Exodus import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.detect.sdk_db import Sdk, SdkDatabase, load_exodus_trackers, sdk_database
from harness.errors import InputError


@pytest.mark.parametrize(("cls", "sdk_id"), [
    ("com.umeng.analytics.MobclickAgent", "umeng"),
    ("com.umeng.commonsdk.UMConfigure$1", "umeng"),
    ("com.google.android.gms.ads.identifier.AdvertisingIdClient", "google_ads_identifier"),
    ("com.google.android.gms.ads.MobileAds", "google_ads"),
    ("com.tencent.bugly.crashreport.CrashReport", "bugly"),
    ("com.umengx.Foo", None),            # not on a name boundary
    ("com.example.probe.Main", None),
])
def test_by_package_longest_prefix_on_boundaries(cls: str, sdk_id: str | None) -> None:
    sdk = sdk_database().by_package(cls)
    assert (sdk.id if sdk else None) == sdk_id


@pytest.mark.parametrize(("host", "sdk_id"), [
    ("alog.umeng.com", "umeng"),
    ("umeng.com", "umeng"),
    ("android.bugly.qq.com", "bugly"),
    ("googleads.g.doubleclick.net", "google_ads"),
    ("notumeng.com", None),
    ("api.probe.example.com", None),
])
def test_by_host_suffix(host: str, sdk_id: str | None) -> None:
    sdk = sdk_database().by_host(host)
    assert (sdk.id if sdk else None) == sdk_id


def test_meta_data_reveals_sdk() -> None:
    assert sdk_database().by_meta_data("UMENG_APPKEY").id == "umeng"  # type: ignore[union-attr]


def test_shipped_ids_are_unique_and_complete() -> None:
    db = sdk_database()
    assert len(db.sdks) >= 35
    for sdk in db.sdks.values():
        assert sdk.name and sdk.category and (sdk.packages or sdk.domains), sdk.id


def test_exodus_import_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "trackers.json"
    path.write_text(json.dumps({"trackers": {"70": {
        "name": "Acme Tracker", "code_signature": r"com\.acme\.track|com\.acme\.sdk",
        "network_signature": r"track\.acme\.io", "website": "https://acme.example"}}}))
    extra = load_exodus_trackers(path)
    assert extra == [Sdk(id="exodus:70", name="Acme Tracker", vendor="https://acme.example", category="",
                         code_regex=(r"com\.acme\.track", r"com\.acme\.sdk"), network_regex=(r"track\.acme\.io",),
                             sources=("exodus:70",))]
    db = sdk_database().merged_with(extra)
    assert db.by_package("com.acme.sdk.Init").id == "exodus:70"  # type: ignore[union-attr]
    assert db.by_host("eu.track.acme.io").id == "exodus:70"  # type: ignore[union-attr]
    assert db.by_host("alog.umeng.com").id == "umeng"  # type: ignore[union-attr]
    assert isinstance(db, SdkDatabase)


@pytest.mark.parametrize(("content", "message"), [
    ("[1, 2", "not valid JSON"),
    ('{"nothing": 1}', "no 'trackers' object"),
    ('{"trackers": {"1": {"code_signature": "x"}}}', "tracker 1: missing 'name'"),
    ('{"trackers": {"1": {"name": "x", "code_signature": "("}}}', "bad signature regex"),
])
def test_exodus_bad_input_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_exodus_trackers(path)
