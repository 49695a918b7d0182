"""no_complaint_channel: the privacy policy publishes no complaint or report channel.

Rationale: the handler must publish how to complain or report (PIPL Art. 50; 认定方法 6.5;
TC260-PG-20202A 1.5: at least one complaint channel in the policy). Read from the policy page's
text as the explorer scrolled it: a complaint/report word (投诉, 举报, complaint) near a contact
(e-mail, phone number or web address). Without a policy page the rule is inconclusive
(policy_not_reachable reports the missing page).
Example: the policy's last section covers updates and names no 投诉/举报 contact.
"""

from __future__ import annotations

import re

from harness.analysis.base import BaseCheck
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.sitemap import best_map, policy_pages, screen_evidence

RULE = RuleInfo(
    id="no_complaint_channel",
    severity=Severity.LOW,
    anchors=LegalAnchors(pipl=("50",), rending=("6.5",), tc260=("TC260-PG-20202A 1.5",)),
)
COMPLAINT = re.compile(r"投诉|举报|申诉|complain|complaint|report a concern", re.IGNORECASE)
CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?<!\d)(\d{3,4}-?\d{3,4}-?\d{4}|\d{5,})(?!\d)|https?://\S+|www\.\S+")
NEAR = 200


def has_channel(text: str) -> bool:
    return any(CONTACT.search(text[max(0, m.start() - NEAR):m.end() + NEAR]) for m in COMPLAINT.finditer(text))


class Check(BaseCheck):
    rule = RULE

    def finish(self) -> None:
        m = best_map(self.ctx)
        pages = policy_pages(m) if m else []
        if m is None or not pages:
            self.ctx.inconclusive(RULE, self.say("inconclusive"))
            return
        text = "\n".join(str(p.get("text") or "") for p in pages)
        if has_channel(text):
            return
        b = self.ctx.emit(RULE, None, self.ctx.app_actor(), "app",
                          screen_evidence(m, pages[0], "no complaint channel in the policy text",
                                          text_chars=len(text), text_not_found="投诉/举报/complaint + contact"),
                          scenario=m.scenario)
        b.extra["chars"] = len(text)

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", chars=b.extra.get("chars"))
