"""Systematic UI exploration: a breadth-first, privacy-ranked frontier of actions over abstract states.

Every discovered state keeps the tap path that first reached it (shortest in taps: the frontier is
ordered by depth, and a shorter path found later replaces a longer one). To run an action of a
state the explorer must stand on it: it presses back until it reaches a state on that state's
path, replays the rest, and when that fails restarts the app and replays from the root. After
every action it handles a system permission prompt (reported, then allowed) and brings the app
back when it left the foreground (back, then resume, then restart). Budgets: taps (every device
input counts) and seconds; a depth limit keeps endless feeds finite. Final confirmations of
irreversible acts are never tapped (targets.is_destructive).

The device needs ui_dump, tap and resume (harness.device.interface.Device) and the Navigable verbs
back, scroll, input_text and current_activity (optional: without it states are keyed by structure only).
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harness.device.interface import AppTarget
from harness.device.uiautomator import UiNode
from harness.errors import DeviceError
from harness.explore.state import TEXT_LIMIT, ScreenState, abstract_state, actionable, is_editable
from harness.explore.targets import is_destructive, privacy_score
from harness.scenario.consent import find_permission_prompt

MAX_STATES = 300
MAX_PROMPTS_IN_A_ROW = 3


@dataclass(frozen=True, slots=True)
class Budget:
    taps: int = 250
    seconds: float = 180.0
    depth: int = 10
    scrolls: int = 6
    """Swipes per scroll action (it stops earlier when the text stops changing)."""


@dataclass(frozen=True, slots=True)
class Locator:
    """How to find the same widget in a fresh dump of the same state."""

    cls: str
    resource_id: str
    label: str
    nth: int

    def find(self, nodes: tuple[UiNode, ...]) -> UiNode | None:
        seen = 0
        for i, n in enumerate(nodes):
            if n.cls == self.cls and n.resource_id == self.resource_id and node_label(nodes, i) == self.label:
                if seen == self.nth:
                    return n
                seen += 1
        return None


@dataclass(frozen=True, slots=True)
class Action:
    kind: str
    """"tap" | "scroll" | "text" | "back"."""
    label: str = ""
    locator: Locator | None = None
    score: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "label": self.label}
        if self.locator is not None:
            out["resource_id"] = self.locator.resource_id
            out["class"] = self.locator.cls
        return out


@dataclass(slots=True)
class StateInfo:
    key: str
    activity: str
    title: str
    chain: list[str]
    """Keys from the root to this state."""
    path: list[Action]
    """Actions from the root along the chain."""
    actions: list[Action] = field(default_factory=list)
    lines: dict[str, None] = field(default_factory=dict)
    screenshot: str | None = None
    destructive: list[str] = field(default_factory=list)
    switches: list[dict[str, Any]] = field(default_factory=list)
    edges: dict[str, str] = field(default_factory=dict)
    tried: set[int] = field(default_factory=set)

    @property
    def taps(self) -> int:
        """Taps from the main screen (scrolls, typing and back are not taps)."""
        return sum(1 for a in self.path if a.kind == "tap")

    def add_text(self, state: ScreenState) -> None:
        size = sum(len(x) + 1 for x in self.lines)
        for line in state.text.splitlines():
            if line and line not in self.lines and size + len(line) < TEXT_LIMIT:
                self.lines[line] = None
                size += len(line) + 1

    def to_json(self) -> dict[str, Any]:
        return {"id": self.key, "activity": self.activity, "title": self.title, "taps": self.taps,
                "depth": len(self.path), "path": [a.to_json() for a in self.path],
                "text": "\n".join(self.lines), "screenshot": self.screenshot,
                "actions": [a.to_json() for a in self.actions], "destructive": self.destructive,
                "switches": self.switches, "edges": self.edges,
                "dead_end": all(a.kind == "back" for a in self.actions)}


@dataclass(slots=True)
class ExploreResult:
    root: str | None = None
    states: dict[str, StateInfo] = field(default_factory=dict)
    stopped: str = ""
    """"frontier_empty" (all reachable actions tried), "taps", "seconds", "goal", "states", "lost"."""
    taps: int = 0
    seconds: float = 0.0
    transitions: int = 0
    actions_tried: int = 0
    actions_found: int = 0
    restarts: int = 0
    recoveries: int = 0
    unreachable: int = 0
    prompts: int = 0
    self_loops: int = 0
    """Actions that left the screen as it was (a toggle, a feature that stays on its screen)."""
    loop_backs: int = 0
    """Actions that led back to a screen on the way in (an "up" arrow, a tab to the main screen)."""

    @property
    def complete(self) -> bool:
        """Every action found was tried (or could not be reached): the map is the whole reachable app."""
        return self.stopped == "frontier_empty"

    def coverage(self) -> dict[str, Any]:
        return {"screens": len(self.states), "activities": sorted({s.activity for s in self.states.values()
                                                                  if s.activity}),
                "actions_tried": self.actions_tried, "actions_found": self.actions_found,
                "transitions": self.transitions, "taps": self.taps, "seconds": round(self.seconds, 3),
                "restarts": self.restarts, "recoveries": self.recoveries, "unreachable": self.unreachable,
                "permission_prompts": self.prompts, "self_loops": self.self_loops, "loop_backs": self.loop_backs,
                "dead_ends": sum(1 for s in self.states.values() if all(a.kind == "back" for a in s.actions)),
                "stopped": self.stopped, "complete": self.complete}

    def to_json(self) -> dict[str, Any]:
        return {"root": self.root, "coverage": self.coverage(),
                "states": [s.to_json() for s in self.states.values()]}


def node_label(nodes: tuple[UiNode, ...], i: int) -> str:
    """A widget's label: its own text/content-desc, else its first labelled descendant's (list rows)."""
    n = nodes[i]
    if n.label:
        return n.label
    for m in nodes[i + 1:]:
        if m.depth <= n.depth:
            break
        if m.label:
            return m.label
    return ""


def switch_label(nodes: tuple[UiNode, ...], i: int) -> str:
    """A switch's label: its own, else the nearest labelled node just before it (the row's title)."""
    own = node_label(nodes, i)
    if own:
        return own
    for m in reversed(nodes[max(0, i - 4):i]):
        if m.label:
            return m.label
    return ""


def discover(state: ScreenState) -> tuple[list[Action], list[str], list[dict[str, Any]]]:
    """The actions a state offers, its destructive controls (left alone) and its switches."""
    nodes = state.app_nodes
    actions: list[Action] = []
    destructive: list[str] = []
    switches: list[dict[str, Any]] = []
    counts: dict[tuple[str, str, str], int] = {}
    for i, n in enumerate(nodes):
        if not actionable(n):
            continue
        label = node_label(nodes, i)
        k = (n.cls, n.resource_id, label)
        loc = Locator(n.cls, n.resource_id, label, counts.get(k, 0))
        counts[k] = counts.get(k, 0) + 1
        if n.checkable:
            switches.append({"label": switch_label(nodes, i), "checked": n.checked, "class": n.cls,
                             "resource_id": n.resource_id})
        if is_editable(n):
            actions.append(Action("text", label, loc, 0))
        elif n.scrollable:
            actions.append(Action("scroll", label, loc, 1))
        elif is_destructive(label):
            destructive.append(label)
        elif label or n.resource_id:
            actions.append(Action("tap", label or n.resource_id.rsplit("/", 1)[-1], loc, privacy_score(label)))
    actions.append(Action("back", "back", None, -1))
    return actions, destructive, switches


class Explorer:
    """One bounded exploration of the app on a device (see the module docstring)."""

    def __init__(self, device: Any, app: AppTarget, *, emit: Callable[[str, dict[str, Any]], None],
                 screenshot: Callable[[str], str | None], restart: Callable[[], None],
                 on_prompt: Callable[[ScreenState, ScreenState | None, list[Action]], None] | None = None,
                 budget: Budget | None = None, canary: str = "aph-canary",
                 goal: Callable[[StateInfo], bool] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.device, self.app = device, app
        self.emit, self.screenshot, self.restart = emit, screenshot, restart
        self.on_prompt = on_prompt or (lambda *a: None)
        self.budget = budget or Budget()
        self.canary = canary
        self.goal = goal
        self.clock = clock
        self.result = ExploreResult()
        self._frontier: list[tuple[tuple[int, int, int], str, int]] = []
        self._seq = 0
        self._t0 = 0.0
        self._path: list[Action] = []
        """Actions since the current state was last known to be on a chain (for prompts' evidence)."""

    # ---- budget ------------------------------------------------------------------------------------
    def _spent(self) -> str | None:
        if self.result.taps >= self.budget.taps:
            return "taps"
        if self.clock() - self._t0 >= self.budget.seconds:
            return "seconds"
        if len(self.result.states) >= MAX_STATES:
            return "states"
        return None

    # ---- observing -----------------------------------------------------------------------------------
    def observe(self) -> ScreenState:
        dump = self.device.ui_dump()
        activity = None
        getter = getattr(self.device, "current_activity", None)
        if getter is not None:
            try:
                pkg, act = getter()
                activity = f"{pkg}/{act}" if pkg and act and "/" not in act else (act or pkg)
            except DeviceError:
                activity = None
        return abstract_state(dump, activity, self.app.package)

    def settle(self, before: ScreenState | None, path: list[Action]) -> ScreenState:
        """The screen after an action: permission prompts reported and allowed, the app brought back."""
        state = self.observe()
        for _ in range(MAX_PROMPTS_IN_A_ROW):
            prompt = find_permission_prompt(state.dump)
            if not prompt.found:
                break
            self.result.prompts += 1
            self.on_prompt(state, before, path)
            node = prompt.allow or prompt.deny
            if node is None:
                break
            self._input(lambda n=node: self.device.tap(n))
            state = self.observe()
        if not state.in_app:
            state = self.recover(state)
        return state

    def recover(self, state: ScreenState) -> ScreenState:
        """The app left the foreground (launcher, dialer, browser): back, then resume, then restart."""
        self.result.recoveries += 1
        self._input(self.device.back)
        state = self.observe()
        if state.in_app:
            return state
        self._input(lambda: self.device.resume(self.app))
        state = self.observe()
        if state.in_app:
            return state
        return self._restart()

    def _restart(self) -> ScreenState:
        self.result.restarts += 1
        self.restart()
        return self.settle(None, [])

    def _input(self, fn: Callable[[], Any]) -> None:
        self.result.taps += 1
        fn()

    # ---- states and frontier -------------------------------------------------------------------------
    def _register(self, state: ScreenState, parent: StateInfo | None, action: Action | None) -> StateInfo:
        info = self.result.states.get(state.key)
        chain = (parent.chain if parent else []) + [state.key]
        path = (parent.path if parent else []) + ([action] if action else [])
        if info is None:
            actions, destructive, switches = discover(state)
            info = StateInfo(state.key, state.activity, state.title, chain, path, actions,
                             screenshot=self.screenshot(f"x{len(self.result.states):03d}"),
                             destructive=destructive, switches=switches)
            self.result.states[state.key] = info
            self.result.actions_found += len(actions)
            if len(path) < self.budget.depth:
                for i, a in enumerate(actions):
                    self._push(info, i, a)
        elif parent is not None and state.key not in parent.chain and \
                sum(1 for a in path if a.kind == "tap") < info.taps:
            info.chain, info.path = chain, path  # a shorter way in
        info.add_text(state)
        return info

    def _push(self, info: StateInfo, i: int, a: Action) -> None:
        depth = len(info.path)
        bonus = 1 if a.score >= 3 else 0
        self._seq += 1
        heapq.heappush(self._frontier, ((depth - bonus, -a.score, self._seq), info.key, i))

    def goto(self, target: StateInfo, current: ScreenState, *, restart: bool = True) -> ScreenState | None:
        """Stand on `target`: back up to a state on its chain and replay from there, or restart and replay."""
        if current.key == target.key:
            return current
        known = self.result.states.get(current.key)
        for _ in range(max(len(target.chain), len(known.chain) if known else 0) + 1):
            if current.key in target.chain or self._spent():
                break
            self._input(self.device.back)
            current = self.settle(None, [])
        if current.key not in target.chain and restart and not self._spent():
            current = self._restart()
        if current.key not in target.chain:
            return None
        start = target.chain.index(current.key)
        for action in target.path[start:]:
            if self._spent():
                return None
            if not self.perform(action, current):
                return None
            current = self.settle(current, target.path)
        return current if current.key == target.key else None

    def perform(self, action: Action, state: ScreenState) -> bool:
        """Send one action to the device; False when its widget is not on screen."""
        if action.kind == "back":
            self._input(self.device.back)
            return True
        node = action.locator.find(state.app_nodes) if action.locator else None
        if node is None:
            return False
        if action.kind == "tap":
            self._input(lambda: self.device.tap(node))
        elif action.kind == "text":
            self._input(lambda: self.device.input_text(node, self.canary))
        elif action.kind == "scroll":
            self._scroll(node, state)
        return True

    def _scroll(self, node: UiNode, state: ScreenState) -> None:
        """Swipe until the text stops changing (or the scroll budget ends), keeping every page's text."""
        info = self.result.states.get(state.key)
        last = state.text
        for _ in range(self.budget.scrolls):
            self._input(lambda: self.device.scroll(node))
            now = self.observe()
            if now.text == last or not now.in_app:
                break
            last = now.text
            if info is not None and now.key == state.key:
                info.add_text(now)

    # ---- the walk ------------------------------------------------------------------------------------
    def run(self) -> ExploreResult:
        """Explore from the current screen (the app's main screen after consent)."""
        self._t0 = self.clock()
        res = self.result
        current = self.settle(None, [])
        if not current.in_app:
            res.stopped = "lost"
            return self._done()
        root = self._register(current, None, None)
        res.root = root.key
        if self.goal is not None and self.goal(root):
            res.stopped = "goal"
            return self._done()
        while self._frontier:
            spent = self._spent()
            if spent:
                res.stopped = spent
                return self._done()
            _, key, i = heapq.heappop(self._frontier)
            info = res.states[key]
            if i in info.tried:
                continue
            info.tried.add(i)
            action = info.actions[i]
            here = self.goto(info, current)
            if here is None:
                res.unreachable += 1
                current = self.observe() if not self._spent() else current
                if not current.in_app:
                    current = self.recover(current)
                continue
            t = self.clock()
            try:
                done = self.perform(action, here)
            except DeviceError as e:  # the app refused this one input; the walk goes on
                self.emit("transition", {"n": res.transitions, "t_start": t, "from": info.key,
                                         "action": action.to_json(), "error": str(e)})
                done = False
            if not done:
                res.unreachable += 1
                current = here
                continue
            res.actions_tried += 1
            after = self.settle(here, info.path + [action])
            new = after.key not in res.states
            target = self._register(after, info, action) if after.in_app else None
            info.edges.setdefault(action.label, after.key)
            res.transitions += 1
            res.self_loops += after.key == info.key
            res.loop_backs += after.key in info.chain[:-1]
            self.emit("transition", {
                "n": res.transitions, "t_start": t, "from": info.key, "action": action.to_json(),
                "to": after.key, "new": new, "to_activity": after.activity, "to_title": after.title,
                "self_loop": after.key == info.key, "loop_back": after.key in info.chain[:-1],
                "screenshot": target.screenshot if (target and new) else self.screenshot(f"t{res.transitions:03d}")})
            current = after
            if new and target is not None and self.goal is not None and self.goal(target):
                res.stopped = "goal"
                return self._done()
        res.stopped = "frontier_empty"
        return self._done()

    def _done(self) -> ExploreResult:
        self.result.seconds = self.clock() - self._t0
        return self.result
