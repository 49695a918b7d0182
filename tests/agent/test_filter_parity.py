"""The record filter exists once in Python and once in the agent: both decide the same on the same cases.

The agent's own filter.ts is compiled with frida.Compiler into a test script that exposes it over RPC
and loaded into a host process; every case goes through both.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from harness.agent.catalogue import RecordFilter

ROOT = Path(__file__).resolve().parents[2]
APP = ("com.example.probe",)
CASES: list[tuple[dict, list[str | None]]] = [
    ({"equals": ["android_id", "bluetooth_name"]}, ["android_id", "Android_id", "android_id2", "", None]),
    ({"prefix": ["content://sms", "/proc/"]}, ["content://sms/inbox", "content://smsx", "/proc/net/arp", "proc/"]),
    ({"glob": ["/sys/class/net/*/address", "*act=com.google.android.gms.ads.identifier.service.START*",
               "/data/?/x.[a]+"]},
     ["/sys/class/net/wlan0/address", "/sys/class/net/address", "Intent{act=com.google.android.gms.ads.identifier"
      ".service.START pkg=x}", "/data/a/x.[a]+", "/data/ab/x.[a]+", "/data/a/xx[a]+"]),
    ({"authority": ["com.android.contacts", "sms"]},
     ["content://com.android.contacts/data/phones", "content://sms?x=1", "content://sms", "content://", "sms",
      "content://com.android.contacts.evil/data"]),
    ({"interface_token": ["com.android.vending.billing.IInAppBillingService", "com.uodis.opendevice.aidl.OpenDeviceIdentifierService"]},
     ["com.uodis.opendevice.aidl.OpenDeviceIdentifierService", "com.uodis.opendevice.aidl", ""]),
    ({"any_bit": 0x10 | 0x400}, ["16", "1024", "17", "1", "0", "-16", "0x10", "abc", "1040"]),
    ({"other_package": True}, ["com.example.probe", "com.tencent.mm", "", None]),
    ({}, ["anything", None]),
]


def _spec(case: dict) -> dict:
    base = {"arg": 0, "equals": [], "prefix": [], "glob": [], "authority": [], "interface_token": [],
            "other_package": False, "any_bit": 0}
    return {**base, **case}


@pytest.fixture(scope="module")
def agent_filter():
    frida = pytest.importorskip("frida")
    source = frida.Compiler().build("tests/agent/ts/filter_parity.ts", project_root=str(ROOT))
    host = subprocess.Popen(["sleep", "60"])
    try:
        session = frida.attach(host.pid)
        script = session.create_script(source)
        script.load()
        yield script.exports_sync.check
        session.detach()
    finally:
        host.kill()
        host.wait()


@pytest.mark.parametrize(("case", "values"), CASES)
def test_python_and_agent_filters_agree(agent_filter, case: dict, values: list[str | None]) -> None:
    spec = _spec(case)
    py = RecordFilter(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()})
    expected = [py.matches(v, APP) for v in values]
    assert agent_filter(spec, list(APP), values) == expected
    assert any(expected) or not values or case == {}  # each case has a value that matches, so the test can fail
