"""The explorer's own code path (states, frontier, navigation, recovery) over real recorded dumps.

A RecordedApp plays screens that are real `uiautomator dump` files (tests/device/data/real, sources
in its README) and moves between them on taps, like a device would; only the navigation graph is
made up. The quiz app's import screen is re-labelled with the reading app's package so the two
recorded screens form one app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.device.interface import AppTarget
from harness.device.uiautomator import UiNode, parse_dump
from harness.explore import Budget, Explorer

DATA = Path(__file__).parents[1] / "device" / "data"
PKG = "com.example.myapplication"
SCREENS = {
    "shelf": (DATA / "real" / "uiautomator_reading_app_bookshelf.xml").read_text(encoding="utf-8"),
    "import": (DATA / "real" / "uiautomator_oilquiz_import.xml").read_text(encoding="utf-8")
    .replace('package="com.oilquiz.app"', f'package="{PKG}"'),
    "launcher": (DATA / "uiautomator_launcher.xml").read_text(encoding="utf-8"),
}
GRAPH = {("shelf", "更多"): "import"}


class RecordedApp:
    """Device verbs over recorded screens: a back stack, taps by label, the launcher below the app."""

    def __init__(self) -> None:
        self.stack = ["shelf"]
        self.inputs: list[tuple[str, str]] = []
        self.log: list[str] = []

    @property
    def screen(self) -> str:
        return self.stack[-1] if self.stack else "launcher"

    def ui_dump(self) -> Any:
        return parse_dump(SCREENS[self.screen])

    def current_activity(self) -> tuple[str, str]:
        return (PKG, f".{self.screen.title()}Activity") if self.stack else ("com.android.launcher3", ".Launcher")

    def tap(self, node: UiNode) -> None:
        self.log.append(f"tap {node.label or node.resource_id}")
        nxt = GRAPH.get((self.screen, node.label))
        if nxt:
            self.stack.append(nxt)

    def back(self) -> None:
        self.log.append("back")
        if self.stack:
            self.stack.pop()

    def scroll(self, node: UiNode) -> None:
        self.log.append("scroll")

    def input_text(self, node: UiNode, text: str) -> None:
        self.inputs.append((node.resource_id, text))

    def resume(self, app: AppTarget) -> None:
        self.log.append("resume")
        if not self.stack:
            self.stack = ["shelf"]


def explore(budget: Budget | None = None) -> tuple[Any, RecordedApp, list[dict[str, Any]], list[str]]:
    dev, records, restarts = RecordedApp(), [], []
    ex = Explorer(dev, AppTarget(PKG), emit=lambda kind, f: records.append(f), screenshot=lambda name: name,
                  restart=lambda: (restarts.append("restart"), dev.stack.__setitem__(slice(None), ["shelf"])),
                  budget=budget)
    return ex.run(), dev, records, restarts


def test_explores_both_recorded_screens_to_the_end() -> None:
    res, dev, records, restarts = explore()
    assert res.stopped == "frontier_empty" and res.complete
    cov = res.coverage()
    assert cov["screens"] == 2 and cov["activities"] == [f"{PKG}/.ImportActivity", f"{PKG}/.ShelfActivity"]
    assert cov["actions_tried"] == cov["actions_found"] and res.unreachable == 0
    shelf, imp = res.states.values()
    assert [a.label for a in imp.path] == ["更多"] and imp.taps == 1 and shelf.taps == 0
    assert shelf.edges["更多"] == imp.key and imp.edges["开始导入"] == imp.key
    # Back on the main screen left the app for the launcher: recovered by resume, never by a restart.
    assert res.recoveries >= 1 and "resume" in dev.log and restarts == []
    assert all(r["from"] in res.states and r["to"] for r in records if "error" not in r)
    assert any(r["new"] and r["to"] == imp.key for r in records)
    assert any(r["self_loop"] for r in records) and any(r["loop_back"] for r in records)
    assert cov["self_loops"] == sum(r["self_loop"] for r in records) > 0
    assert cov["loop_backs"] == sum(r["loop_back"] for r in records) > 0 and cov["dead_ends"] == 0


def test_tap_budget_stops_the_walk() -> None:
    res, _, _, _ = explore(Budget(taps=5))
    assert res.stopped == "taps" and not res.complete and res.taps >= 5
    assert res.to_json()["coverage"]["stopped"] == "taps"


class StubbornLauncher(RecordedApp):
    """Resume does not bring the app back (as when its task was removed): only a restart does."""

    def resume(self, app: AppTarget) -> None:
        self.log.append("resume")


def test_restart_and_replay_when_resume_fails() -> None:
    dev, restarts = StubbornLauncher(), []

    def restart() -> None:
        restarts.append("restart")
        dev.stack[:] = ["shelf"]

    ex = Explorer(dev, AppTarget(PKG), emit=lambda kind, f: None, screenshot=lambda name: None, restart=restart)
    res = ex.run()
    assert res.complete and len(res.states) == 2 and res.unreachable == 0
    # Back on the main screen leaves for the launcher; resume fails; the explorer restarts and replays
    # 更多 to reach the import screen's remaining actions.
    assert restarts and res.restarts == len(restarts)
    assert dev.log.count("tap 更多") > 1
