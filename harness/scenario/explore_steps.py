"""Scenario steps that walk the app's screens: explore, check_personalisation, withdraw_consent, use_app.

They are a mixin of ScenarioRunner: the explorer (harness.explore) does the walking, these steps
write what the rules need into ui.jsonl: transitions, the site map in the explore step's detail,
permission prompts with the rationale seen (or not), the personalisation switch turned off between
two uses of the app, and consent withdrawn through the app's own entry.
"""

from __future__ import annotations

import re
from typing import Any

from harness.explore import Budget, Explorer
from harness.explore.explorer import Action, StateInfo
from harness.explore.state import ScreenState
from harness.explore.targets import CONFIRM, PERSONALISATION, WITHDRAW, canary_text, is_destructive
from harness.scenario.consent import find_consent, find_permission_prompt, find_rationale
from harness.scenario.model import Step
from harness.trace.records import Marker, RecordKind, record

USE = re.compile(r"刷新|推荐|首页|refresh|feed", re.IGNORECASE)
MAX_USES = 6
RESTART_CONSENT_WAIT = 3.0


class ExploreSteps:
    """Mixin: needs the ScenarioRunner attributes (device, app, ui, clock, screens, hooks, marker, ...)."""

    # Provided by ScenarioRunner:
    device: Any
    app: Any
    ui: Any
    clock: Any
    hooks: Any
    scenario: str
    wait_scale: float
    sleep: Any
    marker: Any
    _running: bool
    _explorer: Explorer | None
    _stop_app: Any
    _app_screen: Any
    _screenshot_named: Any

    # ---- plumbing the explorer needs ------------------------------------------------------------------
    def _emit(self, kind: str, fields: dict[str, Any]) -> None:
        t = fields.pop("t_start", None)
        self.ui.write_batch([record(RecordKind.TRANSITION, self.clock.now() if t is None else t,
                                    scenario=self.scenario, **fields, t_end=self.clock.now())])

    def _shot(self, name: str) -> str | None:
        return self._screenshot_named(f"{self.scenario}-{name}")

    def _restart_for_explorer(self) -> None:
        """Relaunch and accept again (the explorer's way back to the root when backing up failed)."""
        self._stop_app()
        t = self.clock.now()
        pid = self.hooks.launch()
        self._running = True
        self.marker(Marker.APP_RELAUNCHED, {"pid": pid, "by": "explorer"}, t=t)
        self.sleep(RESTART_CONSENT_WAIT * self.wait_scale)
        dialog = find_consent(self._app_screen())
        if dialog.found and dialog.agree is not None:
            self.marker(Marker.POLICY_SHOWN, dialog.detail())
            if dialog.checkbox is not None and not dialog.checkbox.checked:
                self.device.tap(dialog.checkbox)
            self.marker(Marker.CONSENT_ACCEPTED, {"button": dialog.agree.label, "by": "explorer restart"})
            self.device.tap(dialog.agree)
            self.sleep(self.wait_scale)

    def _on_prompt(self, state: ScreenState, before: ScreenState | None, path: list[Action]) -> None:
        """A system permission prompt during exploration: record it with the rationale found or not."""
        prompt = find_permission_prompt(state.dump)
        rationale = find_rationale(state.dump, before.dump if before else None, self.app.package,
                                   prompt.message)
        shot = self._shot(f"prompt{self.clock.now():.0f}")
        info = {"message": prompt.message, "permissions": list(prompt.permissions), "rationale": rationale,
                "rationale_checked": True, "path": [a.to_json() for a in path],
                "tap_path": " > ".join(a.label for a in path),
                "screen_before": before.title if before else None, "by": "explorer"}
        self.marker(Marker.PERMISSION_PROMPT, info, screenshot=shot)
        self.marker(Marker.PERMISSION_GRANTED, {**info, "permission": prompt.permissions[0] if prompt.permissions
                                                else prompt.message})

    def _new_explorer(self, budget: Budget, goal: Any = None) -> Explorer:
        return Explorer(self.device, self.app, emit=self._emit, screenshot=self._shot,
                        restart=self._restart_for_explorer, on_prompt=self._on_prompt, budget=budget,
                        canary=canary_text(self.scenario), goal=goal, clock=self.clock.now)

    # ---- steps ----------------------------------------------------------------------------------------
    def _do_explore(self, step: Step) -> Any:
        from harness.scenario.runner import StepOutcome

        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        ex = self._new_explorer(Budget(taps=step.args["taps"], seconds=step.args["seconds"],
                                       depth=step.args["depth"]))
        result = ex.run()
        self._explorer = ex
        return StepOutcome("ok" if result.states else "failed", {"explore": result.to_json()})

    def _root(self, ex: Explorer) -> StateInfo | None:
        return ex.result.states.get(ex.result.root or "")

    def _use(self, ex: Explorer, current: ScreenState) -> tuple[ScreenState, list[str]]:
        """Use the app: tap the main screen's own controls (its self-loops, or refresh/feed words)."""
        root = self._root(ex)
        if root is not None and current.key in ex.result.states:
            current = ex.goto(root, current, restart=False) or ex.observe()
        loops = {a.label for a in (root.actions if root else []) if root and root.edges.get(a.label) == root.key}
        labels = [n.label for n in current.app_nodes if n.clickable and n.label and not is_destructive(n.label)]
        wanted = [x for x in labels if USE.search(x)] or [x for x in labels if x in loops]
        used: list[str] = []
        for node in current.app_nodes:
            label = node.label
            if len(used) >= MAX_USES or label not in wanted or label in used or not node.clickable:
                continue
            self.device.tap(node)
            used.append(label)
            after = ex.settle(current, [])
            if after.key != current.key:
                self.device.back()
                after = ex.settle(None, [])
            current = after
        self.sleep(self.wait_scale)
        return current, used

    def _do_use_app(self, step: Step) -> Any:
        from harness.scenario.runner import StepOutcome

        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        ex = self._explorer or self._new_explorer(Budget(taps=MAX_USES * 4))
        _, used = self._use(ex, ex.observe())
        return StepOutcome("ok" if used else "not_found", {"used": used})

    def _find_switch(self, ex: Explorer) -> tuple[StateInfo, dict[str, Any]] | None:
        for info in ex.result.states.values():
            for sw in info.switches:
                if PERSONALISATION.search(sw.get("label") or ""):
                    return info, sw
        return None

    def _do_check_personalisation(self, step: Step) -> Any:
        """Use the app, turn the personalisation switch off, use it again: the rule compares the traffic."""
        from harness.scenario.runner import StepOutcome

        ex = self._explorer
        if ex is None or not self._running:
            return StepOutcome("skipped", {"reason": "no exploration in this launch"})
        found = self._find_switch(ex)
        if found is None:
            return StepOutcome("not_found", {"switch": None, "screens": len(ex.result.states),
                                             "complete": ex.result.complete})
        info, sw = found
        detail: dict[str, Any] = {"switch": sw["label"], "screen": info.title, "taps": info.taps + 1,
                                  "path": [a.to_json() for a in info.path]}
        if self._switch(ex, info, sw, on=True) is None:  # exploring may have left it off
            return StepOutcome("failed", {**detail, "reason": "could not reach the switch"})
        self.marker(Marker.PERSONALISATION_CHECK, {"phase": "before"})
        _, detail["used"] = self._use(ex, ex.observe())
        self.marker(Marker.PERSONALISATION_OFF, detail)
        turned = self._switch(ex, info, sw, on=False)
        detail["turned_off"] = turned is False
        self.marker(Marker.PERSONALISATION_CHECK, {"phase": "after"})
        _, detail["used_after"] = self._use(ex, ex.observe())
        self.marker(Marker.PERSONALISATION_CHECK, {"phase": "end"})
        return StepOutcome("ok" if detail["turned_off"] else "failed", detail)

    def _switch(self, ex: Explorer, info: StateInfo, sw: dict[str, Any], *, on: bool) -> bool | None:
        """Go to the switch and set it; its state read back afterwards (None: not reachable)."""
        here = ex.goto(info, ex.observe())
        if here is None:
            return None

        def find(state: ScreenState) -> Any:
            return next((n for n in state.app_nodes if n.checkable and n.resource_id == sw["resource_id"]
                         and n.cls == sw["class"]), None)

        node = find(here)
        if node is None:
            return None
        if node.checked != on:
            self.device.tap(node)
            node = find(ex.observe())
        return None if node is None else node.checked

    def _find_withdraw(self, ex: Explorer) -> tuple[StateInfo, Action] | None:
        for info in ex.result.states.values():
            for a in info.actions:
                if a.kind == "tap" and WITHDRAW.search(a.label):
                    return info, a
        return None

    def _do_withdraw_consent(self, step: Step) -> Any:
        """Withdraw consent through the app's own entry (found by exploring) and confirm it."""
        from harness.scenario.runner import StepOutcome

        if not self._running:
            return StepOutcome("skipped", {"reason": "app not running"})
        ex = self._explorer
        if ex is None or self._find_withdraw(ex) is None:
            ex = self._new_explorer(Budget(taps=step.args["taps"]),
                                    goal=lambda s: any(WITHDRAW.search(a.label) for a in s.actions))
            ex.run()
            self._explorer = ex
        found = self._find_withdraw(ex)
        if found is None:
            return StepOutcome("not_found", {"entry": None, "screens": len(ex.result.states),
                                             "complete": ex.result.complete})
        info, entry = found
        here = ex.goto(info, ex.observe())
        if here is None:
            return StepOutcome("failed", {"entry": entry.label, "reason": "could not get back to the entry"})
        t_entry = self.clock.now()
        ex.perform(entry, here)
        page = ex.settle(here, info.path + [entry])
        confirm = next((n for n in page.app_nodes if n.clickable and n.label and
                        (is_destructive(n.label) or CONFIRM.search(n.label)) and page.key != here.key), None)
        detail = {"entry": entry.label, "confirm": confirm.label if confirm else None, "screen": info.title,
                  "taps": info.taps + 1 + (confirm is not None), "path": [a.to_json() for a in info.path + [entry]]}
        if confirm is None:
            self.marker(Marker.CONSENT_WITHDRAWN, detail, t=t_entry)
        else:
            self.marker(Marker.CONSENT_WITHDRAWN, detail)
            self.device.tap(confirm)
        ex.settle(page, [])
        self.sleep(self.wait_scale)
        return StepOutcome("ok", detail)
