"""The report as an xlsx workbook, one sheet per section: the form Chinese testers exchange.

Sheets: findings, evidence, hosts, SDKs and the collection list (what the run saw, per data
type). Cells are written as text or numbers only: a value starting with "=" stays text, so a
captured request can never become a formula in the tester's spreadsheet.
"""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from harness import i18n
from harness.analysis.result import Report
from harness.report import language
from harness.taxonomy import taxonomy

CELL_LIMIT = 32_000
"""Excel's cell limit is 32,767 characters."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "findings": ("n", "rule", "severity", "title", "data_type", "actor", "count", "message", "scenarios", "phases",
                 "anchors", "fingerprint"),
    "evidence": ("n", "rule", "kind", "ref", "t", "scenario", "phase", "summary"),
    "hosts": ("host", "party", "sdk", "flows", "pi_flows", "data_types", "cleartext", "tls_failures"),
    "sdks": ("sdk", "name", "pi_read", "hosts", "findings"),
    "collection": ("data_type", "type_id", "read_by", "apis", "sent_to", "cleartext", "first_phase", "count"),
}
"""Sheet -> its column ids, in the order `_rows` fills them; titles and headers are `report.xlsx.<sheet>.*`."""


def headers(lang: str, key: str) -> tuple[str, list[str]]:
    """A sheet's title and column headers in `lang`, from the catalogue."""
    return i18n.sheet(lang, f"report.xlsx.{key}", COLUMNS[key])

def _cell(value: Any, lang: str) -> Any:
    if value is None or isinstance(value, bool):
        return "" if value is None else i18n.text(lang, "report.xlsx.yes" if value else "report.xlsx.no")
    if isinstance(value, (int, float)):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:CELL_LIMIT]


def _sheet(wb: Workbook, key: str, lang: str, rows: list[tuple[Any, ...]]) -> Worksheet:
    title, head = headers(lang, key)
    ws = wb.create_sheet(title)
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        ws.append([_cell(v, lang) for v in row])
        for c in ws[ws.max_row]:
            if c.data_type == "f":  # a string that begins with "=" is data here, never a formula
                c.data_type = "s"
    for i, _ in enumerate(head, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        width = max(len(str(ws.cell(row=r, column=i).value or "")) for r in range(1, min(ws.max_row, 200) + 1))
        ws.column_dimensions[letter].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(vertical="top", wrap_text=isinstance(c.value, str) and len(c.value) > 60)
    return ws


def _summary(e: Any) -> str:
    d = e.data
    if e.kind == "hook":
        return f"{d.get('api')} -> {d.get('value')}"
    if e.kind == "flow":
        return f"{d.get('method')} {d.get('url')} [{d.get('location')}: {d.get('value')} ({d.get('encoding')})]"
    if e.kind == "ui":
        return str(d.get("marker") or d.get("action") or "")
    return json.dumps(d, ensure_ascii=False)


def _actor(a: dict[str, Any]) -> str:
    return str(a.get("name") or a.get("host") or a.get("package") or a.get("kind") or "")


def _rows(report: Report) -> dict[str, list[tuple[Any, ...]]]:
    tax = taxonomy()
    lang = language(report)
    sep = i18n.text(lang, "report.xlsx.type_separator")

    def name(t: str | None) -> str:
        dt = tax.maybe(t) if t else None
        return dt.name(lang) if dt else (t or "")

    findings, evidence = [], []
    for i, f in enumerate(report.findings, start=1):
        findings.append((i, f.rule, str(f.severity), f.title, name(f.data_type), _actor(f.actor), f.count, f.message,
                         ", ".join(f.scenarios), ", ".join(f.phases), "; ".join(f.anchors.labels()), f.fingerprint))
        evidence += [(i, f.rule, e.kind, e.ref, e.t, e.scenario, e.phase, _summary(e)) for e in f.evidence]
    hosts = [(h["host"], h.get("party"), h.get("name") if h.get("sdk_id") else "", h["flows"], h["pi_flows"],
              ", ".join(name(t) for t in h["data_types"]), h["cleartext"], h["tls_failures"]) for h in report.hosts]
    sdks: dict[str, dict[str, Any]] = {}
    types = (report.observed or {}).get("types") or {}
    for dt, row in types.items():
        for r in row["read_by"]:
            a = r.get("actor") or {}
            if a.get("kind") == "sdk":
                s = sdks.setdefault(a.get("sdk_id") or _actor(a), {"name": _actor(a), "types": {}, "hosts": {}})
                s["types"][name(dt)] = None
        for r in row["sent_to"]:
            a = r.get("actor") or {}
            if a.get("kind") == "sdk":
                s = sdks.setdefault(a.get("sdk_id") or _actor(a), {"name": _actor(a), "types": {}, "hosts": {}})
                s["hosts"][r.get("host")] = None
    per_sdk = {}
    for f in report.findings:
        if f.actor.get("kind") == "sdk":
            key = f.actor.get("sdk_id") or _actor(f.actor)
            per_sdk[key] = per_sdk.get(key, 0) + 1
    sdk_rows = [(k, v["name"], sep.join(v["types"]), ", ".join(map(str, v["hosts"])), per_sdk.get(k, 0))
                for k, v in sorted(sdks.items())]
    collection = []
    for dt, row in types.items():
        reads, sends = row["read_by"], row["sent_to"]
        first = min(reads + sends, key=lambda x: x.get("first_t") or 0.0)
        collection.append((name(dt), dt, ", ".join(dict.fromkeys(_actor(r.get("actor") or {}) for r in reads)),
                           ", ".join(dict.fromkeys(str(r.get("api")) for r in reads if r.get("api"))),
                           ", ".join(dict.fromkeys(str(s.get("host")) for s in sends)),
                           any(s.get("cleartext") for s in sends), first.get("phase"),
                           sum(x.get("count", 0) for x in reads + sends)))
    return {"findings": findings, "evidence": evidence, "hosts": hosts, "sdks": sdk_rows, "collection": collection}


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for key, rows in _rows(report).items():
        _sheet(wb, key, language(report), rows)
    wb.properties.title = "App Privacy Harness report"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
