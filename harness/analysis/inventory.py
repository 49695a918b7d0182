"""What a run saw, per data type: who read it (hook) and where it was sent (flow), bounded.

Not a rule: the material for label comparisons, the label exports (harness/labels/export.py)
and the xlsx collection sheet. It rides the engine's one pass like a rule does.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.context import Observation

MAX_PER_TYPE = 50
"""Actors or hosts kept per data type; more are only counted."""


class Inventory:
    def __init__(self) -> None:
        self.types: dict[str, dict[str, Any]] = {}
        self.cleartext: dict[str, str] = {}
        """host -> first flow ref of a cleartext request that carried PI."""

    def _row(self, data_type: str) -> dict[str, Any]:
        row = self.types.get(data_type)
        if row is None:
            row = self.types[data_type] = {"read_by": {}, "sent_to": {}, "dropped": 0}
        return row

    def on_hook(self, o: Observation) -> None:
        self._add(self._row(o.data_type)["read_by"], o.actor_key, o, {
            "actor": o.actor, "api": o.record.get("api")})

    def on_flow(self, o: Observation) -> None:
        host = str(o.record.get("host") or "")
        cleartext = o.record.get("scheme") in ("http", "ws") or o.record.get("cleartext") is True
        entry = self._add(self._row(o.data_type)["sent_to"], host, o, {
            "host": host, "party": o.party, "actor": o.actor, "cleartext": False})
        if entry is not None and cleartext:
            entry["cleartext"] = True
            self.cleartext.setdefault(host, o.evidence().ref)

    def _add(self, table: dict[str, Any], key: str, o: Observation, new: dict[str, Any]) -> dict[str, Any] | None:
        entry = table.get(key)
        if entry is None:
            if len(table) >= MAX_PER_TYPE:
                self._row(o.data_type)["dropped"] += 1
                return None
            entry = table[key] = {**new, "count": 0, "first_ref": o.evidence().ref, "first_t": o.t,
                                  "phase": o.phase.phase, "scenario": o.phase.scenario}
        entry["count"] += 1
        return entry

    def to_json(self) -> dict[str, Any]:
        return {"types": {dt: {"read_by": list(r["read_by"].values()), "sent_to": list(r["sent_to"].values()),
                               "dropped": r["dropped"]} for dt, r in sorted(self.types.items())},
                "cleartext_hosts": dict(sorted(self.cleartext.items()))}
