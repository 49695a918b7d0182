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
        row = self._row(o.data_type)
        entry = row["read_by"].get(o.actor_key)  # the hot path: one lookup for a known reader
        if entry is None:
            entry = self._new(row, "read_by", o.actor_key, o, {"actor": o.actor, "api": o.record.get("api")})
        if entry is not None:
            entry["count"] += 1

    def on_flow(self, o: Observation) -> None:
        host = str(o.record.get("host") or "")
        row = self._row(o.data_type)
        entry = row["sent_to"].get(host)
        if entry is None:
            entry = self._new(row, "sent_to", host, o, {"host": host, "party": o.party, "actor": o.actor,
                                                         "cleartext": False})
        if entry is None:
            return
        entry["count"] += 1
        if not entry["cleartext"] and (o.record.get("scheme") in ("http", "ws") or o.record.get("cleartext") is True):
            entry["cleartext"] = True
            self.cleartext.setdefault(host, o.evidence().ref)

    @staticmethod
    def _new(row: dict[str, Any], table: str, key: str, o: Observation, new: dict[str, Any]) -> dict[str, Any] | None:
        if len(row[table]) >= MAX_PER_TYPE:
            row["dropped"] += 1
            return None
        entry = row[table][key] = {**new, "count": 0, "first_ref": o.evidence().ref, "first_t": o.t,
                                   "phase": o.phase.phase, "scenario": o.phase.scenario}
        return entry

    def to_json(self) -> dict[str, Any]:
        return {"types": {dt: {"read_by": list(r["read_by"].values()), "sent_to": list(r["sent_to"].values()),
                               "dropped": r["dropped"]} for dt, r in sorted(self.types.items())},
                "cleartext_hosts": dict(sorted(self.cleartext.items()))}
