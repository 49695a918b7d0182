"""Compare runs made under different personas: prices, what was collected and sent where, and flows.

Input: for each persona, the run folders of its repetitions. The first persona is the baseline;
every other one is compared with it. Three views, each from the trace alone:
- prices: numeric price fields per item (prices.py), judged with stats.py across repetitions;
- collection: data types read (hook events, by actor) and sent (report.json's host table, by
  destination), in how many of a persona's repetitions each was seen;
- flows: consent markers, and the age-gate / youth-mode / guardian prompts seen in UI dumps.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.diff.prices import PriceObs, price_observations
from harness.diff.stats import FieldVerdict, compare_field
from harness.persona.model import Persona, differing
from harness.trace.jsonl import JsonlReader

UI_SIGNALS: dict[str, re.Pattern[str]] = {
    "age_gate": re.compile(r"年龄|出生|生日|age gate|your age|date of birth|how old", re.IGNORECASE),
    "youth_mode": re.compile(r"青少年模式|未成年人模式|儿童模式|youth mode|kids mode|teen mode", re.IGNORECASE),
    "guardian_prompt": re.compile(r"监护人|家长|parental|guardian", re.IGNORECASE),
}
MAX_SCREEN_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PersonaRuns:
    persona: Persona
    runs: tuple[Path, ...]


@dataclass(slots=True)
class PersonaFacts:
    """What one persona's runs showed."""

    prices: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    """field -> item -> every price seen (all repetitions)."""
    examples: dict[str, PriceObs] = field(default_factory=dict)
    """item -> one observation (for the side-by-side view)."""
    reads: dict[str, int] = field(default_factory=dict)
    """"data_type|actor" -> repetitions it was seen in."""
    sent: dict[str, int] = field(default_factory=dict)
    """"data_type|destination" -> repetitions it was seen in."""
    markers: dict[str, int] = field(default_factory=dict)
    ui: dict[str, int] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    """The first run's requests to price-bearing endpoints (side-by-side view)."""
    repetitions: int = 0


@dataclass(frozen=True, slots=True)
class PairDiff:
    baseline: str
    other: str
    attributes: tuple[str, ...]
    """Persona attributes that differ: the candidate causes."""
    prices: tuple[FieldVerdict, ...]
    reads_only_other: tuple[str, ...]
    reads_only_baseline: tuple[str, ...]
    sent_only_other: tuple[str, ...]
    sent_only_baseline: tuple[str, ...]
    flow_differences: tuple[str, ...]

    @property
    def discriminating(self) -> tuple[FieldVerdict, ...]:
        return tuple(v for v in self.prices if v.discriminating)

    def to_json(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "other": self.other, "attributes": list(self.attributes),
                "prices": [v.to_json() for v in self.prices],
                "collection": {"reads_only_other": list(self.reads_only_other),
                               "reads_only_baseline": list(self.reads_only_baseline),
                               "sent_only_other": list(self.sent_only_other),
                               "sent_only_baseline": list(self.sent_only_baseline)},
                "flows": list(self.flow_differences)}


@dataclass(frozen=True, slots=True)
class DiffResult:
    personas: tuple[PersonaRuns, ...]
    facts: dict[str, PersonaFacts]
    pairs: tuple[PairDiff, ...]

    def to_json(self) -> dict[str, Any]:
        return {"schema": "aph-diff/1",
                "personas": [{**p.persona.to_json(), "runs": [str(r) for r in p.runs]} for p in self.personas],
                "pairs": [p.to_json() for p in self.pairs],
                "facts": {name: {"reads": f.reads, "sent": f.sent, "markers": f.markers, "ui": f.ui,
                                 "repetitions": f.repetitions} for name, f in self.facts.items()}}


def compare_personas(groups: Iterable[PersonaRuns]) -> DiffResult:
    groups = tuple(groups)
    facts = {g.persona.name: gather(g.runs) for g in groups}
    base = groups[0]
    pairs = tuple(_pair(base, other, facts) for other in groups[1:])
    return DiffResult(groups, facts, pairs)


def gather(runs: Iterable[Path]) -> PersonaFacts:
    facts = PersonaFacts()
    for i, run in enumerate(runs):
        facts.repetitions += 1
        for obs in price_observations(run):
            facts.prices.setdefault(obs.field, {}).setdefault(obs.item, []).append(obs.value)
            facts.examples.setdefault(obs.item, obs)
        _count(facts.reads, _reads(run))
        _count(facts.sent, _sent(run))
        _count(facts.markers, _markers(run))
        _count(facts.ui, _ui_signals(run))
        if i == 0:
            facts.requests = _price_requests(run)
    return facts


