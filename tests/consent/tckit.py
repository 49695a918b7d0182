"""A TC string writer for tests (the field order of the TCF v2 core segment), and IABTCF hook events."""

from __future__ import annotations

import base64
from typing import Any


def encode_tc(*, cmp_id: int = 300, purposes: tuple[int, ...] = (), purposes_li: tuple[int, ...] = (),
              vendors: tuple[int, ...] = (), vendors_li: tuple[int, ...] = (), ranges: bool = False,
              created_ds: int = 17_000_000_000) -> str:
    bits: list[str] = []

    def put(value: int, n: int) -> None:
        bits.append(format(value, f"0{n}b"))

    def flags(ids: tuple[int, ...], n: int) -> None:
        bits.append("".join("1" if i + 1 in ids else "0" for i in range(n)))

    def vendor_section(ids: tuple[int, ...]) -> None:
        max_id = max(ids, default=0)
        put(max_id, 16)
        if not ranges:
            put(0, 1)
            flags(ids, max_id)
            return
        runs: list[tuple[int, int]] = []
        for v in sorted(ids):
            if runs and v == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], v)
            else:
                runs.append((v, v))
        put(1, 1)
        put(len(runs), 12)
        for a, b in runs:
            put(1 if b > a else 0, 1)
            put(a, 16)
            if b > a:
                put(b, 16)

    put(2, 6)
    put(created_ds, 36)
    put(created_ds, 36)
    put(cmp_id, 12)
    put(1, 12)
    put(1, 6)
    put(ord("E") - 65, 6)
    put(ord("N") - 65, 6)
    put(48, 12)
    put(4, 6)
    put(0, 1)
    put(0, 1)
    flags((), 12)
    flags(purposes, 24)
    flags(purposes_li, 24)
    put(0, 1)
    put(ord("A") - 65, 6)
    put(ord("A") - 65, 6)
    vendor_section(vendors)
    vendor_section(vendors_li)
    text = "".join(bits)
    text += "0" * (-len(text) % 8)
    data = int(text, 2).to_bytes(len(text) // 8, "big")
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def tc_write(trace: Any, t: float, value: str, scenario: str, who: str = "app") -> int:
    """An IABTCF_TCString write as consent-signals records it (Editor.putString key, value)."""
    seq = trace.hook(t, None, who, event="write", scenario=scenario,
                     api="android.app.SharedPreferencesImpl$EditorImpl.putString",
                     values={"args": {"0": "IABTCF_TCString", "1": value}})
    trace.events[-1]["hook_id"] = "consent.editor_put_string"
    return seq
