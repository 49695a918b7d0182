"""The fleet report as one self-contained HTML page (no scripts, no external assets), worded from the
`report.fleet.html` section of the language's catalogue (harness/i18n)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2

from harness import i18n


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    text = (resources.files("harness.fleet.report") / "fleet.html.j2").read_text(encoding="utf-8")
    return env.from_string(text)


def render_html(data: dict[str, Any], lang: str = i18n.DEFAULT_LANG) -> str:
    return _template().render(d=data, L=i18n.section(lang, "report.fleet.html"))
