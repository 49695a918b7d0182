"""Price fields found in JSON responses, keyed by item and field path, whatever the shop's API shape."""

from __future__ import annotations

import json
from pathlib import Path

from harness.diff.prices import price_observations


def _flow(body: object, host: str = "shop.example.com", path: str = "/api/items", fid: str = "f1") -> dict:
    return {"v": 1, "t": 1.0, "kind": "flow", "id": fid, "host": host, "path": path, "url": f"https://{host}{path}",
            "request": {"headers": []}, "response": {"status": 200, "headers": [],
                                                     "body": body if isinstance(body, str) else json.dumps(body)}}


def test_list_and_detail_name_the_same_field_of_the_same_item(tmp_path: Path) -> None:
    flows = [
        _flow({"data": {"goods": [{"goods_id": 11, "title": "a", "price": "¥19.90", "sold_count": 300},
                                  {"goods_id": 12, "price": 5, "stock_num": 7}]}, "currency": "CNY"}),
        _flow({"item": {"sku": "11", "price": 19.9, "coupon": {"amount": 3}, "delivery_fee": 6, "updated_time": 5}},
              path="/api/items/11", fid="f2"),
        _flow("not json", fid="f3"),
        _flow({"id": "x", "price": True, "total": -1}, fid="f4"),  # a flag and a negative number are no prices
    ]
    (tmp_path / "flows.jsonl").write_text("\n".join(json.dumps(f) for f in flows) + "\n", encoding="utf-8")
    got = {(o.item, o.field, o.value) for o in price_observations(tmp_path)}
    assert got == {("11", "price", 19.9), ("12", "price", 5.0), ("11", "coupon.amount", 3.0),
                   ("11", "delivery_fee", 6.0)}


def test_counts_ids_and_times_are_not_prices(tmp_path: Path) -> None:
    body = {"items": [{"id": "a", "price_count": 4, "price_rank": 2, "pay_time": 1714961730, "price": 9}]}
    (tmp_path / "flows.jsonl").write_text(json.dumps(_flow(body)) + "\n", encoding="utf-8")
    assert [(o.field, o.value) for o in price_observations(tmp_path)] == [("price", 9.0)]


def test_missing_or_broken_trace_gives_nothing(tmp_path: Path) -> None:
    assert price_observations(tmp_path) == []
    (tmp_path / "flows.jsonl").write_text('{"kind": "flow", "response": {"body": "[[[[' + "[" * 5000 + '"}}\n',
                                          encoding="utf-8")
    assert price_observations(tmp_path) == []
