"""Scan a capture: which known values went to which hosts, who those hosts are, what was not seen.

The one entry point for `harness traffic` and for the report: flow records in (from a run,
a HAR or a mitmproxy file), PI matches and a per-host summary out, plus what the proxy
could not read (TLS refusals, raw streams) and which PI went out in cleartext.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from harness.detect.destinations import attribute_host, normalize_host
from harness.detect.known_values import KnownValue
from harness.detect.matcher import PiMatch, build_matcher
from harness.detect.sdk_db import SdkDatabase
from harness.trace.records import RecordKind


@dataclass(slots=True)
class TrafficScan:
    matches: list[PiMatch] = field(default_factory=list)
    hosts: dict[str, dict[str, Any]] = field(default_factory=dict)
    tls_failures: list[dict[str, Any]] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)
    truncated_flows: list[str] = field(default_factory=list)
    flow_count: int = 0
    value_count: int = 0

    @property
    def cleartext(self) -> list[PiMatch]:
        """PI sent over plain HTTP / ws: its own finding, whoever received it."""
        return [m for m in self.matches if m.cleartext]

    def to_json(self) -> dict[str, Any]:
        return {
            "flows": self.flow_count, "known_values": self.value_count,
            "matches": [m.to_json() for m in self.matches],
            "hosts": self.hosts,
            "cleartext": [{"host": m.host, "data_type": m.data_type, "flow_id": m.flow_id, "location": m.location}
                          for m in self.cleartext],
            "tls_failures": self.tls_failures, "raw": self.raw, "truncated_flows": self.truncated_flows,
        }


def scan_capture(records: Iterable[dict[str, Any]], values: list[KnownValue], *,
                 first_party: Iterable[str] = (), db: SdkDatabase | None = None) -> TrafficScan:
    """Match every flow against the known values and summarise per host (streaming over records)."""
    matcher = build_matcher(values)
    first_party = tuple(first_party)
    scan = TrafficScan(value_count=len(values))
    tls: dict[tuple, dict[str, Any]] = {}
    for rec in records:
        kind = rec.get("kind")
        if kind == RecordKind.TLS_FAILURE:
            key = (rec.get("host"), rec.get("port"), rec.get("error"))
            entry = tls.setdefault(key, {"host": rec.get("host"), "port": rec.get("port"), "sni": rec.get("sni"),
                                         "error": rec.get("error"), "count": 0, "first_t": rec.get("t")})
            entry["count"] += 1
            continue
        if kind == RecordKind.RAW:
            scan.raw.append({k: rec.get(k) for k in ("t", "host", "port", "protocol", "detail", "bytes_up",
                                                     "bytes_down")})
            continue
        if kind != RecordKind.FLOW:
            continue
        scan.flow_count += 1
        host = normalize_host(str(rec.get("host") or ""))
        info = scan.hosts.get(host)
        if info is None:
            info = scan.hosts[host] = {**attribute_host(host, first_party, db), "flows": 0, "data_types": [],
                                       "cleartext": False, "cleartext_pi": False, "first_t": rec.get("t")}
        info["flows"] += 1
        if rec.get("scheme") in ("http", "ws"):
            info["cleartext"] = True
        if (rec.get("request") or {}).get("truncated"):
            scan.truncated_flows.append(str(rec.get("id")))
        found = matcher.scan_flow(rec)
        for m in found:
            if m.data_type not in info["data_types"]:
                info["data_types"].append(m.data_type)
            if m.cleartext:
                info["cleartext_pi"] = True
        scan.matches.extend(found)
    scan.tls_failures = list(tls.values())
    return scan


def render_text(scan: TrafficScan) -> str:
    """Findings per host and data type, for a person at a terminal."""
    lines = [f"{scan.flow_count} flow(s), {scan.value_count} known value(s), "
             f"{len(scan.matches)} match(es) of personal information"]
    by_host: dict[str, dict[str, list[PiMatch]]] = {}
    for m in scan.matches:
        by_host.setdefault(normalize_host(m.host), {}).setdefault(m.data_type, []).append(m)
    for host, info in sorted(scan.hosts.items(), key=lambda kv: (not by_host.get(kv[0]), kv[0])):
        who = {"first": "first party", "unknown": "unknown party",
               "third": f"third party: {info.get('name')} ({info.get('org')}; {info.get('signature')})"}[info["party"]]
        flag = " [CLEARTEXT]" if info.get("cleartext_pi") else ""
        lines.append(f"\n{host or '(no host)'}  ({who}; {info['flows']} flow(s)){flag}")
        types = by_host.get(host, {})
        if not types:
            lines.append("  no known values found")
        for data_type, ms in sorted(types.items()):
            shown = ms[:5]
            lines.append(f"  {data_type}: {len(ms)} match(es)")
            for m in shown:
                via = f" via {'+'.join(m.layers)}" if m.layers else ""
                lines.append(f"    - {m.encoding} at {m.location}{via} (flow {m.flow_id}, {m.scheme})")
            if len(ms) > len(shown):
                lines.append(f"    ... {len(ms) - len(shown)} more")
    if scan.tls_failures:
        lines.append("\nNot seen (the client refused the proxy's certificate: likely certificate pinning):")
        for f in scan.tls_failures:
            where = f"{f['host']}:{f['port']}" if f.get("port") else str(f["host"])
            lines.append(f"  {where}  x{f['count']}  {f.get('error') or ''}")
    if scan.raw:
        lines.append(f"\nNot readable as HTTP: {len(scan.raw)} raw stream(s)")
        for r in scan.raw[:20]:
            lines.append(f"  {r['protocol']} {r['host']}:{r['port']}  up {r['bytes_up']} B, down {r['bytes_down']} B")
    if scan.truncated_flows:
        lines.append(f"\n{len(scan.truncated_flows)} flow(s) had bodies cut at the decode cap: "
                     + ", ".join(scan.truncated_flows[:10]))
    return "\n".join(lines) + "\n"
