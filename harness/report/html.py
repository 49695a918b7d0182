"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network).

Every string from the app, its traffic or its policy reaches the page through jinja2
autoescaping; the only markup built in Python is the matched-value highlight, which escapes
each piece before wrapping the match in <mark>. Labels are the `report.html` section of the
language's catalogue (harness/i18n).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from harness import i18n
from harness.analysis.result import Report
from harness.report import language
from harness.taxonomy import taxonomy

MARKER_COLOURS = {"scenario_start": "#555", "scenario_end": "#555", "policy_shown": "#1f77b4",
                  "consent_accepted": "#2ca02c", "consent_declined": "#d62728", "consent_withdrawn": "#d62728",
                  "app_background": "#9467bd", "app_foreground": "#9467bd", "app_exited": "#8c564b"}


def highlight(text: Any, needles: list[str]) -> Markup:
    """Escape text and wrap every occurrence of a needle in <mark> (needles escaped too)."""
    s = "" if text is None else str(text)
    needles = sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True)
    if not needles or not s:
        return escape(s)
    out: list[Markup | str] = []
    i = 0
    while i < len(s):
        hit = None
        for n in needles:
            j = s.find(n, i)
            if j != -1 and (hit is None or j < hit[0] or (j == hit[0] and len(n) > len(hit[1]))):
                hit = (j, n)
        if hit is None:
            out.append(escape(s[i:]))
            break
        j, n = hit
        out.append(escape(s[i:j]))
        out.append(Markup("<mark>") + escape(n) + Markup("</mark>"))
        i = j + len(n)
    return Markup("").join(out)


def _svg_timeline(report: Report) -> dict[str, Any]:
    """Geometry of the timeline chart; the template draws it (values only, strings escaped there)."""
    tl = report.timeline or {}
    rows = tl.get("rows") or []
    n = max(1, int(tl.get("bins") or 1))
    width_s = float(tl.get("bin_seconds") or 1)
    t_end = float(tl.get("t_end") or 1.0)
    left, plot_w, row_h, top = 230, 720, 16, 28
    col_w = plot_w / n
    tax = taxonomy()
    out_rows = []
    for k, row in enumerate(rows):
        counts = row.get("counts") or []
        peak = max(counts) or 1
        pi = row.get("pi_counts") or []
        cells = []
        for i, c in enumerate(counts):
            if not c:
                continue
            has_pi = bool(pi and i < len(pi) and pi[i])
            cells.append({"x": round(left + i * col_w, 2), "w": round(max(col_w - 0.5, 1.0), 2),
                          "opacity": round(0.25 + 0.75 * c / peak, 3), "count": c, "pi": has_pi,
                          "t0": round(i * width_s, 1), "t1": round((i + 1) * width_s, 1)})
        label = row.get("label") or ""
        if row.get("kind") == "hook":
            dt = tax.maybe(label)
            label = dt.name(report.lang) if dt else label
        out_rows.append({"y": top + k * row_h, "label": label, "kind": row.get("kind"), "cells": cells,
                         "total": row.get("total")})
    height = top + max(1, len(rows)) * row_h + 24
    marks = []
    for b in tl.get("boundaries") or []:
        x = left + plot_w * min(1.0, max(0.0, float(b["t"]) / t_end))
        marks.append({"x": round(x, 2), "marker": b.get("marker"), "scenario": b.get("scenario"), "t": b.get("t"),
                      "colour": MARKER_COLOURS.get(str(b.get("marker")), "#999")})
    ticks = [{"x": round(left + plot_w * i / 5, 2), "label": f"{t_end * i / 5:.0f}"} for i in range(6)]
    kinds = list(dict.fromkeys(str(m["marker"]) for m in marks))
    legend = [{"marker": k, "colour": MARKER_COLOURS.get(k, "#999")} for k in kinds]
    return {"rows": out_rows, "marks": marks, "height": height, "width": left + plot_w + 10, "left": left,
            "plot_w": plot_w, "row_h": row_h, "top": top, "ticks": ticks, "axis_y": height - 18, "legend": legend}


def _json_text(value: Any, indent: int | None = None) -> str:
    """Readable JSON (Chinese kept as is) as plain text; autoescaping then makes it safe."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _needles(ev: Any) -> list[str]:
    d = ev.data
    return [str(x) for x in (d.get("snippet"), d.get("value")) if x]


def actor_text(actor: dict[str, Any], labels: dict[str, Any]) -> str:
    """Who made a call, for evidence: the SDK and its organisation with the signature that named it,
    "library (sends nothing by itself)" for a library, the framework a first-party call went through."""
    name = actor.get("name") or actor.get("kind") or "?"
    kind = actor.get("kind")
    parts = [str(name)]
    if kind == "library":
        parts.append(f"— {labels['library']}")
    elif actor.get("org"):
        parts.append(f"({actor['org']})")
    if actor.get("via"):
        parts.append(f"{labels['via']} {actor['via']}")
    if actor.get("signature"):
        parts.append(f"[{actor['signature']}]")
    return " ".join(parts)


def render_html(report: Report, files: dict[str, str] | None = None) -> str:
    """The page; `files` ({format: file name}) are the sibling reports it links to (report.xlsx first)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(
            lambda name: resources.files("harness.report").joinpath(name).read_text(encoding="utf-8")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["highlight"] = highlight
    env.filters["j"] = _json_text
    labels = i18n.section(language(report), "report.html")
    tax = taxonomy()

    def type_name(type_id: str | None) -> str:
        dt = tax.maybe(type_id) if type_id else None
        return dt.name(report.lang) if dt else (type_id or "-")

    generated = datetime.now(UTC).isoformat(timespec="seconds")
    return env.get_template("report.html.j2").render(
        r=report, L=labels, chart=_svg_timeline(report), type_name=type_name, who=lambda a: actor_text(a, labels),
        needles=_needles, generated=generated, lang=report.lang,
        files=sorted((files or {}).items(), key=lambda kv: kv[0] != "xlsx"),
    )
