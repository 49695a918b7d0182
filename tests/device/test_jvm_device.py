"""The JVM stand-in device over the real probe app (no agent): the Device verbs do what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.interface import AppState, Device
from harness.device.jvm import JvmDevice, probe_target
from harness.device.restore import Restorer
from harness.scenario.consent import find_consent

APP = probe_target()


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory):
    restorer = Restorer(log=tmp_path_factory.mktemp("jvm") / "restore.log")
    dev = JvmDevice(lang="en")
    dev.prepare(restorer)
    yield dev, restorer
    restorer.run()


def test_profile_canaries_and_lifecycle(device, tmp_path: Path) -> None:
    dev, restorer = device
    assert isinstance(dev, Device)
    profile = dev.profile()
    assert {"imei", "android_id", "advertising_id", "location"} <= {k.data_type for k in profile.known_values}
    planted = dev.plant_canaries("feedc0de")
    clip = next(k.value for k in planted if k.data_type == "clipboard")

    pid = dev.launch(APP, None)
    assert dev.proc.pid == pid and dev.state(APP) is AppState.FOREGROUND
    # canaries were planted before `start`: the running app holds them
    assert clip in dev.proc.command("profile")
    dialog = find_consent(dev.ui_dump())
    assert dialog.found and dialog.agree.text == "Agree" and dialog.decline.text == "Disagree"
    shot = dev.screenshot(tmp_path / "accept-01-find_consent")
    assert shot == tmp_path / "accept-01-find_consent.xml" and "<hierarchy" in shot.read_text()
    dev.tap(dialog.agree)
    assert not find_consent(dev.ui_dump()).found
    dev.home()
    assert dev.state(APP) is AppState.BACKGROUND
    dev.resume(APP)
    assert dev.state(APP) is AppState.FOREGROUND
    assert dev.user_action("paste") == "pasted"
    assert dev.monkey(APP, 10, 1) == "skipped"
    dev.stop(APP)
    assert dev.state(APP) is AppState.NOT_RUNNING
    assert f"restore probe pid {pid} ended: ok" in restorer.log.read_text()
    assert not find_consent(dev.ui_dump()).found  # an app that is gone shows an empty screen


def test_decline_exit_is_seen(device) -> None:
    dev, _ = device
    dev.launch(APP, None)
    dialog = find_consent(dev.ui_dump())
    dev.tap(dialog.decline)  # the probe exits (System.exit) after its reply
    assert dev.state(APP) is AppState.NOT_RUNNING
    dev.stop(APP)


def test_both_devices_offer_the_explorer_verbs() -> None:
    from harness.device.android import AndroidDevice
    from harness.device.interface import Navigable
    from harness.device.jvm import JvmDevice

    assert isinstance(JvmDevice(), Navigable)
    assert all(callable(getattr(AndroidDevice, verb)) for verb in ("back", "scroll", "input_text", "current_activity"))
