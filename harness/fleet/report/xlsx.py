"""The fleet report as a workbook: one sheet per view, for the people who filter in a spreadsheet.

Sheet titles and headers are the `report.fleet.xlsx` section of the language's catalogue; the
column ids below fix their order, the rows fill them in that order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from harness import i18n

COLUMNS: dict[str, tuple[str, ...]] = {
    "apps": ("package", "version_code", "name", "status", "verdict", "findings", "high", "medium", "low", "attempts",
             "device", "policy", "reason"),
    "findings": ("package", "version_code", "rule", "severity", "data_type", "actor", "count", "message"),
    "rules": ("rule", "title", "severity", "apps", "findings", "which_apps"),
    "sdks": ("rank", "sdk", "name", "apps", "offending_apps", "pre_consent_apps", "pre_consent_types",
             "undeclared_apps", "undeclared_types"),
    "data_types": ("data_type", "apps_collecting", "which_apps", "rules"),
    "versions": ("package", "version", "previous", "new_collection", "new_sdks", "policy_changed", "c22",
                 "c22_detail", "c35", "c35_detail"),
}


def headers(lang: str, key: str) -> tuple[str, list[str]]:
    """A sheet's title and column headers in `lang`, from the catalogue."""
    return i18n.sheet(lang, f"report.fleet.xlsx.{key}", COLUMNS[key])


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


def _rows(data: dict[str, Any], yes: str, no: str) -> dict[str, list[list[Any]]]:
    apps = data["apps"]
    return {
        "apps": [[a["package"], a["version_code"], a["name"], a["status"], a["verdict"], len(a["findings"]),
                  a["by_severity"].get("high", 0), a["by_severity"].get("medium", 0), a["by_severity"].get("low", 0),
                  a["attempts"], a["device"], a["policy_origin"], a["reason"]] for a in apps],
        "findings": [[a["package"], a["version_code"], f["rule"], f["severity"], f["data_type"], f["actor"], f["count"],
                      f["message"]] for a in apps for f in a["findings"]],
        "rules": [[r["rule"], r["title"], r["severity"], len(r["apps"]), r["findings"], _names(r["apps"])]
                  for r in data["rules"]],
        "sdks": [[i + 1, s["sdk_id"], s["name"], s["apps"], s["offending_apps"], _names(s["pre_consent"]),
                  ", ".join(s["pre_consent_types"]), _names(s["undeclared"]), ", ".join(s["undeclared_types"])]
                 for i, s in enumerate(data["sdks"])],
        "data_types": [[t["data_type"], t["apps"], _names(t["collected_by"]),
                        ", ".join(f"{r} ({n})" for r, n in t["rules"].items())] for t in data["data_types"]],
        "versions": [[v["package"], v["version_code"], v["previous_version_code"], ", ".join(v["new_collection"]),
                      ", ".join(v["new_sdks"]), yes if v["policy_changed"] else no, v["checks"][0]["status"],
                      v["checks"][0]["message"], v["checks"][1]["status"], v["checks"][1]["message"]]
                     for v in data["versions"]],
    }


def write_xlsx(data: dict[str, Any], path: Path, lang: str = i18n.DEFAULT_LANG) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    words = i18n.section(lang, "report.fleet.xlsx")
    for key, rows in _rows(data, words["yes"], words["no"]).items():
        title, header = headers(lang, key)
        _sheet(wb, title, header, rows)
    wb.save(path)
