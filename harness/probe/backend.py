"""The probe's shop server, as a mitmproxy addon: what the probe's shop screen talks to.

The probe's traffic never leaves the host (sink mode), so its "server" answers inside the proxy:
`shop.probe.example.com/api/items` (a list) and `/api/items/<id>` (a detail). Loaded with `-s`
after the harness's own addons; it overwrites the sink's empty answer for the shop host only.

Pricing (`probe_shop_pricing`): "fair" prices every user alike; "discriminating" charges returning
users (a `uid` cookie) and high-end phones more, the 大数据杀熟 pattern PIPL Art. 24 names.
`probe_shop_noise` adds random per-request jitter of up to that fraction (real shops A/B test and
round), so a differential verdict must hold against noise. `price_of` is a pure function: tests
exercise the same pricing the server runs.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

SHOP_HOST = "shop.probe.example.com"
ITEMS: tuple[tuple[str, str, float], ...] = (
    ("sku-1001", "无线耳机 Wireless earbuds", 199.0),
    ("sku-1002", "保温杯 Thermos", 89.0),
    ("sku-1003", "机械键盘 Keyboard", 349.0),
    ("sku-1004", "运动鞋 Running shoes", 459.0),
    ("sku-1005", "台灯 Desk lamp", 129.0),
    ("sku-1006", "充电宝 Power bank", 149.0),
)
PREMIUM_MODELS = re.compile(r"Pixel [89]|Pixel Fold|SM-S9\d\d|SM-F9\d\d|Mate ?\d0 Pro|iPhone|23\d{3}RA|V23\d\d", re.I)
"""Flagship phones by model string (the high-end signal a discriminating shop keys on)."""
RETURNING_MARKUP = 0.12
PREMIUM_MARKUP = 0.10


def price_of(base: float, *, returning: bool, premium: bool, pricing: str, noise: float,
             rng: random.Random) -> float:
    """The price one request is shown: base, markups when discriminating, then the jitter."""
    factor = 1.0
    if pricing == "discriminating":
        factor *= (1 + RETURNING_MARKUP) if returning else 1.0
        factor *= (1 + PREMIUM_MARKUP) if premium else 1.0
    if noise > 0:
        factor *= 1 + rng.uniform(-noise, noise)
    return round(base * factor, 2)


def _user(headers: Any) -> tuple[bool, bool]:
    returning = "uid=" in (headers.get("cookie") or "")
    premium = bool(PREMIUM_MODELS.search(headers.get("user-agent") or ""))
    return returning, premium


class ShopBackend:
    def __init__(self) -> None:
        self.rng = random.Random()
        self.pricing = "fair"
        self.noise = 0.0

    def load(self, loader: Any) -> None:
        loader.add_option("probe_shop_pricing", str, "fair", "Probe shop: fair | discriminating.")
        loader.add_option("probe_shop_noise", str, "0", "Probe shop: random price jitter, a fraction (0.03 = 3%).")
        loader.add_option("probe_shop_seed", int, 0, "Probe shop: jitter seed (0: a fresh random seed).")

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx

        self.pricing = ctx.options.probe_shop_pricing
        self.noise = max(0.0, min(0.5, float(ctx.options.probe_shop_noise or 0)))
        if "probe_shop_seed" in updated and ctx.options.probe_shop_seed:
            self.rng = random.Random(ctx.options.probe_shop_seed)

    def request(self, flow: Any) -> None:
        from mitmproxy import http

        if flow.request.pretty_host != SHOP_HOST:
            return
        returning, premium = _user(flow.request.headers)
        path = flow.request.path.split("?", 1)[0]
        status, body = 404, {"error": "not found"}
        if path == "/api/items":
            status, body = 200, {"page": 1, "currency": "CNY",
                                 "items": [self._item(i, returning, premium) for i in ITEMS]}
        elif path.startswith("/api/items/"):
            found = [i for i in ITEMS if i[0] == path.rsplit("/", 1)[1]]
            if found:
                status, body = 200, {"item": {**self._item(found[0], returning, premium),
                                              "coupon": {"amount": 10.0, "min_spend": 99.0}}}
        flow.response = http.Response.make(status, json.dumps(body, ensure_ascii=False).encode(),
                                           {"content-type": "application/json; charset=utf-8"})

    def _item(self, item: tuple[str, str, float], returning: bool, premium: bool) -> dict[str, Any]:
        sku, name, base = item
        price = price_of(base, returning=returning, premium=premium, pricing=self.pricing, noise=self.noise,
                         rng=self.rng)
        return {"id": sku, "name": name, "price": price, "original_price": base,
                "delivery_fee": 6.0}


addons = [ShopBackend()]
