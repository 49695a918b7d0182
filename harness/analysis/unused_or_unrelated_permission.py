"""unused_or_unrelated_permission (static): a dangerous permission the app's category does not need, or never uses.

Rationale: request only the permissions the business function needs (PIPL Art. 6; 认定方法
4.1; MIIT 337号 #7; TC260-PG-20204A 3.2(a)(d); GB/T 41391 Annex E). "Unrelated": no data
type behind the permission's group is necessary for the policy's category (2021 rule).
"Unused": static analysis found no API call needing it (static.json flag
permissions_unused_in_code). Example: a news app declaring READ_CONTACTS.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import static_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.permissions import DANGEROUS, data_types_of
from harness.policy.baseline import has_baseline, is_necessary

RULE = RuleInfo(
    id="unused_or_unrelated_permission",
    severity=Severity.LOW,
    anchors=LegalAnchors(pipl=("6",), rending=("4.1",), miit164=("2.1",),
                         tc260=("TC260-PG-20204A 3.2(a)", "TC260-PG-20204A 3.2(d)", "GB/T 41391-2022 Annex E")),
    source="static",
)


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        ctx = self.ctx
        if ctx.static is None:
            ctx.skip(RULE, self.say("skip_no_static"))
            return
        perms = {p.get("name"): p for p in ctx.static.get("permissions") or [] if isinstance(p, dict)}
        flags = {f.get("id"): f for f in ctx.static.get("flags") or [] if isinstance(f, dict)}
        unused = set((flags.get("permissions_unused_in_code") or {}).get("items") or [])
        unused |= {n for n, p in perms.items() if p.get("used_in_code") is False}
        category = ctx.policy.app.category if ctx.policy else None
        unrelated: set[str] = set()
        check_unrelated = bool(category) and has_baseline(category)
        dangerous = DANGEROUS | {n for n, p in perms.items() if p.get("protection_level") == "dangerous"}
        if check_unrelated:
            for name, p in perms.items():
                if name in dangerous:
                    types = list(p.get("data_types") or []) or data_types_of(name, ctx.taxonomy)
                    if types and not any(is_necessary(category, t) for t in types):
                        unrelated.add(name)
        static_flag = flags.get("permissions_unrelated_to_category") or {}
        if not check_unrelated and static_flag.get("items") and ctx.static.get("category"):
            # static analysis already judged them against the category it was given
            unrelated = set(static_flag["items"])
            category = ctx.static.get("category")
            check_unrelated = True
        if ctx.policy is None and not check_unrelated:
            ctx.partial(RULE, self.say("partial_no_policy"))
        elif ctx.policy is not None and not check_unrelated:
            ctx.partial(RULE, self.say("partial_no_baseline", category=category))
        actor = ctx.app_actor()
        for name in sorted((unused | unrelated) & dangerous):
            reasons = [r for r, s in (("unrelated", unrelated), ("unused", unused)) if name in s]
            data: dict[str, Any] = {"permission": name, "reasons": reasons, "category": category,
                                    "data_types": (perms.get(name) or {}).get("data_types")}
            b = ctx.emit(RULE, None, actor, f"perm:{name}", static_evidence("permissions", data))
            b.extra.update({"permission": name, "reasons": reasons})

    def describe(self, b: FindingBuilder) -> str:
        perm, reasons = b.extra.get("permission", ""), b.extra.get("reasons", [])
        text = self.say("reason_sep").join(self.say(f"reason.{r}") for r in reasons)
        return self.say("describe", permission=perm, reasons=text)
