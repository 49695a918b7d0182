"""The probe under the real Frida agent and the shipped hook catalogue: every Java entry fires with the
value the app received and the calling package as actor, and the app behaves identically with hooks."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import pytest

from harness.agent import catalogue as catalogue_mod
from harness.agent import loader
from harness.probe import ProbeProcess, build_probe
from harness.trace.clock import RunClock

SEQUENCE = ("exercise", "exercise_sdk umeng", "exercise_sdk google_ads", "start", "agree", "burst 200",
            "poll_location 0 2")


def run(classpath: Path, values: Path, events: Path | None) -> None:
    with ProbeProcess.launch(classpath, values_log=values) as p:
        session = None
        if events is not None:
            session = loader.attach_local(p.pid, events, RunClock(), catalogue=catalogue_mod.load_catalogue(),
                                          app_packages=("com.example.probe",))
        for cmd in SEQUENCE:
            if session is not None:
                session.scenario = cmd.split()[-1] if cmd.startswith("exercise_sdk") else cmd.split()[0]
            p.command(cmd, timeout=120)
        if session is not None:
            session.flush()
        p.command("exit")
        assert p.wait(15) == 0
        if session is not None:
            deadline = time.monotonic() + 5
            while session.detached_reason is None and time.monotonic() < deadline:
                time.sleep(0.05)
            session.close()


@pytest.fixture(scope="module")
def traced(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("probe-agent")
    cp = build_probe()
    run(cp, tmp / "hooked.log", tmp / "events.jsonl")
    run(cp, tmp / "plain.log", None)
    records = [json.loads(line) for line in (tmp / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"records": records, "hooked": (tmp / "hooked.log").read_bytes(), "plain": (tmp / "plain.log").read_bytes()}


def test_hooks_do_not_change_what_the_app_receives(traced: dict) -> None:
    assert traced["hooked"] == traced["plain"]
    assert traced["hooked"].count(b"\n") > 400


def test_consent_signals_carry_the_stored_tc_string(traced: dict) -> None:
    """The CMP stand-in stores IABTCF_* on agree; AdMob reads the same TC string back; both decode."""
    from harness.consent.tcf import decode_tc_string

    hooks = [r for r in traced["records"] if r["kind"] == "hook" and r["hook_id"].startswith("consent.")]
    writes = {r["values"]["args"]["0"]: r["values"]["args"]["1"] for r in hooks
              if r["event"] == "write" and r["hook_id"] != "consent.firebase_set_consent"}
    [mode] = [r for r in hooks if r["hook_id"] == "consent.firebase_set_consent"]
    assert mode["values"]["args"]["0"] == ("{AD_STORAGE=GRANTED, ANALYTICS_STORAGE=GRANTED, AD_USER_DATA=GRANTED, "
                                           "AD_PERSONALIZATION=GRANTED}") and mode["actor"]["kind"] == "first_party"
    assert str(writes["IABTCF_gdprApplies"]) == "1" and str(writes["IABTCF_CmpSdkID"]) == "300"  # ints as the agent renders them
    tc = decode_tc_string(writes["IABTCF_TCString"])
    assert tc.cmp_id == 300 and tc.purposes_consent == tuple(range(1, 11)) and tc.vendor_consents == {755}
    assert tc.purposes_li == (2, 7, 8, 9, 10) and tc.policy_version == 4
    reads = [(r["values"]["args"]["0"], r["values"].get("return"), r["actor"].get("sdk_id")) for r in hooks
             if r["event"] == "read"]
    assert ("IABTCF_TCString", writes["IABTCF_TCString"], "google_ads") in reads
    assert {r["scenario"] for r in hooks} == {"agree"}


def test_every_java_entry_fires_with_the_calling_package_as_actor(traced: dict) -> None:
    entries = {e.id: e for e in catalogue_mod.load_catalogue().entries if e.java_class and e.method}
    seen: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for r in traced["records"]:
        if r["kind"] == "hook" and r["hook_id"] in entries:
            assert r["data_type"] == entries[r["hook_id"]].data_type, r["hook_id"]
            seen[r["hook_id"]].add((r["scenario"], r["actor"].get("sdk_id") or r["actor"]["kind"]))
    silent = sorted(set(entries) - set(seen))
    assert not silent, f"catalogue entries the probe never triggered: {silent}"
    for hook_id, who in seen.items():
        if not any(s in ("exercise", "umeng", "google_ads") for s, _ in who):
            continue  # lifecycle hooks fire on start/agree only
        assert ("exercise", "first_party") in who, hook_id
        assert ("umeng", "umeng") in who, hook_id
        assert ("google_ads", "google_ads") in who, hook_id


def test_scenario_reads_carry_values_actor_and_foreground(traced: dict) -> None:
    hooks = [r for r in traced["records"] if r["kind"] == "hook"]
    start = [(r["hook_id"], r["actor"].get("sdk_id"), r["foreground"], r["values"].get("return"))
             for r in hooks if r["scenario"] == "start" and r["event"] == "read"]
    assert ("telephony.get_device_id", "umeng", None, "867530901234565") in start  # before any onResume
    assert ("wifi_info.get_mac_address", "umeng", None, "02:00:5e:10:00:01") in start
    agree = {(r["hook_id"], r["actor"].get("sdk_id") or r["actor"]["kind"], r["values"].get("return"))
             for r in hooks if r["scenario"] == "agree" and r["foreground"] is True}
    assert ("gaid.info_get_id", "google_ads", "c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25") in agree
    assert ("settings.secure_android_id", "bugly", "a3f1c9e27b5d4086") in agree
    assert ("location.get_latitude", "first_party", "39.9087243") in agree
    burst = [r for r in hooks if r["scenario"] == "burst" and r["hook_id"] == "telephony.get_device_id"]
    assert len(burst) == 200
    prompts = [r for r in hooks if r["scenario"] == "start" and r["event"] == "permission_request"]
    assert len(prompts) == 1 and "android.permission.RECORD_AUDIO" in json.dumps(prompts[0]["values"])


# What the app and its SDKs read through hooks in the start, agree and background-poll scenarios: 18
# data types here; decline adds oaid and Bugly sends Build fields (device_info), both findings in
# tests/audit/test_e2e_probe.py: 20 across the five scenarios.
SCENARIO_TYPES = {
    "imei", "android_id", "mac_address", "wifi_info", "location", "installed_apps", "clipboard",
    "advertising_id", "app_set_id", "ad_topics", "phone_number", "device_name", "carrier_info", "network_state",
    "ip_address", "sensors", "cell_info", "wifi_scan",
}


def test_scenarios_read_the_designed_data_types(traced: dict) -> None:
    seen = {r["data_type"] for r in traced["records"]
            if r["kind"] in ("hook", "snapshot") and r.get("data_type") and r["scenario"] in ("start", "agree", "poll_location")}
    assert seen >= SCENARIO_TYPES, sorted(SCENARIO_TYPES - seen)