def _count(into: dict[str, int], keys: set[str]) -> None:
    for k in keys:
        into[k] = into.get(k, 0) + 1


def _reads(run: Path) -> set[str]:
    out = set()
    for r in JsonlReader(Path(run) / "events.jsonl"):
        if isinstance(r, dict) and r.get("kind") == "hook" and isinstance(r.get("data_type"), str):
            actor = r.get("actor") if isinstance(r.get("actor"), dict) else {}
            out.add(f"{r['data_type']}|{actor.get('name') or actor.get('kind') or 'unknown'}")
    return out


def _sent(run: Path) -> set[str]:
    try:
        report = json.loads((Path(run) / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    out = set()
    for h in report.get("hosts", []) if isinstance(report, dict) else []:
        if isinstance(h, dict):
            for dt in h.get("data_types") or []:
                out.add(f"{dt}|{h.get('name') or h.get('host')}")
    return out


def _markers(run: Path) -> set[str]:
    return {str(r["marker"]) for r in JsonlReader(Path(run) / "ui.jsonl")
            if isinstance(r, dict) and r.get("kind") == "marker" and r.get("marker")}


def _ui_signals(run: Path) -> set[str]:
    found: set[str] = set()
    for path in sorted((Path(run) / "screens").glob("*.xml"))[:400]:
        try:
            with open(path, "rb") as fh:
                text = fh.read(MAX_SCREEN_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        found.update(name for name, rx in UI_SIGNALS.items() if rx.search(text))
    return found


def _price_requests(run: Path, limit: int = 20) -> list[dict[str, Any]]:
    """Requests whose responses carried prices: method, URL, request headers, response body (capped)."""
    out = []
    for r in JsonlReader(Path(run) / "flows.jsonl"):
        if not isinstance(r, dict) or r.get("kind") != "flow":
            continue
        resp = r.get("response") if isinstance(r.get("response"), dict) else {}
        body = resp.get("body")
        if isinstance(body, str) and re.search(r'"[^"]*(price|amount|fee)[^"]*"\s*:', body, re.IGNORECASE):
            req = r.get("request") if isinstance(r.get("request"), dict) else {}
            out.append({"method": r.get("method"), "url": r.get("url"), "headers": req.get("headers") or [],
                        "response": body[:4000]})
            if len(out) >= limit:
                break
    return out


def _pair(base: PersonaRuns, other: PersonaRuns, facts: dict[str, PersonaFacts]) -> PairDiff:
    fa, fb = facts[base.persona.name], facts[other.persona.name]
    verdicts = []
    for name in sorted(set(fa.prices) & set(fb.prices)):
        seed = int(hashlib.sha256(f"{base.persona.name}|{other.persona.name}|{name}".encode()).hexdigest()[:8], 16)
        v = compare_field(name, fa.prices[name], fb.prices[name], seed=seed)
        if v is not None:
            verdicts.append(v)
    return PairDiff(
        baseline=base.persona.name, other=other.persona.name,
        attributes=tuple(differing(base.persona, other.persona)), prices=tuple(verdicts),
        reads_only_other=_only(fb.reads, fb.repetitions, fa.reads),
        reads_only_baseline=_only(fa.reads, fa.repetitions, fb.reads),
        sent_only_other=_only(fb.sent, fb.repetitions, fa.sent),
        sent_only_baseline=_only(fa.sent, fa.repetitions, fb.sent),
        flow_differences=tuple(_flow_differences(fa, fb, base.persona.name, other.persona.name)))


def _only(mine: dict[str, int], reps: int, theirs: dict[str, int]) -> tuple[str, ...]:
    """Keys seen in most of my repetitions and in none of the other persona's: a stable difference."""
    need = max(1, (reps + 1) // 2)
    return tuple(sorted(k for k, n in mine.items() if n >= need and k not in theirs))


def _flow_differences(fa: PersonaFacts, fb: PersonaFacts, a: str, b: str) -> list[str]:
    out = []
    for kind, ra, rb in (("marker", fa.markers, fb.markers), ("screen", fa.ui, fb.ui)):
        for key in sorted(set(ra) | set(rb)):
            in_a, in_b = ra.get(key, 0) > 0, rb.get(key, 0) > 0
            if in_a != in_b:
                out.append(f"{kind} {key}: {'only ' + (a if in_a else b)}")
    return out
