"""The agent on the probe app (helper "probe"): every exercised catalogue entry gives an event with
the right data type, the value the app received, and the right actor; the app's values log is
byte-identical with and without the agent."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_helpers import read_records
from nesting import nested_events

from harness import probe
from harness.agent.catalogue import load_catalogue
from harness.agent.loader import attach_local
from harness.trace.clock import RunClock

ACTORS = {"app": None, "umeng": "umeng", "bugly": "bugly", "google_ads": "google_ads"}
COMMANDS = {"app": "exercise", "umeng": "exercise_sdk umeng", "bugly": "exercise_sdk bugly",
            "google_ads": "exercise_sdk google_ads"}

# What the probe's `exercise` reaches, with the data type each must carry (an independent table,
# not read back from the catalogue).
EXPECTED = {
    "telephony.get_device_id": "imei", "telephony.get_imei": "imei", "telephony.get_meid": "meid",
    "telephony.get_subscriber_id": "imsi", "telephony.get_sim_serial_number": "iccid",
    "telephony.get_line1_number": "phone_number", "settings.secure_android_id": "android_id",
    "settings.system_android_id": "android_id", "build.get_serial": "serial_number",
    "system_properties.serial": "serial_number", "wifi_manager.get_connection_info": "wifi_info",
    "wifi_info.get_mac_address": "mac_address", "bluetooth_adapter.get_address": "bluetooth_address",
    "bluetooth_adapter.get_name": "device_name", "subscription_manager.get_phone_number": "phone_number",
    "subscription_manager.get_active_subscription_info_list": "carrier_info",
    "subscription_info.get_icc_id": "iccid", "gaid.get_advertising_id_info": "advertising_id",
    "gaid.info_get_id": "advertising_id", "msa.supplier_get_oaid": "oaid", "msa.supplier_get_vaid": "vaid",
    "msa.supplier_get_aaid": "aaid", "msa.init_sdk": "oaid", "app_set_id.get_client": "app_set_id",
    "app_set_id.info_get_id": "app_set_id", "telephony.get_network_operator": "carrier_info",
    "telephony.get_sim_operator": "carrier_info", "telephony.get_cell_location": "cell_info",
    "gsm_cell_location.get_cid": "cell_info", "telephony.get_all_cell_info": "cell_info",
    "location_manager.get_last_known_location": "location", "location.get_latitude": "location",
    "location.get_longitude": "location", "location_manager.request_location_updates": "location",
    "wifi_info.get_ssid": "wifi_info", "wifi_info.get_bssid": "wifi_info", "wifi_info.get_ip_address": "ip_address",
    "wifi_manager.get_scan_results": "wifi_scan", "network_interface.get_hardware_address": "mac_address",
    "package_manager.get_installed_packages": "installed_apps",
    "package_manager.get_installed_applications": "installed_apps",
    "package_manager.get_package_info_other": "installed_apps",
    "activity_manager.get_running_app_processes": "running_apps", "content_resolver.query_contacts": "contacts",
    "content_resolver.query_call_log": "call_log", "content_resolver.query_sms": "sms",
    "content_resolver.query_calendar": "calendar", "content_resolver.query_media": "photos_media",
    "content_resolver.query_gsf_id": "gsf_id", "clipboard.get_primary_clip": "clipboard",
    "camera.open": "camera", "audio_record.start_recording": "microphone", "media_recorder.start": "microphone",
    "sensor_manager.register_listener_motion": "sensors", "account_manager.get_accounts": "accounts",
    "permissions.activity_compat_request": None, "permissions.activity_request": None,
    # issue 11 additions
    "settings.global_device_name": "device_name", "settings.global_pps_oaid": "oaid",
    "settings.secure_bluetooth_name": "device_name", "settings.secure_bluetooth_address": "bluetooth_address",
    "settings.system_device_keys": "device_name", "gaid.bind_service": "advertising_id",
    "oaid.bind_vendor_service": "oaid", "binder.transact_gaid": "advertising_id",
    "binder.transact_oaid": "oaid", "coolpad.device_id_manager_get_oaid": "oaid",
    "nubia.provider_client_call_oaid": "oaid", "provider_client.query_personal": "contacts",
    "content_resolver.insert_personal": "contacts", "content_resolver.insert_sms": "sms",
    "content_resolver.update_personal": "contacts", "content_resolver.delete_personal": "call_log",
    "content_resolver.query_fb_attribution": "device_identifier", "subscription_info.get_number": "phone_number",
    "uicc_port_info.get_iccid": "iccid", "telephony.register_telephony_callback": "cell_info",
    "telephony.listen": "cell_info", "sensor_manager.register_listener_body": "body_sensors",
    "bluetooth_le_scanner.start_scan": "bluetooth_info", "media_drm.device_unique_id": "widevine_id",
    "adservices.get_ad_id": "advertising_id", "adservices.get_app_set_id": "app_set_id",
    "adservices.get_topics": "ad_topics", "process.exec_getprop": "device_info",
    "process.exec_installed_apps": "installed_apps", "process.start_mac_address": "mac_address",
    "native.open_shared_id_file": "device_identifier",
    "fused_location.get_last_location": "location",   # hooked on the concrete zzbp the factory returned
}


UNLOGGED = {"msa.init_sdk"}  # InitSdk's result code is not written to the probe's values log


def _run(cp: Path, values_log: Path, events: Path | None) -> dict:
    with probe.ProbeProcess.launch(cp, values_log=values_log) as p:
        session = None
        if events is not None:
            session = attach_local(p.pid, events, RunClock(), catalogue=load_catalogue(),
                                   app_packages=(probe.PROBE_PACKAGE,))
        for scenario, command in COMMANDS.items():
            if session is not None:
                session.scenario = scenario
            p.command(command)
        if session is not None:
            session.close()
        p.command_raw("exit")
        p.wait(10)
    return {"values": values_log.read_bytes()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    cp = probe.build_probe()
    tmp = tmp_path_factory.mktemp("probe")
    plain = _run(cp, tmp / "plain.log", None)
    hooked = _run(cp, tmp / "hooked.log", tmp / "events.jsonl")
    return {"plain": plain["values"], "hooked": hooked["values"], "records": read_records(tmp / "events.jsonl")}


def test_values_log_byte_identical_with_and_without_agent(runs) -> None:
    assert runs["hooked"] == runs["plain"]
    assert runs["plain"].count(b"\n") > 100


@pytest.mark.parametrize("scenario", list(COMMANDS))
def test_every_exercised_entry_fires_with_type_value_and_actor(runs, scenario: str) -> None:
    lines = [line.split("\t") for line in runs["plain"].decode("utf-8").splitlines() if line.startswith("V\t")]
    logged = "\n".join(v[3] for v in lines if len(v) == 4 and v[1] == scenario)
    events = [r for r in runs["records"] if r["kind"] == "hook" and r["scenario"] == scenario]
    fired = {r["hook_id"] for r in events}
    assert set(EXPECTED) <= fired, f"not fired: {sorted(set(EXPECTED) - fired)}"
    cat = load_catalogue()
    for r in events:
        if r["hook_id"] in EXPECTED:
            assert r["data_type"] == EXPECTED[r["hook_id"]], r["hook_id"]
        entry = cat.get(r["hook_id"])
        ret = r["values"].get("return")
        if (entry.id in EXPECTED and entry.id not in UNLOGGED and ret is not None
                and ret not in ("true", "false")):
            assert ret in logged, f"{r['hook_id']}: {ret!r} is not what the app received"
        want = ACTORS[scenario]
        if r["event"] != "native" or r["hook_id"] == "native.open_shared_id_file":  # Java stack of FileInputStream
            assert r["actor"]["kind"] == ("first_party" if want is None else "sdk"), r["hook_id"]
            assert r["actor"]["sdk_id"] == want, r["hook_id"]


def test_snapshot_of_build_fields(runs) -> None:
    snaps = {r["hook_id"]: r for r in runs["records"] if r["kind"] == "snapshot"}
    build = snaps["build.snapshot"]
    assert build["data_type"] == "device_info"
    assert build["values"]["android.os.Build.MODEL"] == "Pixel 6"
    assert snaps["build_version.snapshot"]["values"]["android.os.Build$VERSION.SDK_INT"] == "33"


# AOSP delegation chains the probe's stand-ins reproduce (API 33), with how many times the
# exercise calls each from app code: exactly that many events, however deep the chain.
CHAINS = {
    "telephony.get_imei": 2,                     # getImei() -> getImei(int); getImei(1)
    "telephony.get_meid": 1,                     # getMeid() -> getMeid(int)
    "telephony.get_subscriber_id": 1,            # getSubscriberId() -> getSubscriberId(int subId)
    "telephony.get_sim_serial_number": 1,
    "telephony.get_line1_number": 1,
    "content_resolver.query_contacts": 1,        # query 5-arg -> 6-arg -> Bundle overload
    "content_resolver.query_media": 1,           # MediaStore...query -> ContentResolver.query: not counted
    "media_store.images_query": 1,
    "package_manager.get_installed_packages": 1,  # (int) -> (PackageInfoFlags) -> AsUser
    "package_manager.get_installed_applications": 1,
    "package_manager.get_package_info_other": 1,  # (String,int) -> (String,PackageInfoFlags) -> AsUser
    "package_manager.get_package_info_as_user_other": 1,
    "sensor_manager.register_listener_motion": 1,  # 3-arg -> 4-arg Handler overload -> registerListenerImpl
    "audio_record.init": 1,                      # public ctor -> @SystemApi ctor -> private ctor
    "permissions.activity_compat_request": 1,    # ActivityCompat -> Api23Impl -> Activity.requestPermissions
    "permissions.support_activity_compat_request": 1,
    "permissions.activity_request": 1,           # the one direct Activity.requestPermissions call
    "telephony.listen": 1,                       # LISTEN_CELL_LOCATION; the LISTEN_CALL_STATE call is not cell info
    "telephony.register_telephony_callback": 1,  # Executor overload -> (int, Executor, callback)
    "nubia.provider_client_call_oaid": 1,        # call(method,..) -> call(authority, method,..)
    "provider_client.query_personal": 1,
    "content_resolver.insert_personal": 1,       # insert(Uri,ContentValues) -> insert(..,Bundle)
    "content_resolver.update_personal": 1,
    "content_resolver.delete_personal": 1,
    "bluetooth_le_scanner.start_scan": 1,        # startScan(cb) -> (filters, settings, cb) -> private
    "process.exec_getprop": 1,                   # exec(String) -> exec(String[],..) -> ProcessImpl.start
    "process.exec_installed_apps": 1, "process.exec_mac_address": 1,
    "process.start_getprop": 1, "process.start_installed_apps": 1,   # direct ProcessBuilder.start()
    "process.start_mac_address": 1,
    "location_manager.get_last_known_location": 1,   # (String) -> (String, LastLocationRequest)
    "location_manager.request_location_updates": 1,  # 4-arg -> Looper -> Executor -> LocationRequest overload
    "location_manager.request_single_update": 1,     # -> requestLocationUpdates(.., LocationRequest, ..)
    "location_manager.get_current_location": 1,      # -> (String, LocationRequest, ..)
    "geocoder.get_from_location": 1,                 # blocking -> GeocodeListener overload (API 33)
    "geocoder.get_from_location_name": 1,            # (String,int) -> 6-arg -> 7-arg listener overload
    "clipboard.get_text": 1,                         # getText() -> getPrimaryClip()
    "clipboard.get_primary_clip": 1,
    "package_manager.query_intent_activities": 1,    # (Intent,int) -> ResolveInfoFlags -> AsUser
    "package_manager.get_launch_intent_other": 1,    # -> queryIntentActivities (INFO, then LAUNCHER)
    "telephony.get_network_country_iso": 1,          # () -> (int slotIndex)
    "telephony.get_voice_mail_number": 1,            # () -> hidden (int subId)
    "telephony.get_device_software_version": 1,      # () -> hidden (int slotIndex)
    "subscription_manager.get_active_subscription_info_list": 1,   # () -> hidden (boolean)
    "content_resolver.observe_sms": 1,               # 3-arg -> hidden 4-arg (userHandle)
    "content_resolver.observe_contacts": 1,
}


@pytest.mark.parametrize("scenario", list(COMMANDS))
def test_each_delegation_chain_is_one_event_per_app_call(runs, scenario: str) -> None:
    events = [r for r in runs["records"] if r["kind"] == "hook" and r["scenario"] == scenario]
    counts = {h: sum(1 for r in events if r["hook_id"] == h) for h in CHAINS}
    assert counts == CHAINS
    imei = [r for r in events if r["hook_id"] == "telephony.get_imei"]
    # recorded as the outermost call: getImei() with no argument, then the app's getImei(1)
    assert [r["values"].get("args", {}) for r in imei] == [{}, {"0": "1"}]
    assert [r["values"]["return"] for r in imei] == ["867530901234565", "867530901234573"]


def test_no_event_is_nested_in_another_call_of_its_group(runs) -> None:
    """No two events share thread, hook group and app call (one app call = one outermost frame)."""
    assert not nested_events(runs["records"])


def test_excessive_frequency_counts_the_apps_own_calls(tmp_path: Path) -> None:
    """n x getImei() (-> getImei(int) in AOSP) recorded by the real agent, judged by the real rule: n reads."""
    from harness.analysis import analyze_run
    from harness.trace import RunDir, RunStatus
    from harness.trace.records import record

    n = 8
    out = tmp_path / "events.jsonl"
    with probe.ProbeProcess.launch(probe.build_probe()) as p:
        session = attach_local(p.pid, out, RunClock(), catalogue=load_catalogue().select(ids=["telephony.get_imei"]),
                               app_packages=(probe.PROBE_PACKAGE,))
        session.scenario = "accept"
        p.command(f"burst {n} imei")
        session.flush()
        session.close()
        p.command_raw("exit")
    hooks = [r for r in read_records(out) if r["kind"] == "hook"]
    assert len(hooks) == n and all(r["values"].get("args", {}) == {} for r in hooks)
    end = hooks[-1]["t"] + 1.0
    run = RunDir.create(tmp_path / "run", app={"package": probe.PROBE_PACKAGE, "name": "Probe"})
    with run.writer(RunDir.EVENTS) as w:
        w.write_batch(hooks)
    with run.writer(RunDir.UI) as w:
        w.write_batch([record("marker", t, scenario="accept", marker=m, detail=None, screenshot=None)
                       for t, m in ((0.0, "scenario_start"), (0.0, "app_launched"), (0.0, "consent_accepted"),
                                    (end, "scenario_end"))])
    run.finish(RunStatus.COMPLETE)
    report = analyze_run(tmp_path / "run", None)
    [freq] = [f for f in report.findings if f.rule == "excessive_frequency"]
    assert freq.data_type == "imei" and freq.count == n
