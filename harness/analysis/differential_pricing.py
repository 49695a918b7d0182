"""differential_pricing: the same items priced differently for personas that differ in one attribute.

Rationale: PIPL Art. 24 forbids unreasonable differential treatment in transaction prices through
automated decision-making (大数据杀熟: a returning user, a high-end phone or a member sees a higher
price for the same item). One cheaper response proves nothing, so this rule judges a differential
run (`harness diff`): the same scenario under two personas, repeated, with a permutation test over
items (harness/diff/stats.py). It fires only for a difference that is both significant and at
least 5%, and names the persona attribute(s) that differ as the candidate cause. It is not run on
single audits.
Example: under a flagship-phone persona every item costs 10% more than under a budget-phone one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from harness.analysis.findings import Evidence, Finding, LegalAnchors, RuleInfo, Severity, fingerprint

if TYPE_CHECKING:
    from harness.diff.compare import DiffResult, PairDiff
    from harness.diff.stats import FieldVerdict

RULE = RuleInfo(
    id="differential_pricing",
    title_en="Different prices for the same items by persona (automated price discrimination)",
    title_zh="利用个人信息进行自动化决策，在交易价格上实行不合理的差别待遇（大数据杀熟）",
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("24",)),
    summary_en="Across repeated runs, the same items cost significantly more (>= 5%, p <= 0.01) under one persona.",
    summary_zh="多次重复运行中，同一商品在某一用户画像下价格显著更高（≥5%，p≤0.01）。",
)


def judge(diff: DiffResult, app: str, lang: str = "en") -> list[Finding]:
    """One finding per persona pair and price field judged discriminating."""
    out = []
    for pair in diff.pairs:
        for verdict in pair.discriminating:
            out.append(_finding(diff, pair, verdict, app, lang))
    return out


def _finding(diff: DiffResult, pair: PairDiff, v: FieldVerdict, app: str, lang: str) -> Finding:
    cause = ", ".join(pair.attributes) or "none"
    key = f"persona:{pair.baseline}>{pair.other}|{v.field}"
    evidence = [Evidence("diff", f"persona:{name}", data={"persona": name, "requests": diff.facts[name].requests[:4]})
                for name in (pair.baseline, pair.other)]
    evidence.append(Evidence("diff", f"field:{v.field}", data=v.to_json()))
    pct = f"{v.effect * 100:+.1f}%"
    if lang == "zh":
        message = (f"与画像 {pair.baseline} 相比，画像 {pair.other} 的 {v.field} 平均{pct}（{v.items} 个商品，"
                   f"p={v.p_value:.4f}）；两者仅在 {cause} 上不同")
    else:
        message = (f"{v.field} is {pct} for persona {pair.other} against {pair.baseline} over {v.items} item(s) "
                   f"(p={v.p_value:.4f}); the personas differ in: {cause}")
    extra: dict[str, Any] = {"baseline": pair.baseline, "persona": pair.other, "attributes": list(pair.attributes),
                             "field": v.field, "effect": v.effect, "p_value": v.p_value}
    return Finding(rule=RULE.id, title=RULE.title(lang), severity=RULE.severity, data_type=None,
                   actor={"kind": "app", "name": app}, actor_key=key, message=message, count=v.items,
                   evidence=tuple(evidence), anchors=RULE.anchors, fingerprint=fingerprint(RULE.id, v.field, key, app),
                   extra=extra)
