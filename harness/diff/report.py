"""diff.html: the personas side by side, with what differs highlighted.

Columns are personas (the first is the baseline). Sections: the persona attributes, the verdicts,
prices per item, what was read and sent where, consent and content flows, and the requests whose
responses carried prices with their headers (headers whose value differs from the baseline's are
highlighted). Self-contained: no script, no external resource; every value is escaped.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from harness import i18n

if TYPE_CHECKING:
    from harness.diff.runner import DiffOutcome

_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f]")

CSS = """body{font:14px/1.45 system-ui,'Noto Sans CJK SC',sans-serif;margin:24px;color:#1d1d1f}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccd;padding:4px 8px;vertical-align:top;
text-align:left}th{background:#f3f4f8}.diff{background:#fff1c2}.bad{background:#ffd6d6}.ok{background:#dff5e1}
pre{white-space:pre-wrap;max-width:560px;max-height:320px;overflow:auto;font-size:12px;margin:0}
h2{margin-top:28px;border-bottom:1px solid #ccd}.muted{color:#667}"""


def esc(value: Any) -> str:
    """Escaped for HTML, with control and bidi-override characters shown as code points."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return html.escape(_INVISIBLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text))


def render_html(outcome: DiffOutcome, lang: str = i18n.DEFAULT_LANG) -> str:
    """The page in `lang`; its words are the `report.diff` section of that language's catalogue."""
    w = i18n.section(lang if lang in i18n.LANGS else i18n.DEFAULT_LANG, "report.diff")
    res = outcome.result
    names = [g.persona.name for g in res.personas]
    parts = [f"<!doctype html><html lang='{esc(w['html_lang'])}'><meta charset='utf-8'>",
             f"<title>{esc(w['page_title'])}</title><style>{CSS}</style>",
             f"<h1>{esc(w['heading'].format(names=' vs '.join(names)))}</h1>"]
    if outcome.partial_runs:
        parts.append(f"<p class='bad'>{esc(w['partial_runs'].format(runs=', '.join(outcome.partial_runs)))}</p>")
    parts += [_personas(res, w), _verdicts(outcome, w), _prices(res, w), _collection(res, names, w),
              _flows(res, names, w), _requests(res, names, w), "</html>"]
    return "\n".join(parts)


def _personas(res: Any, w: dict[str, str]) -> str:
    keys = sorted({k for g in res.personas for k in g.persona.attributes})
    base = res.personas[0].persona
    rows = []
    for k in keys:
        cells = []
        for g in res.personas:
            v = g.persona.attributes.get(k)
            cls = " class='diff'" if v != base.attributes.get(k) else ""
            cells.append(f"<td{cls}>{esc('' if v is None else v)}</td>")
        rows.append(f"<tr><th>{esc(k)}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th>{esc(g.persona.name)} <span class='muted'>({len(g.runs)}×)</span></th>" for g in res.personas)
    return (f"<h2>{esc(w['personas'])}</h2><table><tr><th></th>{head}</tr>{''.join(rows)}</table>")


def _verdicts(outcome: DiffOutcome, w: dict[str, str]) -> str:
    items = [f"<li class='bad'><b>{esc(f.title)}</b>: {esc(f.message)}</li>" for f in outcome.findings]
    for persona, found in outcome.run_findings.items():
        for f in found:
            items.append(f"<li class='bad'><b>{esc(f.get('title'))}</b> ({esc(persona)}): {esc(f.get('message'))}</li>")
    if not items:
        items = [f"<li class='ok'>{esc(w['no_findings'])}</li>"]
    return f"<h2>{esc(w['verdicts'])}</h2><ul>{''.join(items)}</ul>"


def _prices(res: Any, w: dict[str, str]) -> str:
    out = [f"<h2>{esc(w['prices'])}</h2>"]
    if not any(p.prices for p in res.pairs):
        out.append(f"<p class='muted'>{esc(w['no_prices'])}</p>")
    for pair in res.pairs:
        for v in sorted(pair.prices, key=lambda v: (not v.discriminating, v.field)):  # verdicts first
            cls = "bad" if v.discriminating else "ok"
            out.append(f"<h3 class='{cls}'>{esc(v.field)}: {esc(pair.other)} vs {esc(pair.baseline)} "
                       f"{v.effect * 100:+.1f}% (p={v.p_value:.4f}, {esc(w['agreement'])} "
                       f"{v.agreement:.0%}, {esc(w['noise'])} ±{v.noise * 100:.1f}%)</h3>")
            rows = []
            for item, ma, mb, na, nb in v.per_item:
                cls_row = " class='diff'" if abs(mb - ma) > max(0.01, 0.005 * ma) else ""
                rows.append(f"<tr{cls_row}><td>{esc(item)}</td><td>{ma:g} ({na})</td><td>{mb:g} ({nb})</td></tr>")
            out.append(f"<table><tr><th>{esc(w['item'])}</th><th>{esc(pair.baseline)}</th><th>{esc(pair.other)}</th></tr>"
                       f"{''.join(rows)}</table>")
    return "".join(out)


def _table(title: str, rows_by_persona: dict[str, dict[str, int]], names: list[str]) -> str:
    keys = sorted({k for d in rows_by_persona.values() for k in d})
    if not keys:
        return ""
    rows = []
    for k in keys:
        counts = [rows_by_persona[n].get(k, 0) for n in names]
        cls = " class='diff'" if len({c > 0 for c in counts}) > 1 else ""
        rows.append(f"<tr{cls}><td>{esc(k)}</td>" + "".join(f"<td>{c}</td>" for c in counts) + "</tr>")
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    return f"<h3>{esc(title)}</h3><table><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _collection(res: Any, names: list[str], w: dict[str, str]) -> str:
    return (f"<h2>{esc(w['collected'])}</h2>"
            + _table(w['read'], {n: res.facts[n].reads for n in names}, names)
            + _table(w['sent'], {n: res.facts[n].sent for n in names}, names))


def _flows(res: Any, names: list[str], w: dict[str, str]) -> str:
    return (f"<h2>{esc(w['flows'])}</h2>"
            + _table(w['markers'], {n: res.facts[n].markers for n in names}, names)
            + _table(w['screens'], {n: res.facts[n].ui for n in names}, names))


def _requests(res: Any, names: list[str], w: dict[str, str]) -> str:
    base_headers = _header_map(res.facts[names[0]].requests)
    cells = []
    for n in names:
        blocks = []
        for req in res.facts[n].requests[:6]:
            hdr = []
            for k, v in req.get("headers") or []:
                differs = base_headers.get((req.get("url"), str(k).lower())) not in (None, v) or \
                    (n != names[0] and (req.get("url"), str(k).lower()) not in base_headers)
                hdr.append(f"<div{' class=diff' if differs else ''}>{esc(k)}: {esc(v)}</div>")
            blocks.append(f"<p><b>{esc(req.get('method'))}</b> {esc(req.get('url'))}</p>{''.join(hdr)}"
                          f"<pre>{esc(req.get('response', ''))}</pre>")
        cells.append(f"<td>{''.join(blocks) or esc('—')}</td>")
    head = "".join(f"<th>{esc(n)}</th>" for n in names)
    return (f"<h2>{esc(w['requests'])}</h2>"
            f"<table><tr>{head}</tr><tr>{''.join(cells)}</tr></table>")


def _header_map(requests: list[dict[str, Any]]) -> dict[tuple[Any, str], str]:
    return {(r.get("url"), str(k).lower()): v for r in requests for k, v in r.get("headers") or []}
