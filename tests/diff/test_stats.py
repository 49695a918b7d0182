"""The pricing verdict: a real markup is flagged with its cause, noise of a few percent never is.

The price samples come from the probe shop server's own pricing function (harness.probe.backend),
drawn as a differential run draws them: a list and three details per repetition, three repetitions.
"""

from __future__ import annotations

import random

import pytest

from harness.diff.stats import compare_field
from harness.probe.backend import ITEMS, price_of

DETAILS = 3


def _samples(rng: random.Random, *, returning: bool, premium: bool, pricing: str, noise: float,
             repeat: int = 3) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(repeat):
        for i, (sku, _name, base) in enumerate(ITEMS):
            views = 2 if i < DETAILS else 1  # seen in the list, and again on its detail page
            for _view in range(views):
                out.setdefault(sku, []).append(price_of(base, returning=returning, premium=premium, pricing=pricing,
                                                        noise=noise, rng=rng))
    return out


@pytest.mark.parametrize("noise", [0.0, 0.03, 0.05])
def test_fair_shop_with_noise_is_never_called_discriminating(noise: float) -> None:
    flagged = 0
    for run in range(20):
        rng = random.Random(1000 + run)
        a = _samples(rng, returning=False, premium=False, pricing="fair", noise=noise)
        b = _samples(rng, returning=False, premium=True, pricing="fair", noise=noise)
        v = compare_field("price", a, b, seed=run)
        assert v is not None and abs(v.effect) < 0.05
        flagged += v.discriminating
    assert flagged == 0


@pytest.mark.parametrize(("returning", "premium", "markup"), [(False, True, 0.10), (True, False, 0.12)])
def test_discriminating_shop_is_flagged_every_time(returning: bool, premium: bool, markup: float) -> None:
    for run in range(20):
        rng = random.Random(2000 + run)
        a = _samples(rng, returning=False, premium=False, pricing="discriminating", noise=0.03)
        b = _samples(rng, returning=returning, premium=premium, pricing="discriminating", noise=0.03)
        v = compare_field("price", a, b, seed=run, permutations=500)  # p can still reach 0.002 < ALPHA
        assert v is not None and v.discriminating, (run, v)
        assert abs(v.effect - markup) < 0.02 and v.p_value <= 0.01 and v.agreement == 1.0


def test_cheaper_for_the_other_persona_is_flagged_too() -> None:
    rng = random.Random(7)
    a = _samples(rng, returning=False, premium=True, pricing="discriminating", noise=0.02)
    b = _samples(rng, returning=False, premium=False, pricing="discriminating", noise=0.02)
    v = compare_field("price", a, b, seed=1)
    assert v.discriminating and v.effect < -0.05


def test_a_single_outlier_item_is_not_enough() -> None:
    a = {f"i{k}": [100.0, 101.0, 99.0] for k in range(6)}
    b = {f"i{k}": [100.0, 100.5, 99.5] for k in range(6)}
    b["i0"] = [160.0, 161.0, 159.0]  # one item on a flash price change, the rest the same
    v = compare_field("price", a, b, seed=3)
    assert not v.discriminating and v.agreement < 0.8 and v.p_value > 0.01


def test_no_common_items_gives_no_verdict() -> None:
    assert compare_field("price", {"a": [1.0]}, {"b": [1.0]}) is None
