"""`harness selftest`: the whole pipeline on the bundled probe, judged stage by stage.

One short audit of the probe on the JVM stand-in (scenario `accept`, then `background`,
waits shortened) with the example policy, then checks on what it left behind: the agent
loaded, hooks fired, the proxy saw the probe's traffic, the matcher found the device's
planted values in that traffic, and the rules turned it into findings.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import resources
from harness.audit.conductor import AuditOptions, Conductor
from harness.errors import HarnessError
from harness.trace import RunDir, read_jsonl

REPO_POLICY = resources.located(*resources.PROBE_POLICY)
"""The probe's example policy, shipped as package data."""
SELFTEST_SCENARIOS = "accept,background"
EXPECTED_RULES = ("pre_consent_collection", "undeclared_third_party", "background_collection")


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    ok: bool
    detail: str


def _stages(run: Path) -> list[tuple[str, Callable[[], tuple[bool, str]]]]:
    @functools.cache
    def read(name: str) -> list[dict[str, Any]]:
        """One JSONL file of the run, read once for every check that needs it."""
        return list(read_jsonl(run / name))

    def records(name: str, kind: str) -> list[dict[str, Any]]:
        return [r for r in read(name) if r.get("kind") == kind]

    def agent_loaded() -> tuple[bool, str]:
        recs = records(RunDir.EVENTS, "agent")
        loaded = [r for r in recs if r.get("status") == "loaded"]
        installed = {r.get("hook_id") for r in recs if r.get("status") == "hook_installed"}
        return bool(loaded), f"{len(loaded)} load(s), {len(installed)} hooks installed"

    def hooks_fired() -> tuple[bool, str]:
        hooks = records(RunDir.EVENTS, "hook")
        types = sorted({h["data_type"] for h in hooks if h.get("data_type")})
        return bool(types), f"{len(hooks)} events, data types: {', '.join(types[:8])}"

    def proxy_traffic() -> tuple[bool, str]:
        flows = records(RunDir.FLOWS, "flow")
        hosts = sorted({f.get("host", "") for f in flows})
        return bool(flows), f"{len(flows)} flows to {', '.join(hosts[:5])}"

    def matcher() -> tuple[bool, str]:
        from harness.detect.known_values import known_values_from_run
        from harness.detect.matcher import build_matcher

        values = known_values_from_run(RunDir.open(run))
        m = build_matcher(values)
        found: set[tuple[str, str]] = set()
        for flow in records(RunDir.FLOWS, "flow"):
            found.update((p.data_type, p.source) for p in m.scan_flow(flow))
        canary = any(src == "canary" for _, src in found)
        types = sorted({t for t, _ in found})
        return bool(found) and canary, (f"{len(types)} data types found in traffic ({', '.join(types[:8])}); "
                                        f"planted canary {'found' if canary else 'NOT found'}")

    def rules() -> tuple[bool, str]:
        report = json.loads((run / "report.json").read_text(encoding="utf-8"))
        fired = sorted({f["rule"] for f in report.get("findings", [])})
        missing = [r for r in EXPECTED_RULES if r not in fired]
        detail = f"{len(report.get('findings', []))} findings from {len(fired)} rules"
        return not missing, detail + (f"; missing {', '.join(missing)}" if missing else "")

    return [("agent loads", agent_loaded), ("hooks fire", hooks_fired), ("proxy sees traffic", proxy_traffic),
            ("matcher finds planted values", matcher), ("rules fire", rules)]


def run_selftest(out_dir: Path | None = None, policy: Path | None = None,
                 report: Callable[[Stage], None] | None = None) -> list[Stage]:
    """Run the pipeline once and judge each stage; never raises for a failed stage."""
    say = report or (lambda s: None)
    stages: list[Stage] = []

    def add(stage: Stage) -> None:
        stages.append(stage)
        say(stage)

    policy = policy or REPO_POLICY
    out = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="harness-selftest-")) / "run"
    try:
        from harness.probe import build_probe

        add(Stage("probe builds", True, str(build_probe())))
    except HarnessError as e:
        add(Stage("probe builds", False, str(e)))
        return stages
    try:
        result = Conductor("probe", policy, device="jvm", scenarios=SELFTEST_SCENARIOS, out_dir=out,
                           options=AuditOptions(wait_scale=0.4, poll_interval_ms=400)).run()
    except HarnessError as e:
        add(Stage("audit runs", False, str(e)))
        return stages
    add(Stage("audit runs", result.status == "complete", f"{result.run_dir} ({result.status})"))
    for name, check in _stages(result.run_dir):
        try:
            ok, detail = check()
        except Exception as e:  # noqa: BLE001 - a crashing check is a failed stage, not a traceback
            ok, detail = False, f"{type(e).__name__}: {e}".splitlines()[0]
        add(Stage(name, ok, detail))
    return stages
