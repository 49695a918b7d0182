"""Message conversion without frida: catalogue fill-in, run clock, sequence gaps, attribution."""

from __future__ import annotations

from harness.agent.catalogue import load_catalogue
from harness.agent.messages import MessageConverter


def _conv(**kw):  # noqa: ANN202
    c = MessageConverter(load_catalogue(), app_packages=("com.example.probe",), pid=42, scenario=lambda: "accept",
                         now=lambda: 9.5, **kw)
    c.offset = -1000.0
    return c


def _event(seq: int, hook: str, stack: str) -> dict:
    return {"seq": seq, "time": 1_000_500.0, "thread": "main", "hook": hook, "values": {"return": "x"},
            "stack": stack, "fg": None}


def test_events_become_hook_records() -> None:
    c = _conv(seq_start=100)
    gaid = ("com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId(Native Method)\n"
            "com.example.probe.Main.run(Main.java:3)")
    recs = c.convert({"type": "send", "payload": {"type": "events", "events": [
        _event(1, "gaid.info_get_id", gaid),
        _event(2, "telephony.get_imei", "android.telephony.TelephonyManager.getImei(Native Method)\n"
                                        "com.umeng.commonsdk.Dev.imei(Dev.java:9)"),
    ]}})
    first, second = recs
    assert first["kind"] == "hook" and first["seq"] == 101 and first["t"] == 0.5
    assert first["api"] == "com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId"
    assert first["data_type"] == "advertising_id" and first["event"] == "read"
    # The hooked SDK class itself is skipped: the app asked for the GAID.
    assert first["actor"]["kind"] == "first_party"
    assert second["actor"]["kind"] == "sdk" and second["actor"]["sdk_id"] == "umeng"
    assert first["scenario"] == "accept" and first["pid"] == 42
    assert c.last_seq == 102


def test_gaps_unknown_messages_and_script_errors_are_diagnostics() -> None:
    c = _conv()
    recs = c.convert({"type": "send", "payload": {"type": "events", "events": [_event(3, "x.unknown", "")]}})
    assert recs[0]["kind"] == "agent" and "sequence gap: expected 1, got 3" in recs[0]["reason"]
    assert recs[1]["kind"] == "hook" and recs[1]["api"] is None and recs[1]["actor"]["kind"] == "unknown"
    odd = c.convert({"type": "send", "payload": {"type": "surprise"}})
    assert odd[0]["status"] == "error" and "unknown message type 'surprise'" in odd[0]["reason"]
    assert odd[0]["t"] == 9.5
    err = c.convert({"type": "error", "description": "ReferenceError: x", "stack": "at y"})
    assert err[0]["status"] == "error" and err[0]["reason"] == "ReferenceError: x"
    bad = c.convert({"type": "send", "payload": {"type": "events", "events": [{"nope": 1}]}})
    assert bad[0]["status"] == "error" and "malformed" in bad[0]["reason"]
    assert c.convert({"type": "log", "payload": "hi"})[0]["status"] == "error"


def test_native_events_keep_the_native_stack() -> None:
    c = _conv()
    ev = {**_event(1, "native.open_mac_path", ""), "native_stack": ["libfoo.so!0x10"]}
    rec = c.convert({"type": "send", "payload": {"type": "events", "events": [ev]}})[0]
    assert rec["native_stack"] == ["libfoo.so!0x10"] and rec["actor"]["frame"] == "libfoo.so!0x10"
    assert rec["event"] == "native" and rec["data_type"] == "mac_address"


def test_stacks_travel_once_then_by_id() -> None:
    c = _conv()
    raw = "[java.lang.Thread.getStackTrace(Thread.java:1610), android.telephony.TelephonyManager.getImei(Native " \
          "Method), com.umeng.commonsdk.Dev.imei(Dev.java:9)]"
    first = {**_event(1, "telephony.get_imei", raw), "sid": 7}
    second = {**_event(2, "telephony.get_imei", ""), "sid": 7}
    del second["stack"]
    a, b = c.convert({"type": "send", "payload": {"type": "events", "events": [first, second]}})
    assert a["stack"] == ["android.telephony.TelephonyManager.getImei(Native Method)",
                          "com.umeng.commonsdk.Dev.imei(Dev.java:9)"]
    assert b["stack"] == a["stack"] and b["actor"]["sdk_id"] == "umeng"
