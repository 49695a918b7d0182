"""Known values from a run (hooks, snapshots, device profile, canaries) and host attribution."""

from __future__ import annotations

import json

import pytest

from harness.detect.destinations import attribute_host
from harness.detect.known_values import KnownValue, is_junk, known_values_from_run, parse_identifier
from harness.detect.sdk_db import load_exodus_trackers, sdk_database
from harness.errors import InputError
from harness.trace import RunDir


def test_known_values_from_run_reads_hooks_snapshots_and_device_json(tmp_path):
    run = RunDir.create(tmp_path / "run")
    hooks = [
        {"v": 1, "t": 0.1, "kind": "hook", "seq": 0, "data_type": "imei", "event": "read",
         "values": {"return": "867530012345674"}},
        {"v": 1, "t": 0.2, "kind": "hook", "seq": 1, "data_type": "mac_address", "event": "read",
         "values": {"return": "02:00:00:00:00:00"}},  # the placeholder Android returns when denied
        {"v": 1, "t": 0.3, "kind": "hook", "seq": 2, "data_type": "location", "event": "read",
         "values": {"return": "Location[gps 39.908722,116.397499 hAcc=5 et=+1d2h]"}},
        {"v": 1, "t": 0.4, "kind": "hook", "seq": 3, "data_type": "imei", "event": "read",
         "values": {"return": "867530012345674"}},  # read twice: one value
        {"v": 1, "t": 0.5, "kind": "hook", "seq": 4, "data_type": None, "event": "permission_request",
         "values": {"return": "android.permission.READ_PHONE_STATE"}},
        {"v": 1, "t": 0.6, "kind": "snapshot", "data_type": "serial_number", "values": {"SERIAL": "R58M12ABCDE"}},
        {"v": 1, "t": 0.7, "kind": "snapshot", "data_type": "device_info", "values": {"TYPE": "user"}},
        {"v": 1, "t": 0.8, "kind": "hook", "seq": 5, "data_type": "location", "event": "read",
         "api": "android.location.Location.getLatitude", "values": {"return": "31.2304167"}},
        {"v": 1, "t": 0.9, "kind": "hook", "seq": 6, "data_type": "location", "event": "read",
         "api": "android.location.Location.getLongitude", "values": {"return": "121.4737011"}},
    ]
    (run.path / RunDir.EVENTS).write_text("\n".join(json.dumps(h) for h in hooks) + "\n", encoding="utf-8")
    run.write_json(RunDir.DEVICE, {"device": {}, "build": {}, "known_values": [
        {"data_type": "android_id", "value": "3f9a1c2b7d4e6f80", "source": "device_profile"},
        {"data_type": "clipboard", "value": "CANARY-clip-7f3a9e51", "source": "canary"},
        {"data_type": "phone_number", "value": "unknown", "source": "device_profile"}]})
    got = known_values_from_run(RunDir.open(run.path))
    assert got == [
        KnownValue("imei", "867530012345674", "hook"), KnownValue("location", "39.908722,116.397499", "hook"),
        KnownValue("serial_number", "R58M12ABCDE", "hook"), KnownValue("location", "31.2304167,121.4737011", "hook"),
        KnownValue("android_id", "3f9a1c2b7d4e6f80", "device_profile"),
        KnownValue("clipboard", "CANARY-clip-7f3a9e51", "canary")]


@pytest.mark.parametrize("value", ["", "unknown", "null", "0", "02:00:00:00:00:00", "abc", "000000000000000",
                                   "00000000-0000-0000-0000-000000000000"])
def test_junk_values_are_skipped(value):
    assert is_junk(value)


def test_identifier_argument_parsing():
    assert parse_identifier("imei=867530012345674") == KnownValue("imei", "867530012345674", "user")
    for bad in ("imei", "no_such_type=12345678", "imei=0"):
        with pytest.raises(ValueError):
            parse_identifier(bad)


def test_attribute_host_first_third_unknown():
    assert attribute_host("api.shop.example.com", ["example.com"])["party"] == "first"
    umeng = attribute_host("ulogs.umeng.com.", ["example.com"])
    assert (umeng["party"], umeng["sdk_id"]) == ("third", "umeng")
    assert attribute_host("umeng.com.evil.net")["party"] == "unknown"
    assert attribute_host("cdn.example.org:8443")["party"] == "unknown"


def test_exodus_tracker_list_attributes_hosts(tmp_path):
    path = tmp_path / "trackers.json"
    path.write_text(json.dumps({"trackers": {"999": {"name": "Acme Track", "code_signature": "com.acme.track",
                                                      "network_signature": r"acmetrack\.io|acme-t\.net"}}}))
    db = sdk_database().merged_with(load_exodus_trackers(path))
    hit = attribute_host("in.acmetrack.io", db=db)
    assert (hit["party"], hit["sdk_id"], hit["name"]) == ("third", "exodus:999", "Acme Track")
    assert attribute_host("in.acmetrack.io")["party"] == "unknown"
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(InputError):
        load_exodus_trackers(tmp_path / "bad.json")
