"""Is a price difference between two personas real, or noise? A permutation test across items.

Shops jitter prices (A/B tests, rounding, flash sales), so one cheaper response proves nothing.
For one price field, each item's prices under persona A and persona B are compared on the log
scale; the statistic is the mean over items of (mean log A - mean log B), i.e. the typical
relative difference. Its p-value comes from shuffling the persona labels within each item (a
seeded random subset of the permutations, so a verdict is reproducible). A difference is called
discrimination only when it is both significant and large: p <= ALPHA and |effect| >= MIN_EFFECT,
with most items pointing the same way; noise of a few percent, however often repeated, is neither.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass

ALPHA = 0.01
MIN_EFFECT = 0.05
"""Relative price difference (5%) below which no verdict of discrimination is given."""
MIN_AGREEMENT = 0.8
"""Share of items that differ by at least half of MIN_EFFECT in the direction of the overall effect:
a markup applied by the shop moves (nearly) every item; a flash sale on one item does not."""
PERMUTATIONS = 2000
EARLY_HITS = 50


@dataclass(frozen=True, slots=True)
class FieldVerdict:
    field: str
    items: int
    """Items priced under both personas."""
    samples_a: int
    samples_b: int
    effect: float
    """exp(mean log difference) - 1: +0.10 means B pays 10% more than A."""
    p_value: float
    agreement: float
    noise: float
    """Typical relative spread of one item's price within one persona (median absolute deviation)."""
    discriminating: bool
    per_item: tuple[tuple[str, float, float, int, int], ...]
    """(item, median A, median B, n A, n B) for the report."""

    def to_json(self) -> dict[str, object]:
        return {"field": self.field, "items": self.items, "samples_a": self.samples_a, "samples_b": self.samples_b,
                "effect": round(self.effect, 6), "p_value": round(self.p_value, 6), "agreement": round(self.agreement, 3),
                "noise": round(self.noise, 6), "discriminating": self.discriminating,
                "per_item": [{"item": i, "median_a": a, "median_b": b, "n_a": na, "n_b": nb}
                             for i, a, b, na, nb in self.per_item]}


def compare_field(field: str, a: dict[str, list[float]], b: dict[str, list[float]], *,
                  seed: int = 0, permutations: int = PERMUTATIONS) -> FieldVerdict | None:
    """Verdict for one price field over the items both personas saw (None when there are none)."""
    items = sorted(k for k in set(a) & set(b) if _positive(a[k]) and _positive(b[k]))
    if not items:
        return None
    logs = [([math.log(v) for v in a[k] if v > 0], [math.log(v) for v in b[k] if v > 0]) for k in items]
    observed = _statistic(logs)
    diffs = [statistics.fmean(lb) - statistics.fmean(la) for la, lb in logs]
    sign = 1 if observed >= 0 else -1
    agreement = sum(1 for d in diffs if d * sign >= math.log1p(MIN_EFFECT / 2)) / len(diffs)
    p = _permutation_p(logs, observed, seed, permutations)
    effect = math.exp(observed) - 1
    noise = _noise(logs)
    discriminating = p <= ALPHA and abs(effect) >= MIN_EFFECT and agreement >= MIN_AGREEMENT
    per_item = tuple((k, statistics.median(a[k]), statistics.median(b[k]), len(a[k]), len(b[k])) for k in items)
    return FieldVerdict(field, len(items), sum(len(la) for la, _ in logs), sum(len(lb) for _, lb in logs),
                        effect, p, agreement, noise, discriminating, per_item)


def _positive(values: list[float]) -> bool:
    return any(v > 0 for v in values)


def _statistic(logs: list[tuple[list[float], list[float]]]) -> float:
    return statistics.fmean(statistics.fmean(lb) - statistics.fmean(la) for la, lb in logs)


def _permutation_p(logs: list[tuple[list[float], list[float]]], observed: float, seed: int, n: int) -> float:
    """Share of label shuffles (within items) whose |statistic| reaches the observed one, +1 smoothed.

    A shuffle only draws which values become A: B's mean follows from the item's total. Once
    EARLY_HITS shuffles have reached the observed value, p is far above ALPHA and the estimate so far
    is returned (a sequential test: the verdict is the same, the work stops).
    """
    if all(len(la) + len(lb) < 2 for la, lb in logs):
        return 1.0
    rng = random.Random(seed)
    pooled = [(la + lb, len(la), len(lb), math.fsum(la) + math.fsum(lb)) for la, lb in logs]
    hits = 0
    target = abs(observed) - 1e-12
    items = len(pooled)
    for done in range(1, n + 1):
        total = 0.0
        for values, na, nb, whole in pooled:
            sum_a = math.fsum(rng.sample(values, na))
            total += (whole - sum_a) / nb - sum_a / na
        if abs(total / items) >= target:
            hits += 1
            if hits >= EARLY_HITS:
                return (hits + 1) / (done + 1)
    return (hits + 1) / (n + 1)


def _noise(logs: list[tuple[list[float], list[float]]]) -> float:
    deviations = []
    for la, lb in logs:
        for group in (la, lb):
            if len(group) > 1:
                mid = statistics.median(group)
                deviations.extend(abs(v - mid) for v in group)
    return math.exp(statistics.median(deviations)) - 1 if deviations else 0.0
