"""The JSON report: `Report.to_json()` as UTF-8 JSON (schema "aph-report/1", see SCHEMA.md and report.schema.json)."""

from __future__ import annotations

import json

from harness.analysis.result import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
