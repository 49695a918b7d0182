"""A screen as an abstract state: activity + a structural hash of the app's widget tree.

Two dumps are the same state when the app shows the same structure: the same activity and
the same sequence of (depth, class, resource-id, actionable flags) with the labels of
actionable widgets. Inside a scrollable container only the *set* of child shapes counts and
no text does, so scrolling a list or a feed whose items change does not make new states.
Digits are folded, so a clock or a counter does not either. Checked state never counts:
flipping a switch is an action on a screen, not a new screen.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from harness.device.uiautomator import UiDump, UiNode

_DIGITS = re.compile(r"\d+")
TEXT_LIMIT = 6000
"""Characters of visible text kept per state (a policy page is longer: its pages are merged up to this)."""


@dataclass(frozen=True, slots=True)
class ScreenState:
    """One observation of the screen, abstracted."""

    key: str
    activity: str
    package: str
    dump: UiDump
    in_app: bool

    @property
    def title(self) -> str:
        return next((n.label for n in self.app_nodes if n.label), "")

    @property
    def app_nodes(self) -> tuple[UiNode, ...]:
        return tuple(n for n in self.dump.nodes if n.package == self.package) if self.in_app else self.dump.nodes

    @property
    def text(self) -> str:
        return "\n".join(n.label for n in self.app_nodes if n.label)[:TEXT_LIMIT]


def actionable(node: UiNode) -> bool:
    return node.enabled and (node.clickable or node.checkable or node.scrollable or is_editable(node))


def is_editable(node: UiNode) -> bool:
    return "EditText" in node.cls


def _short(value: str) -> str:
    return value.rsplit("/", 1)[-1].rsplit(".", 1)[-1]


def in_scrollable(nodes: tuple[UiNode, ...]) -> list[bool]:
    """For each node: does a scrollable ancestor hold it (depth-first document order)?"""
    out: list[bool] = []
    stack: list[tuple[int, bool]] = []  # (depth, scrollable) of open ancestors
    for n in nodes:
        while stack and stack[-1][0] >= n.depth:
            stack.pop()
        out.append(any(s for _, s in stack))
        stack.append((n.depth, n.scrollable))
    return out


def signature(nodes: tuple[UiNode, ...]) -> list[str]:
    """The structural signature of a widget tree (see the module docstring)."""
    inside = in_scrollable(nodes)
    parts: list[str] = []
    list_shapes: set[str] = set()
    for n, scrolled in zip(nodes, inside, strict=True):
        shape = f"{_short(n.cls)}#{_short(n.resource_id)}#{int(actionable(n))}{int(n.scrollable)}"
        if scrolled:
            list_shapes.add(shape)
            continue
        if list_shapes:
            parts.append("list:" + ",".join(sorted(list_shapes)))
            list_shapes = set()
        label = _DIGITS.sub("#", n.label) if actionable(n) and not is_editable(n) else ""
        parts.append(f"{n.depth}:{shape}:{label}")
    if list_shapes:
        parts.append("list:" + ",".join(sorted(list_shapes)))
    return parts


def abstract_state(dump: UiDump, activity: str | None, app_package: str) -> ScreenState:
    """The abstract state of a dump; screens of other packages (launcher, dialer) are keyed by package."""
    in_app = app_package in dump.packages
    nodes = tuple(n for n in dump.nodes if n.package == app_package) if in_app else dump.nodes
    package = app_package if in_app else next(iter(sorted(dump.packages)), "")
    text = (activity or "") + "\n" + "\n".join(signature(nodes))
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return ScreenState(key=key, activity=activity or "", package=package, dump=dump, in_app=in_app)
