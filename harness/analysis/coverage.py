"""Interception coverage: the traffic the proxy did NOT see, so a clean result is never claimed for it.

Three sources, all already in the trace: the agent's socket census (events.jsonl `socket` records:
connections that bypassed the proxy, e.g. a push SDK's own TCP link, QUIC, DNS), TLS handshakes
that refused the proxy's certificate (flows.jsonl `tls_failure`: likely pinning) and connections
the proxy could not read as HTTP (flows.jsonl `raw`). Coverage is "complete" only when the census
ran and none of the three happened; without the census it is unknown, never complete.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.context import actor_key
from harness.analysis.findings import wording

CENSUS_HOOK = "coverage.socket_census"
MAX_ROWS = 200
MAX_FRAMES = 12


class Coverage:
    """Collects the not-seen traffic while the engine streams the trace (bounded rows)."""

    def __init__(self) -> None:
        self.census: bool | None = None
        self.sockets = 0
        self.rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        self.folded = 0
        self.tls_refused: dict[str, int] = {}
        self.raw = 0

    def agent(self, rec: dict[str, Any]) -> None:
        """hook_installed / hook_skipped of the census: whether absence of sockets means anything."""
        if rec.get("hook_id") != CENSUS_HOOK:
            return
        if rec.get("status") == "hook_installed":
            self.census = True
        elif rec.get("status") == "hook_skipped" and self.census is None:
            self.census = False

    def socket(self, rec: dict[str, Any]) -> None:
        self.sockets += 1
        actor = rec.get("actor") if isinstance(rec.get("actor"), dict) else {"kind": "unknown"}
        key = (rec.get("transport"), rec.get("address"), rec.get("port"), actor_key(actor))
        row = self.rows.get(key)
        if row is None:
            if len(self.rows) >= MAX_ROWS:
                self.folded += 1
                return
            stack = rec.get("stack") if isinstance(rec.get("stack"), list) else []
            row = self.rows[key] = {
                "transport": rec.get("transport"), "address": rec.get("address"), "port": rec.get("port"),
                "family": rec.get("family"), "quic": bool(rec.get("quic")), "purpose": rec.get("purpose"),
                "actor": actor, "count": 0, "first_t": rec.get("t"), "results": [], "scenarios": [],
                "stack": [str(f) for f in stack[:MAX_FRAMES]],
                "native_stack": [str(f) for f in (rec.get("native_stack") or [])[:MAX_FRAMES]]}
        row["count"] += 1
        for field, value in (("results", rec.get("result")), ("scenarios", rec.get("scenario"))):
            if value is not None and value not in row[field]:
                row[field].append(value)

    def flow(self, rec: dict[str, Any]) -> None:
        """flows.jsonl records the proxy could not inspect."""
        if rec.get("kind") == "tls_failure":
            host = str(rec.get("host") or "?")
            self.tls_refused[host] = self.tls_refused.get(host, 0) + 1
        elif rec.get("kind") == "raw":
            self.raw += 1

    @property
    def complete(self) -> bool | None:
        if self.sockets or self.tls_refused or self.raw:
            return False
        return True if self.census else None

    def statement(self, lang: str) -> str:
        """One sentence for next to the verdict."""
        if self.complete:
            return wording(lang, "_coverage.complete")
        parts: list[str] = []
        if self.sockets:
            parts.append(wording(lang, "_coverage.bypassed", sockets=self.sockets,
                                 destinations=len(self.rows) + self.folded))
        n_tls = sum(self.tls_refused.values())
        if n_tls:
            parts.append(wording(lang, "_coverage.tls_refused", count=n_tls))
        if self.raw:
            parts.append(wording(lang, "_coverage.not_http", count=self.raw))
        if self.census is not True:
            parts.append(wording(lang, "_coverage.no_census"))
        return wording(lang, "_coverage.incomplete", parts=wording(lang, "_common.list_sep").join(parts))

    def to_json(self, lang: str) -> dict[str, Any]:
        rows = sorted(self.rows.values(), key=lambda r: (-(r["count"]), str(r["address"]), r["port"] or 0))
        return {"complete": self.complete, "census": self.census, "statement": self.statement(lang),
                "sockets": self.sockets, "not_seen": rows, "folded_destinations": self.folded,
                "tls_refused": [{"host": h, "count": n} for h, n in sorted(self.tls_refused.items())],
                "raw": self.raw}
