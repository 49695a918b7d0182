"""clipboard_read: the clipboard read without a user paste action.

Rationale: covert reading of the clipboard is forbidden (TC260-PG-20204A 4.2(i)); it is
collection the user did not trigger (认定方法 3.1/3.3). A read counts as user-initiated when
a `user_paste` marker lies in [read - PASTE_AFTER, read + PASTE_BEFORE]: the paste marker is
written just before the paste is sent, and the read follows it.
Example: MainActivity.onResume calls ClipboardManager.getPrimaryClip() on every foreground.
"""

from __future__ import annotations

import bisect

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation, actor_label
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.trace.records import Marker

RULE = RuleInfo(
    id="clipboard_read",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("5", "6"), rending=("3.1", "3.3"), miit164=("1.1",),
                         tc260=("TC260-PG-20204A 4.2(i)",)),
)

PASTE_BEFORE = 5.0
"""A read up to this many seconds after a paste marker belongs to it."""
PASTE_AFTER = 0.5
"""...and up to this many seconds before it (clock skew)."""


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.pastes = sorted(float(m.get("t", 0.0)) for _, m in ctx.phases.markers(Marker.USER_PASTE))

    def on_hook(self, o: Observation) -> None:
        if o.data_type != "clipboard":
            return
        i = bisect.bisect_left(self.pastes, o.t - PASTE_BEFORE)
        if i < len(self.pastes) and self.pastes[i] <= o.t + PASTE_AFTER:
            return
        self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        return self.say("describe", who=actor_label(b.actor, self.ctx.lang), count=b.count)
