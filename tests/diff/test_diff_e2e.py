"""Differential runs on the probe, for real: JVM stand-in, Frida, mitmproxy with the shop backend.

Kept small for the suite (two repetitions, short waits): the statistics are proven on many draws in
test_stats.py; here the whole pipeline must carry a real markup through to a finding that names the
attribute, and a child persona's advertising ID through to the minors rules.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from harness.audit.conductor import AuditOptions, run_audit
from harness.diff.runner import compare_saved, run_diff
from harness.persona import load_persona
from harness.probe import backend

ROOT = Path(__file__).resolve().parents[2]
PERSONAS = ROOT / "harness" / "policies" / "personas"
POLICY = ROOT / "harness" / "policies" / "examples" / "probe.yaml"
SHOP = AuditOptions(wait_scale=0.1, proxy_scripts=(Path(backend.__file__),),
                    proxy_options=(("probe_shop_pricing", "discriminating"), ("probe_shop_noise", "0.03")))


@pytest.fixture(scope="module")
def discriminating(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("diff") / "d"
    personas = [load_persona(PERSONAS / "adult-new-budget.yaml"), load_persona(PERSONAS / "adult-new-flagship.yaml")]
    return run_diff("probe", POLICY, personas, out=out, device="jvm", scenario="shop", repeat=2, options=SHOP)


def test_markup_for_a_flagship_phone_is_flagged_with_the_device_as_cause(discriminating) -> None:
    [f] = discriminating.findings
    assert f.rule == "differential_pricing" and f.extra["field"] == "price"
    assert 0.07 < f.extra["effect"] < 0.13 and f.extra["p_value"] <= 0.01
    assert "device.model" in f.extra["attributes"] and "account.returning" not in f.extra["attributes"]
    # both personas' responses are the evidence
    personas = [e.data["persona"] for e in f.evidence if e.ref.startswith("persona:")]
    assert personas == ["adult-new-budget", "adult-new-flagship"]
    assert all(e.data["requests"] for e in f.evidence if e.ref.startswith("persona:"))
    # fields the shop does not vary are compared and not flagged
    fields = {v.field: v for v in discriminating.result.pairs[0].prices}
    assert not fields["delivery_fee"].discriminating and not fields["original_price"].discriminating


def test_runs_alternate_and_are_written_where_the_report_says(discriminating) -> None:
    out = discriminating.out
    runs = sorted(p.relative_to(out).as_posix() for p in out.glob("*/run-*"))
    assert runs == ["adult-new-budget/run-1", "adult-new-budget/run-2", "adult-new-flagship/run-1",
                    "adult-new-flagship/run-2"]
    first = json.loads((out / "adult-new-budget" / "run-1" / "run.json").read_text())
    second = json.loads((out / "adult-new-flagship" / "run-1" / "run.json").read_text())
    assert first["started_at"] < second["started_at"] < json.loads(
        (out / "adult-new-budget" / "run-2" / "run.json").read_text())["started_at"]
    assert first["persona"]["attributes"]["device.model"] == "Redmi Note 12"
    doc = json.loads((out / "diff.json").read_text())
    assert doc["schema"] == "aph-diff/1" and doc["findings"][0]["rule"] == "differential_pricing"
    html = (out / "diff.html").read_text()
    assert "class='diff'" in html and "SM-S9180" in html and "shop.probe.example.com" in html


def test_saved_runs_are_rejudged_alike(discriminating) -> None:
    again = compare_saved(discriminating.out)
    assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in discriminating.findings]


@pytest.mark.parametrize(("youth", "fires"), [("leaky", True), ("compliant", False)])
def test_child_persona_and_the_advertising_id(tmp_path: Path, youth: str, fires: bool) -> None:
    child = load_persona(PERSONAS / "child-under-14.yaml")
    options = replace(SHOP, persona=child, youth=youth)
    res = run_audit("probe", POLICY, device="jvm", scenarios="shop", out_dir=tmp_path / "run", options=options)
    report = json.loads((res.run_dir / "report.json").read_text())
    rules = {f["rule"] for f in report["findings"]}
    status = {r["id"]: r["status"] for r in report["rules"]}
    assert ("minor_targeted_ads" in rules) is fires
    assert ("minor_collection_without_parental_consent" in rules) is fires
    if fires:
        ads = {f["data_type"]: f for f in report["findings"] if f["rule"] == "minor_targeted_ads"}
        # AdMob reads the GAID, and with it the App Set ID and the Privacy Sandbox topics
        assert set(ads) == {"advertising_id", "app_set_id", "ad_topics"}, sorted(ads)
        assert all(f["extra"]["age"] == 11 for f in ads.values())
    else:
        assert status["minor_targeted_ads"] == "passed"
        screens = " ".join(p.read_text() for p in (res.run_dir / "screens").glob("*.xml"))
        assert "青少年模式" in screens  # the compliant build showed youth mode instead
