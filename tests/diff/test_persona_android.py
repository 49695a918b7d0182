"""A persona on Android at the adb boundary: the exact commands for what can be applied, notes for the rest,
and the undo steps on the restorer. (No device runs here: this proves the commands, not their effect; the
`device`-marked suite runs a persona on a real emulator.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.adb import Adb, CmdResult
from harness.device.restore import Restorer
from harness.persona import load_persona, parse_persona
from harness.persona.android import apply_to_android

PERSONAS = Path(__file__).resolve().parents[2] / "harness" / "policies" / "personas"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, argv, *, timeout, input=None) -> CmdResult:  # noqa: A002, ANN001
        self.calls.append(list(argv))
        return CmdResult(0, b"")


def _adb(serial: str) -> tuple[Adb, Recorder]:
    rec = Recorder()
    return Adb(serial, adb="adb", runner=rec), rec


def test_emulator_gets_location_locale_network_and_a_clean_app(tmp_path: Path) -> None:
    adb, rec = _adb("emulator-5554")
    persona = parse_persona({"name": "m", "locale": "en-GB", "network": {"type": "mobile"},
                             "location": {"lat": 51.5, "lon": -0.12}, "account": {"returning": False},
                             "device": {"model": "Pixel 8"}, "age": 11})
    restorer = Restorer(log=tmp_path / "restore.log")
    notes = apply_to_android(adb, "emulator-5554", "com.example.shop", persona, restorer)
    lines = [" ".join(c[3:]) for c in rec.calls]  # after `adb -s SERIAL`
    assert lines == ["emu geo fix -0.12 51.5",
                     "shell cmd locale set-app-locales com.example.shop --locales en-GB",
                     "shell svc wifi disable", "shell svc data enable",
                     "shell pm clear com.example.shop"]
    assert any("device.model: not applied" in n for n in notes) and any("age: not applied" in n for n in notes)
    rec.calls.clear()
    outcomes = restorer.run()
    assert all(o.ok for o in outcomes)
    assert [" ".join(c[3:]) for c in rec.calls] == [
        "shell svc wifi enable", "shell cmd locale set-app-locales com.example.shop --locales ''"]


def test_a_real_phone_keeps_its_gps_and_says_so(tmp_path: Path) -> None:
    adb, rec = _adb("R58M123ABC")
    persona = load_persona(PERSONAS / "adult-new-budget.yaml")
    notes = apply_to_android(adb, "R58M123ABC", "com.example.shop", persona, Restorer(log=tmp_path / "r.log"))
    assert not any("geo" in c for call in rec.calls for c in call)
    assert any("location: not applied" in n for n in notes)


@pytest.mark.parametrize("locale", ["zh-CN; reboot", "$(id)"])
def test_hostile_locale_reaches_the_device_shell_quoted(tmp_path: Path, locale: str) -> None:
    adb, rec = _adb("emulator-5554")
    persona = parse_persona({"locale": locale})
    apply_to_android(adb, "emulator-5554", "com.example.shop", persona, Restorer(log=tmp_path / "r.log"))
    [call] = rec.calls
    assert call[-1].endswith("'" + locale + "'")  # one shell word on the device
