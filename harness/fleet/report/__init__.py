"""`harness fleet-report`: the store-wide report of a batch as JSON, HTML and xlsx (one module per format)."""

from __future__ import annotations

import json
from pathlib import Path

from harness import i18n
from harness.fleet.report.aggregate import build
from harness.fleet.report.html import render_html
from harness.fleet.report.xlsx import write_xlsx


def write_fleet_report(batch_dir: Path, out_dir: Path | None = None,
                       previous: list[Path] | None = None, lang: str = i18n.DEFAULT_LANG) -> dict[str, Path]:
    """Aggregate the batch and write fleet.json, fleet.html and fleet.xlsx (worded in `lang`); format -> path."""
    data = build(Path(batch_dir), previous)
    out = Path(out_dir or batch_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "fleet.json", "html": out / "fleet.html", "xlsx": out / "fleet.xlsx"}
    paths["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["html"].write_text(render_html(data, lang), encoding="utf-8")
    write_xlsx(data, paths["xlsx"], lang)
    return paths
