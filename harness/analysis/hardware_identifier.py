"""hardware_identifier: a non-resettable device identifier read or sent where a resettable id would do.

Rationale: IMEI, MEID, IMSI, ICCID, serial number and MAC addresses cannot be reset by the
user; apps and SDKs should use resettable ids (OAID, Android ID, ...) except for security or
risk control (TC260-PG-20204A 3.2(g)(h); TC260-PG-20205A 4.2(k); GB/T 41391 Annex F). A
policy item whose purpose names security / risk control / anti-fraud excuses it.
Example: an analytics SDK reads the IMEI and the Wi-Fi MAC at start.
"""

from __future__ import annotations

import re

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="hardware_identifier",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("6",), rending=("4.1",), miit164=("1.1",),
                         tc260=("TC260-PG-20204A 3.2(g)", "TC260-PG-20204A 3.2(h)", "TC260-PG-20205A 4.2(k)")),
)

SECURITY_PURPOSE = re.compile(r"风控|风险控制|安全|反欺诈|防作弊|security|risk|fraud|anti-?cheat", re.IGNORECASE)


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self._flag: dict[str, bool] = {}

    def observe(self, o: Observation) -> None:
        flag = self._flag.get(o.data_type)
        if flag is None:
            dt = self.ctx.taxonomy.maybe(o.data_type)
            item = self.ctx.declared_item(o.data_type)
            excused = bool(item and SECURITY_PURPOSE.search(item.purpose or ""))
            flag = self._flag[o.data_type] = bool(dt and dt.hardware_id) and not excused
        if flag:
            self.ctx.emit_obs(RULE, o)

    def describe(self, b: FindingBuilder) -> str:
        what, who, verb = self.words(b)
        return self.say("describe", what=what, who=who, verb=verb, count=b.count)
