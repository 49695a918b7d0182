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
    severity=Severity.HIGH,
    anchors=LegalAnchors(pipl=("24",)),
)


def judge(diff: DiffResult, app: str, lang: str = "en") -> list[Finding]:
    """One finding per persona pair and price field judged discriminating."""
    out = []
    for pair in diff.pairs:
        for verdict in pair.discriminating:
            out.append(_finding(diff, pair, verdict, app, lang))
    return out


def _finding(diff: DiffResult, pair: PairDiff, v: FieldVerdict, app: str, lang: str) -> Finding:
    cause = ", ".join(pair.attributes) or RULE.text(lang, "no_cause")
    key = f"persona:{pair.baseline}>{pair.other}|{v.field}"
    evidence = [Evidence("diff", f"persona:{name}", data={"persona": name, "requests": diff.facts[name].requests[:4]})
                for name in (pair.baseline, pair.other)]
    evidence.append(Evidence("diff", f"field:{v.field}", data=v.to_json()))
    pct = f"{v.effect * 100:+.1f}%"
    message = RULE.text(lang, "describe", field=v.field, pct=pct, persona=pair.other, baseline=pair.baseline,
                        items=v.items, p_value=v.p_value, cause=cause)
    extra: dict[str, Any] = {"baseline": pair.baseline, "persona": pair.other, "attributes": list(pair.attributes),
                             "field": v.field, "effect": v.effect, "p_value": v.p_value}
    return Finding(rule=RULE.id, title=RULE.title(lang), severity=RULE.severity, data_type=None,
                   actor={"kind": "app", "name": app}, actor_key=key, message=message, count=v.items,
                   evidence=tuple(evidence), anchors=RULE.anchors, fingerprint=fingerprint(RULE.id, v.field, key, app),
                   extra=extra)
