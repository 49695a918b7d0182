"""The scenario runner on an Android device over replayed adb: markers, their timing, step records."""

from __future__ import annotations

from pathlib import Path

from support.adb_replay import ReplayRunner

from harness.device.adb import Adb
from harness.device.android import AndroidDevice
from harness.device.interface import AppTarget
from harness.scenario.model import builtin
from harness.scenario.runner import Hooks, ScenarioRunner
from harness.trace import RunDir, read_jsonl

DATA = Path(__file__).parents[1] / "device" / "data"
APP = AppTarget("com.example.news", permissions=("android.permission.CAMERA",))
S = "emulator-5554"


def rec(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def run_scenario(tmp_path: Path, name: str, replay: ReplayRunner, *, clear: bool = True,
                 on_launch=lambda: None, app: AppTarget = APP):
    run = RunDir.create(tmp_path / "run")
    replay.on(r"shell uiautomator dump /sdcard/aph_window_dump.xml", "UI hierchary dumped to: /sdcard/aph_window_dump.xml\n")
    dev = AndroidDevice(S, adb=Adb(adb="adb", runner=replay))
    launches: list[float] = []

    def launch() -> int:
        launches.append(run.clock.now())
        on_launch()
        return 4321

    stops: list[int] = []
    with run.writer(RunDir.UI, batch=1) as ui:
        runner = ScenarioRunner(dev, app, ui, run.clock, run.path / "screens",
                                Hooks(launch, lambda: stops.append(1)), wait_scale=0.0)
        result = runner.run(builtin(name), clear_data=clear)
    return run, result, read_jsonl(run.path / RunDir.UI), launches, stops


def markers(records):
    return [r["marker"] for r in records if r["kind"] == "marker"]


def test_accept_on_android(tmp_path) -> None:
    replay = ReplayRunner()
    replay.on(r"shell pm clear com.example.news", "Success\n")
    replay.on(r"shell pidof com.example.news", "4321\n")
    replay.on(r"shell dumpsys window", rec("dumpsys_window_dialog.txt"))
    replay.on(r"exec-out screencap -p", b"\x89PNG\r\n\x1a\n")
    # find_consent sees the dialog; tap_agree reuses it; then the permission prompt, then the app.
    replay.on(r"exec-out cat /sdcard/aph_window_dump.xml", rec("uiautomator_consent_zh.xml"),
              rec("uiautomator_permission_dialog.xml"), rec("uiautomator_main_settings.xml"))
    run, result, records, launches, stops = run_scenario(tmp_path, "accept", replay)
    assert markers(records) == ["scenario_start", "data_cleared", "app_launched", "policy_shown",
                                "consent_accepted", "permission_prompt", "permission_granted", "scenario_end"]
    steps = [r for r in records if r["kind"] == "step"]
    assert [s["action"] for s in steps] == [s.action for s in builtin("accept").steps]
    assert {s["action"]: s["result"] for s in steps}["user"] == "skipped"  # paste is scripted on the JVM only
    assert all(s["screenshot"].startswith("screens/accept-") and s["screenshot"].endswith(".png") for s in steps)
    assert (run.path / steps[3]["screenshot"]).exists()
    # consent_accepted is stamped BEFORE the tap reaches the device
    accepted = next(r for r in records if r.get("marker") == "consent_accepted")
    tap_index = next(i for i, (_, c) in enumerate(replay.calls) if c == "shell input tap 740 1650")
    assert run.clock.origin + accepted["t"] <= replay.times[tap_index]
    assert accepted["detail"] == {"button": "同意"}
    shown = next(r for r in records if r.get("marker") == "policy_shown")
    assert shown["detail"]["agree"] == "同意" and shown["detail"]["decline"] == "不同意"
    granted = next(r for r in records if r.get("marker") == "permission_granted")
    assert "location" in granted["detail"]["permission"]
    cmds = replay.commands(S)
    assert "shell input tap 540 1533" in cmds  # "While using the app"
    assert any(c.startswith("shell monkey -p com.example.news -s 7") for c in cmds)
    assert cmds[0] == "shell pm clear com.example.news"
    assert cmds[-1] == "shell am force-stop com.example.news" and stops
    assert result.policy_shown == 1 and not result.exited


def test_reject_exit_is_marked_and_relaunch_counts_reprompt(tmp_path) -> None:
    replay = ReplayRunner()
    alive = {"pid": ""}
    # the app dies when "不同意" is tapped; the launch hook (relaunch) brings it back
    replay.on(r"shell input tap 340 1650", lambda c: alive.update(pid="") or "")
    replay.on(r"shell pidof com.example.news", lambda c: alive["pid"])
    replay.on(r"shell dumpsys window", rec("dumpsys_window_dialog.txt"))
    replay.on(r"exec-out cat /sdcard/aph_window_dump.xml", rec("uiautomator_consent_zh.xml"))
    run, result, records, launches, _ = run_scenario(tmp_path, "reject", replay, clear=False,
                                                     on_launch=lambda: alive.update(pid="4321\n"))
    ms = markers(records)
    assert ms[:5] == ["scenario_start", "app_launched", "policy_shown", "consent_declined", "app_exited"]
    assert ms.count("policy_shown") == 2 and ms.count("consent_declined") == 2 and ms.count("app_exited") == 2
    assert ms.index("app_relaunched") > ms.index("app_exited")
    assert len(launches) == 2 and result.exited and result.policy_shown == 2
    declined = next(r for r in records if r.get("marker") == "consent_declined")
    tap_index = next(i for i, (_, c) in enumerate(replay.calls) if c == "shell input tap 340 1650")
    assert run.clock.origin + declined["t"] <= replay.times[tap_index]
    steps = [r for r in records if r["kind"] == "step"]
    # after the exit, the same-launch look for a looping dialog finds nothing (the app is gone)
    assert (steps[5]["action"], steps[5]["result"], steps[5]["detail"]) == ("find_consent", "not_found",
                                                                            {"running": False})
    expect = [r for r in records if r.get("action") == "expect_running"]
    assert expect[0]["result"] == "failed" and expect[0]["detail"] == {"state": "not_running"}


def test_deny_permissions_revokes_first(tmp_path) -> None:
    replay = ReplayRunner()
    replay.on(r"shell pidof com.example.weather", "4321\n")
    replay.on(r"shell dumpsys window", rec("dumpsys_window_dialog.txt"))
    replay.on(r"exec-out cat /sdcard/aph_window_dump.xml", rec("uiautomator_permission_dialog.xml"),
              rec("uiautomator_consent_en.xml"), rec("uiautomator_consent_en.xml"), rec("uiautomator_main_settings.xml"))
    weather = AppTarget("com.example.weather", permissions=("android.permission.CAMERA",))
    run, result, records, _, _ = run_scenario(tmp_path, "deny_permissions", replay, clear=False, app=weather)
    ms = markers(records)
    assert ms[:4] == ["scenario_start", "permission_denied", "app_launched", "permission_prompt"]
    assert "consent_accepted" in ms
    cmds = replay.commands(S)
    assert cmds[0] == "shell pm revoke com.example.weather android.permission.CAMERA"
    assert "shell input tap 540 1785" in cmds  # "Don’t allow"
    assert "shell input tap 540 1460" in cmds  # "Agree and continue"


def test_app_dying_under_a_step_is_an_observation_not_an_environment_error(tmp_path) -> None:
    from harness.device.adb import CmdResult
    from harness.scenario.model import parse_scenario

    replay = ReplayRunner()
    alive = {"pid": ""}
    replay.on(r"shell pidof com.example.news", lambda c: alive["pid"])
    replay.on(r"shell dumpsys window", rec("dumpsys_window_dialog.txt"))
    replay.on(r"shell input keyevent KEYCODE_HOME", CmdResult(1, b"", b"error: device closed"))
    run = RunDir.create(tmp_path / "run")
    dev = AndroidDevice(S, adb=Adb(adb="adb", runner=replay))
    original_home = dev.home

    def home_while_the_app_crashes() -> None:
        alive["pid"] = ""  # the app dies just as the key event is sent
        original_home()

    dev.home = home_while_the_app_crashes  # type: ignore[method-assign]

    def launch() -> int:
        alive["pid"] = "4321\n"
        return 4321

    scenario = parse_scenario("name: crashy\nsteps: [launch, home, home]\n", "crashy.yaml")
    with run.writer(RunDir.UI, batch=1) as ui:
        result = ScenarioRunner(dev, APP, ui, run.clock, run.path / "screens", Hooks(launch),
                                wait_scale=0.0).run(scenario)
    records = read_jsonl(run.path / RunDir.UI)
    steps = [r for r in records if r["kind"] == "step"]
    assert steps[1]["result"] == "failed" and steps[1]["detail"]["app_exited"] is True
    assert "environment" not in steps[1]["detail"]
    assert steps[2]["result"] == "skipped"  # the second `home`: no app to send home
    assert result.env_errors == 0 and "app_exited" in markers(records)


def test_reject_on_an_app_that_stays_up_but_blocks_itself(tmp_path) -> None:
    replay = ReplayRunner()
    screens = iter([rec("uiautomator_consent_zh.xml")] + [rec("uiautomator_blocked_after_decline.xml")] * 3)
    replay.on(r"shell pidof com.example.news", "4321\n")
    replay.on(r"shell dumpsys window", rec("dumpsys_window_dialog.txt"))
    replay.on(r"exec-out cat /sdcard/aph_window_dump.xml", lambda c: next(screens, rec("uiautomator_consent_zh.xml")))
    _, _, records, _, _ = run_scenario(tmp_path, "reject", replay, clear=False)
    blocked = next(r for r in records if r.get("action") == "check_blocked")
    assert blocked["result"] == "ok"
    assert blocked["detail"] == {"blocked": True, "phrase": "需要您同意"}
    assert markers(records)[:4] == ["scenario_start", "app_launched", "policy_shown", "consent_declined"]
