"""bundled_permission_request: several dangerous permissions requested at once at launch, or targetSdk < 23.

Rationale: one-time consent to many permissions at launch is "bundled authorisation"
(认定方法 4.6; TC260-PG-20202A 4.3(d); TC260-PG-20204A 3.2, 5.11(a)); an app targeting API < 23
gets every permission granted at install time, which counts as bundling too.
Example: MainActivity.onCreate calls requestPermissions with PHONE, LOCATION, CONTACTS and
STORAGE permissions before the user used any feature. Threshold: 3 or more dangerous
permissions in one request, within LAUNCH_WINDOW seconds of launch or before consent.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import actor_key, hook_evidence_record, static_evidence, ui_evidence
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.permissions import dangerous, permissions_in
from harness.analysis.phases import PhaseInfo
from harness.trace.records import Marker

RULE = RuleInfo(
    id="bundled_permission_request",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("14", "16"), rending=("4.6",), miit164=("2.1",),
                         tc260=("TC260-PG-20202A 4.3(d)", "TC260-PG-20204A 3.2", "TC260-PG-20204A 5.11(a)")),
)

MIN_PERMISSIONS = 3
LAUNCH_WINDOW = 10.0
_LAUNCH = (Marker.SCENARIO_START, Marker.APP_LAUNCHED, Marker.APP_RELAUNCHED)


class Check(BaseCheck):
    rule = RULE

    def _at_launch(self, t: float, phase: PhaseInfo) -> bool:
        if phase.pre_consent:
            return True
        s = self.ctx.phases.scenario_at(t, phase.scenario)
        if s is None:
            return False
        launches = [float(m.get("t", 0.0)) for m in s.markers if m.get("marker") in _LAUNCH]
        return any(0.0 <= t - lt <= LAUNCH_WINDOW for lt in launches)

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        if record.get("event") != "permission_request":
            return
        perms = dangerous(permissions_in(record.get("values")))
        t = float(record.get("t", 0.0))
        if len(perms) < MIN_PERMISSIONS or not self._at_launch(t, phase):
            return
        actor = record.get("actor") or {"kind": "unknown"}
        b = self.ctx.emit(RULE, None, actor, actor_key(actor), hook_evidence_record(record, phase, None),
                          scenario=phase.scenario, phase=phase.phase)
        b.extra["max_permissions"] = max(b.extra.get("max_permissions", 0), len(perms))
        b.extra.setdefault("permissions", [])
        b.extra["permissions"] = list(dict.fromkeys(b.extra["permissions"] + perms))

    def finish(self) -> None:
        ctx = self.ctx
        actor = ctx.app_actor()
        for s, m in ctx.phases.markers(Marker.PERMISSION_PROMPT):
            perms = dangerous(permissions_in(m.get("detail")))
            t = float(m.get("t", 0.0))
            if len(perms) >= MIN_PERMISSIONS and self._at_launch(t, ctx.phases.at(t, s.name)):
                b = ctx.emit(RULE, None, actor, "app", ui_evidence(s.name, m), scenario=s.name)
                b.extra["max_permissions"] = max(b.extra.get("max_permissions", 0), len(perms))
                b.extra["permissions"] = list(dict.fromkeys(b.extra.get("permissions", []) + perms))
        target = _target_sdk(ctx.static)
        if target is not None and target < 23:
            b = ctx.emit(RULE, None, actor, "app|target_sdk",
                         static_evidence("manifest", {"target_sdk": target}))
            b.extra["target_sdk"] = target

    def describe(self, b: FindingBuilder) -> str:
        if "target_sdk" in b.extra:
            return self.say("describe_target_sdk", target_sdk=b.extra["target_sdk"])
        perms = ", ".join(p.rsplit(".", 1)[-1] for p in b.extra.get("permissions", []))
        return self.say("describe", max_permissions=b.extra.get("max_permissions"), permissions=perms)


def _target_sdk(static: dict[str, Any] | None) -> int | None:
    """static.json app.target_sdk; without it, the target_sdk_below_23 flag."""
    if not static:
        return None
    app = static.get("app")
    v = app.get("target_sdk") if isinstance(app, dict) else None
    if v is not None:
        try:
            return int(v)
        except (TypeError, ValueError):
            return None
    if any(isinstance(f, dict) and f.get("id") == "target_sdk_below_23" for f in static.get("flags") or []):
        return 22
    return None
