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
        zh = lang == "zh"
        if self.complete:
            return ("应用打开的全部网络连接均经过代理，流量已全部检查。" if zh
                    else "Every connection the app opened went through the proxy: all its traffic was inspected.")
        parts: list[str] = []
        if self.sockets:
            dests = len(self.rows) + self.folded
            parts.append(f"{self.sockets} 个连接（{dests} 个目的地）绕过代理" if zh else
                         f"{self.sockets} connection(s) to {dests} destination(s) bypassed the proxy")
        n_tls = sum(self.tls_refused.values())
        if n_tls:
            parts.append(f"{n_tls} 次 TLS 握手拒绝代理证书" if zh else
                         f"{n_tls} TLS handshake(s) refused the proxy's certificate")
        if self.raw:
            parts.append(f"{self.raw} 个非 HTTP 连接" if zh else f"{self.raw} connection(s) were not HTTP")
        if self.census is not True:
            parts.append("未运行套接字普查，绕过代理的流量无法发现" if zh else
                         "the socket census did not run, so traffic outside the proxy would go unnoticed")
        if zh:
            return "流量覆盖不完整：" + "；".join(parts) + "。结论只涵盖已检查的流量，未检查的流量中是否含个人信息未知。"
        return ("Traffic coverage is incomplete: " + "; ".join(parts)
                + ". The verdict covers only the traffic that was inspected; PI in the rest is unknown.")

    def to_json(self, lang: str) -> dict[str, Any]:
        rows = sorted(self.rows.values(), key=lambda r: (-(r["count"]), str(r["address"]), r["port"] or 0))
        return {"complete": self.complete, "census": self.census, "statement": self.statement(lang),
                "sockets": self.sockets, "not_seen": rows, "folded_destinations": self.folded,
                "tls_refused": [{"host": h, "count": n} for h, n in sorted(self.tls_refused.items())],
                "raw": self.raw}
