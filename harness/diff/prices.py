"""Prices in a run's responses: numeric price fields of items, keyed by item id and field path.

A shop answers with JSON; an "item" is any object with an id-like key (id, sku, item_id, goods_id,
...) and at least one price-like number (price, amount, fee, discount, coupon, total, 价格, ...,
also one level down, e.g. `coupon.amount`). Fields are named by their path inside the item
object, so `items[3].price` in a list and `item.price` in a detail page are the same field of the
same item: that is how paths are learned across runs without knowing the shop's API.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.trace.jsonl import JsonlReader

ID_KEYS = ("id", "sku", "sku_id", "skuid", "item_id", "itemid", "goods_id", "goodsid", "product_id", "productid",
           "spu_id", "spuid", "offer_id")
PRICE_KEY = re.compile(r"price|amount|fee|cost|discount|coupon|total|pay|charge|价|费|优惠|金额", re.IGNORECASE)
NOT_PRICE_KEY = re.compile(r"count|qty|quantity|num|rate|ratio|percent|score|rank|id$|time|stamp|min_spend|threshold",
                           re.IGNORECASE)
MAX_BODY = 4 * 1024 * 1024
MAX_DEPTH = 12
MAX_ITEMS_PER_FLOW = 500


@dataclass(frozen=True, slots=True)
class PriceObs:
    """One price of one item in one response."""

    item: str
    field: str
    value: float
    currency: str | None
    host: str
    path: str
    flow_id: str
    t: float | None


def price_observations(run_dir: Path) -> list[PriceObs]:
    """Every item price in the JSON responses of a run's flows.jsonl (bounded per flow)."""
    out: list[PriceObs] = []
    path = Path(run_dir) / "flows.jsonl"
    if not path.exists():
        return out
    for rec in JsonlReader(path):
        if not isinstance(rec, dict) or rec.get("kind") != "flow":
            continue
        resp = rec.get("response")
        body = resp.get("body") if isinstance(resp, dict) else None
        if not isinstance(body, str) or not body or len(body) > MAX_BODY:
            continue
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            continue
        found = 0
        for item_id, fields, currency in _items(doc, None, 0):
            for name, value in fields:
                out.append(PriceObs(item_id, name, value, currency, str(rec.get("host") or ""),
                                    str(rec.get("path") or ""), str(rec.get("id") or ""),
                                    rec.get("t") if isinstance(rec.get("t"), (int, float)) else None))
            found += 1
            if found >= MAX_ITEMS_PER_FLOW:
                break
    return out


def _items(node: Any, currency: str | None, depth: int) -> Iterator[tuple[str, list[tuple[str, float]], str | None]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, dict):
        cur = node.get("currency") if isinstance(node.get("currency"), str) else currency
        item_id = _item_id(node)
        if item_id is not None:
            fields = list(_price_fields(node, "", 0))
            if fields:
                yield item_id, fields, cur
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _items(value, cur, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value, currency, depth + 1)


def _item_id(node: dict[str, Any]) -> str | None:
    for key, value in node.items():
        if isinstance(key, str) and key.lower() in ID_KEYS and isinstance(value, (str, int)) \
                and not isinstance(value, bool):
            text = str(value)
            if 0 < len(text) <= 80:
                return text
    return None


def _price_fields(node: dict[str, Any], prefix: str, depth: int) -> Iterator[tuple[str, float]]:
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        name = f"{prefix}{key}"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if PRICE_KEY.search(key) and not NOT_PRICE_KEY.search(key) and math.isfinite(value) and value >= 0:
                yield name, float(value)
        elif isinstance(value, str) and PRICE_KEY.search(key) and not NOT_PRICE_KEY.search(key):
            number = _number(value)
            if number is not None:
                yield name, number
        elif isinstance(value, dict) and depth == 0 and _item_id(value) is None:
            yield from _price_fields(value, f"{name}.", depth + 1)  # e.g. coupon.amount, not a nested item


def _number(text: str) -> float | None:
    m = re.fullmatch(r"\s*[¥￥$€£]?\s*(\d{1,9}(?:\.\d{1,4})?)\s*(?:元|CNY|RMB|USD|EUR)?\s*", text)
    return float(m.group(1)) if m else None
