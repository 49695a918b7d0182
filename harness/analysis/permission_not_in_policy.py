"""permission_not_in_policy: a runtime permission the app asks for that the policy's permission list does not explain.

Rationale: the user must be told why each permission that reaches personal information is asked
(认定方法 2.1: purposes listed one by one, including SDKs'; MIIT 164号 2.1; TC260-PG-20204A 3.2(b)
and (k); GB/T 41391-2022 6.5). A permission is not a data type, so the policy lists them apart
(`permissions:`, by Android permission group). Evidence: the manifest declaration (static.json)
and the first run-time request of the group (hook event or system prompt). Assessed only when the
policy has a `permissions:` list; an older policy without one is "skipped", not failed wholesale.
Example: the policy explains CAMERA and LOCATION, the app also requests READ_CONTACTS.
"""

from __future__ import annotations

from typing import Any

from harness.analysis.base import BaseCheck
from harness.analysis.context import hook_evidence_record, static_evidence, ui_evidence
from harness.analysis.findings import Evidence, FindingBuilder, LegalAnchors, RuleInfo, Severity
from harness.analysis.permissions import DANGEROUS, GROUP_OF, permissions_in
from harness.analysis.phases import PhaseInfo
from harness.trace.records import Marker

RULE = RuleInfo(
    id="permission_not_in_policy",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("17",), rending=("2.1",), miit164=("2.1",),
                         tc260=("TC260-PG-20204A 3.2(b)", "TC260-PG-20204A 3.2(k)", "GB/T 41391-2022 6.5")),
    needs_policy=True,
)


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self._requested: dict[str, tuple[str, Evidence]] = {}
        """group -> (first permission, evidence of its first run-time request)."""

    def on_event(self, record: dict[str, Any], phase: PhaseInfo) -> None:
        if record.get("event") == "permission_request":
            for perm in permissions_in(record.get("values")):
                self._note(perm, hook_evidence_record(record, phase, None))

    def _note(self, permission: str, evidence: Evidence) -> None:
        group = GROUP_OF.get(permission)
        if group is not None and permission in DANGEROUS and group not in self._requested:
            self._requested[group] = (permission, evidence)

    def finish(self) -> None:
        ctx = self.ctx
        if ctx.policy is None or ctx.policy.permissions is None:
            ctx.skip(RULE, self.say("skip_no_list"))
            return
        for s, m in ctx.phases.markers(Marker.PERMISSION_PROMPT):
            for perm in permissions_in(m.get("detail")):
                self._note(perm, ui_evidence(s.name, m))
        declared = {p.group for p in ctx.policy.permissions}
        manifest = self._manifest()
        if ctx.static is None and not self._requested:
            ctx.partial(RULE, self.say("partial_no_static"))
        actor = ctx.app_actor()
        for group in sorted((set(manifest) | set(self._requested)) - declared):
            evidence = []
            if group in manifest:
                evidence.append(static_evidence("permissions", {"permissions": manifest[group], "group": group}))
            if group in self._requested:
                evidence.append(self._requested[group][1])
            b = ctx.emit(RULE, None, actor, f"perm_group:{group}", evidence[0])
            for e in evidence[1:]:
                b.keep(e)   # the same permission group, seen a second way: not a second occurrence
            b.extra.update({"group": group, "permissions": manifest.get(group) or [self._requested[group][0]],
                            "requested_at_run_time": group in self._requested})

    def _manifest(self) -> dict[str, list[str]]:
        """Runtime permissions the APK declares, by group (static.json).

        A permission whose maxSdkVersion is below the app's minSdkVersion is never asked on any device
        the app installs on (a leftover `WRITE_EXTERNAL_STORAGE maxSdkVersion=18`): it needs no purpose."""
        static = self.ctx.static or {}
        min_sdk = (static.get("app") or {}).get("min_sdk")
        out: dict[str, list[str]] = {}
        for p in static.get("permissions") or []:
            name = p.get("name") if isinstance(p, dict) else None
            if name not in DANGEROUS or not GROUP_OF.get(name):
                continue
            max_sdk = p.get("max_sdk")
            if isinstance(max_sdk, int) and isinstance(min_sdk, int) and max_sdk < min_sdk:
                continue
            out.setdefault(GROUP_OF[name], []).append(name)
        return out

    def describe(self, b: FindingBuilder) -> str:
        key = "describe_requested" if b.extra.get("requested_at_run_time") else "describe"
        return self.say(key, group=b.extra.get("group", ""), permissions=", ".join(b.extra.get("permissions", [])))
