"""uiautomator window dumps as a flat list of nodes: what is on the screen, where to tap.

Real Android dumps (`uiautomator dump`) and the JVM probe's `ui` command share this parser,
so consent detection is tested once on recorded dumps and used on both devices.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from harness.errors import DeviceError

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


@dataclass(frozen=True, slots=True)
class UiNode:
    """One view of the hierarchy, with the attributes consent detection needs."""

    index: int
    """Position in document order (stable handle for a node within one dump)."""
    cls: str = ""
    text: str = ""
    resource_id: str = ""
    content_desc: str = ""
    package: str = ""
    clickable: bool = False
    checkable: bool = False
    checked: bool = False
    enabled: bool = True
    scrollable: bool = False
    bounds: tuple[int, int, int, int] = (0, 0, 0, 0)
    depth: int = 0

    @property
    def label(self) -> str:
        """What a person reads on it: the text, else the content description."""
        return (self.text or self.content_desc).strip()

    @property
    def center(self) -> tuple[int, int]:
        x1, y1, x2, y2 = self.bounds
        return (x1 + x2) // 2, (y1 + y2) // 2

    def to_json(self) -> dict[str, object]:
        return {"index": self.index, "class": self.cls, "text": self.text, "resource_id": self.resource_id,
                "content_desc": self.content_desc, "bounds": list(self.bounds), "checked": self.checked}


@dataclass(frozen=True, slots=True)
class UiDump:
    nodes: tuple[UiNode, ...]

    @property
    def packages(self) -> frozenset[str]:
        return frozenset(n.package for n in self.nodes if n.package)

    @property
    def text(self) -> str:
        """All visible labels joined: for keyword search over the whole screen."""
        return "\n".join(n.label for n in self.nodes if n.label)


def _bool(value: str | None) -> bool:
    return (value or "").lower() == "true"


def parse_bounds(value: str | None) -> tuple[int, int, int, int]:
    m = _BOUNDS.search(value or "")
    return tuple(int(g) for g in m.groups()) if m else (0, 0, 0, 0)  # type: ignore[return-value]


def parse_dump(xml: str) -> UiDump:
    """Nodes of a uiautomator XML dump, in document order; DeviceError on a dump that is not XML.

    `uiautomator dump /dev/tty` appends "UI hierchary dumped to: ..." after the XML, and some
    devices prefix a warning line: both are cut away before parsing.
    """
    start = xml.find("<hierarchy")
    if start < 0:
        start = xml.find("<?xml")
    end = xml.rfind("</hierarchy>")
    if start < 0 or end < 0:
        snippet = xml.strip().splitlines()[0][:80] if xml.strip() else "empty output"
        raise DeviceError(f"uiautomator dump is not a window hierarchy: {snippet}")
    body = xml[start:end + len("</hierarchy>")]
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise DeviceError(f"uiautomator dump is not valid XML: {e}") from e
    nodes: list[UiNode] = []

    def walk(el: ET.Element, depth: int) -> None:
        for child in el:
            if child.tag != "node":
                continue
            a = child.attrib
            nodes.append(UiNode(
                index=len(nodes), cls=a.get("class", ""), text=a.get("text", ""),
                resource_id=a.get("resource-id", ""), content_desc=a.get("content-desc", ""),
                package=a.get("package", ""), clickable=_bool(a.get("clickable")),
                checkable=_bool(a.get("checkable")), checked=_bool(a.get("checked")),
                enabled=a.get("enabled", "true").lower() != "false", scrollable=_bool(a.get("scrollable")),
                bounds=parse_bounds(a.get("bounds")), depth=depth))
            walk(child, depth + 1)

    walk(root, 0)
    return UiDump(tuple(nodes))
