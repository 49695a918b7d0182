"""Run a scenario's steps on a device and write what happened to ui.jsonl.

Each step writes one "step" record (action, args, result, detail, screenshot file) and the
consent-phase "marker" records analysis derives phases from. Markers that a user action
causes (consent_accepted, consent_declined, app_background, user_paste, ...) take their
time JUST BEFORE the action is sent: what the app does in reaction counts as after it.
After each step the app's process state is checked, so an exit is marked when seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.device.interface import AppState, AppTarget, Device
from harness.device.uiautomator import UiDump
from harness.errors import DeviceError, EnvironmentProblem
from harness.scenario.consent import (
    ConsentDialog,
    find_blocking,
    find_consent,
    find_permission_prompt,
    find_rationale,
)
from harness.scenario.explore_steps import ExploreSteps
from harness.scenario.model import Scenario, Step
from harness.trace.clock import RunClock
from harness.trace.jsonl import JsonlWriter
from harness.trace.records import Marker, RecordKind, record

PERMISSION_PROMPT_WAIT = 1.0


@dataclass(slots=True)
class StepOutcome:
    result: str = "ok"  # "ok" | "failed" | "not_found" | "skipped"
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ScenarioResult:
    name: str
    steps: int = 0
    failed: int = 0
    markers: list[str] = field(default_factory=list)
    policy_shown: int = 0
    exited: bool = False
    env_errors: int = 0
    """Steps that failed because the device, agent or proxy did (not an observation about the app)."""


class Hooks:
    """What the conductor plugs in: start the app under the agent, and let go of it."""

    def __init__(self, launch: Callable[[], int], before_stop: Callable[[], None] | None = None) -> None:
        self.launch = launch
        self.before_stop = before_stop or (lambda: None)


class ScenarioRunner(ExploreSteps):
    """Executes one scenario's steps; raises only DeviceError for a device that is gone."""

    def __init__(self, device: Device, app: AppTarget, ui: JsonlWriter, clock: RunClock, screens: Path,
                 hooks: Hooks, *, wait_scale: float = 1.0,
                 progress: Callable[[str, int, int, Step, str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.device, self.app, self.ui, self.clock, self.screens = device, app, ui, clock, screens
        self.hooks = hooks
        self.wait_scale = wait_scale
        self.progress = progress or (lambda *a: None)
        self.sleep = sleep
        self.scenario = ""
        self._running = False
        self._dialog: ConsentDialog | None = None
        self._explorer = None
        self._dump_cache = UiDump(())
        self._last_app_dump: UiDump | None = None
        """The app's own screen last seen (a rationale dialog shown before a system prompt counts)."""
        self._result = ScenarioResult("")

    # ---- records ---------------------------------------------------------------------------
    def marker(self, marker: Marker, detail: Any = None, *, t: float | None = None,
               screenshot: str | None = None) -> None:
        self.ui.write_batch([record(RecordKind.MARKER, self.clock.now() if t is None else t,
                                    scenario=self.scenario, marker=marker.value, detail=detail,
                                    screenshot=screenshot)])
        self._result.markers.append(marker.value)

    def _screenshot(self, index: int, action: str) -> str | None:
        return self._screenshot_named(f"{self.scenario}-{index:02d}-{action}")

    def _screenshot_named(self, name: str) -> str | None:
        base = self.screens / name
        try:
            path = self.device.screenshot(base)
        except DeviceError:
            return None
        return f"{self.screens.name}/{path.name}" if path else None

    # ---- scenario ----------------------------------------------------------------------------
    def run(self, scenario: Scenario, *, clear_data: bool = False) -> ScenarioResult:
        """Run every step; with `clear_data` the app's data is wiped first (a fresh install's state)."""
        self.scenario = scenario.name
        self._result = ScenarioResult(scenario.name)
        self._running = False
        self._explorer = None
        self.marker(Marker.SCENARIO_START, {"description": scenario.description.strip(),
                                            "steps": len(scenario.steps)})
        if clear_data:
            t0 = self.clock.now()
            try:
                self.device.clear_data(self.app)
                self.marker(Marker.DATA_CLEARED)
            except EnvironmentProblem as e:
                self._result.env_errors += 1
                self.ui.write_batch([record(RecordKind.STEP, t0, scenario=scenario.name, step=-1,
                                            action="clear_data", args={}, result="failed",
                                            detail={"error": str(e), "environment": True}, screenshot=None,
                                            t_end=self.clock.now())])
        total = len(scenario.steps)
        try:
            for index, step in enumerate(scenario.steps):
                self.progress(scenario.name, index, total, step, "running")
                t0 = self.clock.now()
                try:
                    outcome = getattr(self, f"_do_{step.action}")(step)
                except EnvironmentProblem as e:
                    outcome = self._failure(e)
                self._check_exit()
                shot = self._screenshot(index, step.action)
                self.ui.write_batch([record(RecordKind.STEP, t0, scenario=scenario.name, step=index,
                                            action=step.action, args=step.args, result=outcome.result,
                                            detail=outcome.detail, screenshot=shot,
                                            t_end=self.clock.now())])
                self._result.steps += 1
                self._result.failed += outcome.result == "failed"
                self.progress(scenario.name, index, total, step, outcome.result)
        finally:
            self._stop_app()
            self.marker(Marker.SCENARIO_END, {"steps": self._result.steps, "not_ok": self._result.failed,
                                              "app_exited": self._result.exited})
        return self._result

    def _failure(self, error: EnvironmentProblem) -> StepOutcome:
        """A step that raised: the app died under it (an observation) or the device/agent/proxy failed."""
        if self._running:
            try:
                gone = self.device.state(self.app) is AppState.NOT_RUNNING
            except EnvironmentProblem:
                gone = False
            if gone:
                return StepOutcome("failed", {"error": str(error), "app_exited": True})
        self._result.env_errors += 1
        return StepOutcome("failed", {"error": str(error), "environment": True})

    def _check_exit(self) -> None:
        if not self._running:
            return
        try:
            state = self.device.state(self.app)
        except DeviceError:
            return
        if state is AppState.NOT_RUNNING:
            self._running = False
            self._result.exited = True
            self.marker(Marker.APP_EXITED, {"detected_by": "process state"})

    def _stop_app(self) -> None:
        self.hooks.before_stop()
        try:
            self.device.stop(self.app)
        except DeviceError:
            pass
        self._running = False

    def _dump(self) -> UiDump:
        return self.device.ui_dump()

    # ---- actions -------------------------------------------------------------------------------
    def _do_launch(self, step: Step) -> StepOutcome:
        pid = self.hooks.launch()
        self._running = True
        self.marker(Marker.APP_LAUNCHED, {"pid": pid})
        return StepOutcome("ok", {"pid": pid})

    def _do_relaunch(self, step: Step) -> StepOutcome:
        self._stop_app()
        t = self.clock.now()
        pid = self.hooks.launch()
        self._running = True
        self.marker(Marker.APP_RELAUNCHED, {"pid": pid}, t=t)
        return StepOutcome("ok", {"pid": pid})

    def _do_wait(self, step: Step) -> StepOutcome:
        self.sleep(step.args["seconds"] * self.wait_scale)
        return StepOutcome()

    def _app_screen(self) -> UiDump:
        """The app's own views: a dialog of another package (system UI, launcher) is not the app's."""
        dump = self._dump()
        screen = UiDump(tuple(n for n in dump.nodes if not n.package or n.package == self.app.package))
        self._last_app_dump = screen
        return screen

    def _do_find_consent(self, step: Step) -> StepOutcome:
        if not self._running:
            self._dialog = None
            return StepOutcome("not_found", {"running": False})
        deadline = time.monotonic() + step.args["timeout"] * self.wait_scale
        while True:
            dialog = find_consent(self._app_screen())
            if dialog.found or time.monotonic() >= deadline or not self._running:
                break
            self.sleep(0.5)
        self._dialog = dialog
        if not dialog.found:
            return StepOutcome("not_found", {"running": self._running})
        self._result.policy_shown += 1
        self.marker(Marker.POLICY_SHOWN, dialog.detail())
        return StepOutcome("ok", dialog.detail())

    def _current_dialog(self) -> ConsentDialog:
        dialog = self._dialog
        if dialog is None or not dialog.found:
            dialog = find_consent(self._app_screen())
        self._dialog = None
        return dialog

    def _do_tap_agree(self, step: Step) -> StepOutcome:
        dialog = self._current_dialog()
        if not dialog.found or dialog.agree is None:
            return StepOutcome("not_found", {"reason": "no agree control on screen"})
        detail: dict[str, Any] = {"button": dialog.agree.label}
        if dialog.checkbox is not None:
            detail["pre_ticked"] = dialog.checkbox.checked
            if not dialog.checkbox.checked:
                self.device.tap(dialog.checkbox)
                detail["ticked_checkbox"] = True
        if step.args.get("separate"):
            detail["separate"] = list(step.args["separate"])
        self.marker(Marker.CONSENT_ACCEPTED, detail)
        self.device.tap(dialog.agree)
        return StepOutcome("ok", detail)

    def _do_tap_decline(self, step: Step) -> StepOutcome:
        dialog = self._current_dialog()
        if not dialog.found or dialog.decline is None:
            return StepOutcome("not_found", {"reason": "no decline control on screen"})
        detail = {"button": dialog.decline.label}
        self.marker(Marker.CONSENT_DECLINED, detail)
        self.device.tap(dialog.decline)
        return StepOutcome("ok", detail)

    def _permission_prompts(self, step: Step, allow: bool) -> StepOutcome:
        handled: list[dict[str, Any]] = []
        for _ in range(step.args["max"]):
            self._dump_cache = self._dump()
            prompt = find_permission_prompt(self._dump_cache)
            if not prompt.found:
                break
            node = prompt.allow if allow else prompt.deny
            if node is None:
                break
            info = {"message": prompt.message, "permissions": list(prompt.permissions),
                    "rationale": find_rationale(self._dump_cache, self._last_app_dump, self.app.package,
                                                prompt.message),
                    "rationale_checked": True}
            self.marker(Marker.PERMISSION_PROMPT, info)
            self.marker(Marker.PERMISSION_GRANTED if allow else Marker.PERMISSION_DENIED,
                        {**info, "permission": prompt.permissions[0] if prompt.permissions else prompt.message})
            self.device.tap(node)
            handled.append(info)
            self.sleep(PERMISSION_PROMPT_WAIT * self.wait_scale)
        return StepOutcome("ok" if handled else "not_found", {"prompts": handled})

    def _do_deny_permission_prompts(self, step: Step) -> StepOutcome:
        return self._permission_prompts(step, allow=False)

    def _do_allow_permission_prompts(self, step: Step) -> StepOutcome:
        return self._permission_prompts(step, allow=True)

    def _do_revoke_permissions(self, step: Step) -> StepOutcome:
        done = [p for p in self.app.permissions if self.device.revoke(self.app, p)]
        for p in done:
            self.marker(Marker.PERMISSION_DENIED, {"permission": p, "by": "pm revoke"})
        return StepOutcome("ok" if done or not self.app.permissions else "failed", {"revoked": done})

    def _do_grant_permissions(self, step: Step) -> StepOutcome:
        done = [p for p in self.app.permissions if self.device.grant(self.app, p)]
        for p in done:
            self.marker(Marker.PERMISSION_GRANTED, {"permission": p, "by": "pm grant"})
        return StepOutcome("ok" if done or not self.app.permissions else "failed", {"granted": done})

    def _do_home(self, step: Step) -> StepOutcome:
        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        self.marker(Marker.APP_BACKGROUND, {"by": "home"})
        self.device.home()
        return StepOutcome()

    def _do_resume(self, step: Step) -> StepOutcome:
        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        self.marker(Marker.APP_FOREGROUND, {"by": "resume"})
        self.device.resume(self.app)
        return StepOutcome()

    def _do_monkey(self, step: Step) -> StepOutcome:
        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        outcome = self.device.monkey(self.app, step.args["events"], step.args["seed"])
        result = "ok" if outcome in ("ok", "skipped") else "failed"
        return StepOutcome("skipped" if outcome == "skipped" else result, {"outcome": outcome, **step.args})

    def _do_expect_running(self, step: Step) -> StepOutcome:
        state = self.device.state(self.app) if self._running else AppState.NOT_RUNNING
        if state is AppState.NOT_RUNNING and self._running:
            self._check_exit()
        return StepOutcome("ok" if state is not AppState.NOT_RUNNING else "failed", {"state": state.value})

    def _do_check_blocked(self, step: Step) -> StepOutcome:
        """After a decline: does the app stay up but withhold itself ("同意后才能使用")? detail.blocked says."""
        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running", "blocked": False})
        phrase = find_blocking(self._app_screen())
        return StepOutcome("ok", {"blocked": phrase is not None, "phrase": phrase})

    def _do_clear_data(self, step: Step) -> StepOutcome:
        self._stop_app()
        self.device.clear_data(self.app)
        self.marker(Marker.DATA_CLEARED)
        return StepOutcome()

    def _do_user(self, step: Step) -> StepOutcome:
        name, arg = step.args["name"], step.args.get("arg", "")
        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        if self.device.kind != "jvm":
            return StepOutcome("skipped", {"reason": f"user action {name!r} is scripted on the JVM stand-in only"})
        if name == "paste":
            self.marker(Marker.USER_PASTE)
        elif name == "feature":
            self.marker(Marker.FEATURE_USED, {"feature": arg})
        reply = self.device.user_action(name, arg)
        return StepOutcome("ok", {"reply": reply})
