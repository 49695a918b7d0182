"""undeclared_sdk (static): an SDK present in the APK that the policy's third-party list does not name.

Rationale: every embedded SDK/plug-in collecting PI must be listed with its purpose and
types (认定方法 2.1; PIPL Art. 23; TC260-PG-20202A 2.1; TC260-PG-20205A 4.1(g)). Reads
static.json `sdks`; when the run has no static.json (e.g. the JVM stand-in), the SDKs seen at
run time (hook callers and SDK hosts) are used instead and the finding says so.
Example: the APK contains com.google.android.gms.ads classes, the SDK list names only Umeng.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import ObservationCheck
from harness.analysis.context import Observation, static_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="undeclared_sdk",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("17", "23"), rending=("2.1",), miit164=("1.3",),
                         tc260=("TC260-PG-20202A 2.1", "TC260-PG-20205A 4.1(g)")),
    needs_policy=True,
    source="static",
)

NOT_A_RECIPIENT = frozenset({"library", "app", "platform"})
"""Knowledge-base kinds that are not reported for mere presence: libraries that send nothing by
themselves (OkHttp, Glide), app frameworks (React Native) and platform clients (Play services
base), which undeclared_third_party still catches when data actually reaches them."""


class Check(ObservationCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.runtime: dict[str, dict[str, Any]] = {}

    def observe(self, o: Observation) -> None:
        """Without static.json, the SDKs seen at run time stand in for the APK's SDK list."""
        if self.ctx.static is not None:
            return
        sid = o.actor.get("sdk_id")
        if o.actor.get("kind") == "sdk" and sid and sid not in self.runtime:
            self.runtime[sid] = {"first_ref": o.evidence().ref, "actor": o.actor}

    def finish(self) -> None:
        ctx = self.ctx
        if ctx.static is not None:
            items = [(s.get("id"), s) for s in ctx.static.get("sdks") or [] if isinstance(s, dict)]
            basis = "static"
        else:
            items = [(sid, {"id": sid, **info}) for sid, info in self.runtime.items()]
            basis = "runtime"
        for sid, info in items:
            if not sid:
                continue
            sdk = ctx.db.sdks.get(sid)
            if sdk is not None and (sdk.sends_nothing or sdk.kind in NOT_A_RECIPIENT):
                continue
            name = info.get("name") or (sdk.name if sdk else sid)
            pkg = sdk.packages[0] if sdk and sdk.packages else None
            actor = {"kind": "sdk", "name": name, "sdk_id": sid, "package": pkg}
            tp = ctx.third_party_for(actor)
            if tp is not None and tp.disclosed:
                continue
            data = {"sdk_id": sid, "name": name, "basis": basis}
            if basis == "static":
                data["evidence"] = info.get("evidence")
            else:
                data["first_seen"] = info.get("first_ref")
            b = ctx.emit(RULE, None, actor, f"sdk:{sid}", static_evidence(f"sdks/{sid}", data))
            b.extra["basis"] = basis

    def describe(self, b: FindingBuilder) -> str:
        runtime = b.extra.get("basis") == "runtime"
        return self.say("describe", name=b.actor.get("name"), where=self.say("where_runtime" if runtime else "where_apk"))
