"""The fleet report as a workbook: one sheet per view, for the people who filter in a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def _names(apps: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['package']} v{a['version_code']}" for a in apps)


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    ws.freeze_panes = "A2"
    for i, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[i - 1] or "")) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
    ws.auto_filter.ref = ws.dimensions


def write_xlsx(data: dict[str, Any], path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    apps = data["apps"]
    _sheet(wb, "Apps", ["package", "version_code", "name", "status", "verdict", "findings", "high", "medium", "low",
                        "attempts", "device", "policy", "reason"],
           [[a["package"], a["version_code"], a["name"], a["status"], a["verdict"], len(a["findings"]),
             a["by_severity"].get("high", 0), a["by_severity"].get("medium", 0), a["by_severity"].get("low", 0),
             a["attempts"], a["device"], a["policy_origin"], a["reason"]] for a in apps])
    _sheet(wb, "Findings", ["package", "version_code", "rule", "severity", "data_type", "actor", "count", "message"],
           [[a["package"], a["version_code"], f["rule"], f["severity"], f["data_type"], f["actor"], f["count"],
             f["message"]] for a in apps for f in a["findings"]])
    _sheet(wb, "Rules", ["rule", "title", "severity", "apps", "findings", "which apps"],
           [[r["rule"], r["title"], r["severity"], len(r["apps"]), r["findings"], _names(r["apps"])]
            for r in data["rules"]])
    _sheet(wb, "SDKs", ["rank", "sdk", "name", "apps", "offending apps", "pre-consent apps", "pre-consent types",
                        "undeclared apps", "undeclared types"],
           [[i + 1, s["sdk_id"], s["name"], s["apps"], s["offending_apps"], _names(s["pre_consent"]),
             ", ".join(s["pre_consent_types"]), _names(s["undeclared"]), ", ".join(s["undeclared_types"])]
            for i, s in enumerate(data["sdks"])])
    _sheet(wb, "Data types", ["data_type", "apps collecting", "which apps", "rules (apps)"],
           [[t["data_type"], t["apps"], _names(t["collected_by"]),
             ", ".join(f"{r} ({n})" for r, n in t["rules"].items())] for t in data["data_types"]])
    _sheet(wb, "Versions", ["package", "version", "previous", "new collection", "new SDKs", "policy changed",
                            "2.2", "2.2 detail", "3.5", "3.5 detail"],
           [[v["package"], v["version_code"], v["previous_version_code"], ", ".join(v["new_collection"]),
             ", ".join(v["new_sdks"]), "yes" if v["policy_changed"] else "no", v["checks"][0]["status"],
             v["checks"][0]["message"], v["checks"][1]["status"], v["checks"][1]["message"]]
            for v in data["versions"]])
    wb.save(path)
