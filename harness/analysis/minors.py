"""What the minors rules share: is this run a child's, is an actor an ad network, did a guardian consent.

A run is a child's when its persona (run.json, set by `harness diff` or `harness audit --persona`)
states an age under 14 (PIPL Art. 28: a child's personal information is sensitive; Art. 31: it needs
a parent's or guardian's consent). Guardian consent is a `parental_consent` marker in ui.jsonl, which
a scenario records when it completes the app's guardian step; the UI dumps (screens/) are searched
for a youth-mode or guardian prompt as context for the finding.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.analysis.context import AnalysisContext, Observation

AD_IDENTIFIERS = frozenset({"advertising_id", "oaid", "vaid", "aaid", "idfa"})
"""Resettable advertising identifiers: what ad networks key targeting on."""
AD_CATEGORIES = frozenset({"advertising", "ads", "ad_network", "attribution", "ad_mediation"})
PARENTAL_CONSENT_MARKER = "parental_consent"
GUARDIAN_WORDS = re.compile(r"监护人|家长|父母同意|青少年模式|未成年人模式|儿童模式|parental|guardian|youth mode|kids mode",
                            re.IGNORECASE)
MAX_SCREEN_BYTES = 2 * 1024 * 1024
MAX_SCREENS = 400


def is_child_run(ctx: AnalysisContext) -> bool:
    return ctx.persona is not None and ctx.persona.is_child


def guardian_consented(ctx: AnalysisContext) -> bool:
    return any(r.get("kind") == "marker" and r.get("marker") == PARENTAL_CONSENT_MARKER for r in ctx.ui)


def ad_actor(ctx: AnalysisContext, o: Observation) -> bool:
    """The SDK behind the read or the destination of the flow is an advertising one."""
    sdk_id = o.actor.get("sdk_id")
    sdk = ctx.db.sdks.get(sdk_id) if sdk_id else None
    return bool(sdk and {c.strip() for c in str(getattr(sdk, "category", "")).split(",")} & AD_CATEGORIES)


def guardian_prompt_screens(ctx: AnalysisContext) -> list[str]:
    """UI dumps of the run that show a youth-mode or guardian prompt (bounded reads)."""
    if ctx.run_path is None:
        return []
    seen: list[str] = []
    names = [r.get("screenshot") for r in ctx.ui if isinstance(r.get("screenshot"), str)]
    for name in dict.fromkeys(names[:MAX_SCREENS]):
        path = Path(ctx.run_path) / name
        if path.suffix != ".xml" or not path.resolve().is_relative_to(Path(ctx.run_path).resolve()):
            continue
        try:
            with open(path, "rb") as fh:
                text = fh.read(MAX_SCREEN_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        if GUARDIAN_WORDS.search(text):
            seen.append(name)
    return seen
