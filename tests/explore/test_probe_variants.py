"""Acceptance on the probe: each seeded variant makes exactly its rule fire, with the tap path as evidence;
the clean probe makes none fire; the explorer reaches at least 90% of the probe's screens.

UI-only variants run the real scenario runner and explorer against the probe JVM, without Frida or a
proxy (their rules read ui.jsonl only). The clean probe and the two traffic variants run in ONE real
conductor audit with mitmdump in sink mode (flows carry the PI the traffic rules compare) and no Frida
agent: each scenario launches the probe with its own variant, and the run is then split by scenario
(UI records by name, flows by time span) so each part is analysed on its own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.analysis import analyze_run
from harness.audit import AuditOptions, Conductor
from harness.audit.progress import NullProgress
from harness.device.jvm import JvmDevice, probe_target
from harness.device.restore import Restorer
from harness.device.uiautomator import parse_dump
from harness.probe import ProbeProcess, build_probe
from harness.scenario.model import builtin
from harness.scenario.runner import Hooks, ScenarioRunner
from harness.trace import RunDir, RunStatus, read_jsonl

REPO = Path(__file__).resolve().parents[2]
POLICY = REPO / "harness" / "policies" / "examples" / "probe.yaml"
UI_RULES = {"policy_not_reachable", "no_policy_prompt", "default_consent", "permission_without_rationale",
            "no_personalisation_switch", "personalisation_switch_ineffective", "no_consent_withdrawal",
            "collection_after_withdrawal", "no_account_cancellation", "no_complaint_channel"}
UI_VARIANTS = ["policy_not_reachable", "no_policy_prompt", "default_consent", "permission_without_rationale",
               "no_personalisation_switch", "no_consent_withdrawal", "no_account_cancellation",
               "no_complaint_channel"]


class UnhookedJvm(JvmDevice):
    """The JVM device without the Frida agent: these runs judge the UI and the traffic only."""

    def launch(self, app: Any, attach: Any) -> int:
        return super().launch(app, None)


def ui_only_run(variant: str, out: Path) -> Path:
    run = RunDir.create(out, app={"package": "com.example.probe"})
    restorer = Restorer(log=out / "restore.log")
    dev = JvmDevice(variant=variant)
    dev.prepare(restorer)
    target = probe_target()
    try:
        with run.writer(RunDir.UI, batch=1) as ui:
            runner = ScenarioRunner(dev, target, ui, run.clock, run.path / RunDir.SCREENS,
                                    Hooks(launch=lambda: dev.launch(target, None)), wait_scale=0.05)
            runner.run(builtin("explore"))
    finally:
        restorer.run()
        run.finish(RunStatus.COMPLETE)
    return out


SEEDED = {"explore_seeded": "personalisation_switch_ineffective", "withdraw_seeded": "collection_after_withdrawal"}
"""Traffic variants: a copy of the built-in scenario under another name, run on the probe with that variant."""


class VariantPerScenario(NullProgress):
    """Sets the probe variant before each scenario launches (the progress hook sees every step first)."""

    def __init__(self) -> None:
        self.device: JvmDevice | None = None

    def step(self, scenario: str, index: int, total: int, step: Any, result: str) -> None:
        if self.device is not None and index == 0 and result == "running":
            self.device.variant = SEEDED.get(scenario, "")


def conductor_run(out: Path) -> Path:
    """One audit (one mitmdump) over the clean and the seeded scenarios; split_run separates them."""
    progress = VariantPerScenario()

    def factory(spec: Any, app: Any, options: AuditOptions, run_path: Path) -> JvmDevice:
        progress.device = UnhookedJvm(work_dir=run_path)
        return progress.device

    files = []
    for name, base in (("explore_seeded", "explore"), ("withdraw_seeded", "withdraw")):
        text = (REPO / "harness" / "scenario" / "builtin" / f"{base}.yaml").read_text(encoding="utf-8")
        path = out.parent / f"{name}.yaml"
        path.write_text(text.replace(f"name: {base}", f"name: {name}", 1), encoding="utf-8")
        files.append(str(path))
    result = Conductor("probe", POLICY, device="jvm", scenarios=",".join(["explore", "withdraw", *files]),
                       out_dir=out, options=AuditOptions(wait_scale=0.1), device_factory=factory,
                       progress=progress).run()
    assert result.status == "complete", result.notes
    return result.run_dir


def split_run(run: Path, scenarios: tuple[str, ...], out: Path) -> Path:
    """A run folder holding only these scenarios' UI records and the flows inside their time span."""
    ui = [r for r in read_jsonl(run / RunDir.UI) if r.get("scenario") in scenarios]
    t0 = min(r["t"] for r in ui if r.get("marker") == "scenario_start")
    t1 = max(r["t"] for r in ui if r.get("marker") == "scenario_end")
    part = RunDir.create(out, app={"package": "com.example.probe"})
    part.write_json(RunDir.DEVICE, json.loads((run / RunDir.DEVICE).read_text(encoding="utf-8")))
    with part.writer(RunDir.UI) as w:
        w.write_batch(ui)
    with part.writer(RunDir.FLOWS) as w:
        w.write_batch([f for f in read_jsonl(run / RunDir.FLOWS) if t0 <= f.get("t", 0) <= t1])
    part.finish(RunStatus.COMPLETE)
    (out / RunDir.SCREENS).rmdir()
    (out / RunDir.SCREENS).symlink_to(run / RunDir.SCREENS)
    return out


def ui_findings(run: Path) -> dict[str, Any]:
    report = analyze_run(run, None)
    return {f.rule: f for f in report.findings if f.rule in UI_RULES}


def all_findings(run: Path) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.data_type, f.actor_key) for f in analyze_run(run, None).findings}


@pytest.fixture(scope="module")
def audit_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return conductor_run(tmp_path_factory.mktemp("variants") / "audit")


@pytest.fixture(scope="module")
def clean_run(audit_run: Path) -> Path:
    return split_run(audit_run, ("explore", "withdraw"), audit_run.parent / "clean")


@pytest.mark.parametrize("variant", UI_VARIANTS)
def test_ui_variant_fires_exactly_its_rule(variant: str, tmp_path: Path) -> None:
    found = ui_findings(ui_only_run(variant, tmp_path / variant))
    assert set(found) == {variant}
    evidence = json.dumps([e.to_json() for e in found[variant].evidence], ensure_ascii=False)
    if variant in ("policy_not_reachable", "permission_without_rationale", "no_account_cancellation",
                   "no_complaint_channel"):
        assert "我的 > " in evidence, evidence  # the tap path from the main screen
    if variant == "policy_not_reachable":
        assert found[variant].extra["taps"] == 5
        assert found[variant].extra["tap_path"] == "我的 > 关于 Probe > 法律条款 > 更多条款 > 隐私政策"
    if variant == "no_account_cancellation":
        assert "拨打客服电话" in evidence


def test_clean_probe_fires_none_and_is_fully_explored(clean_run: Path) -> None:
    assert ui_findings(clean_run) == {}
    report = analyze_run(clean_run, None)
    status = {s.rule.id: s for s in report.rules}
    assert all(status[r].status == "passed" for r in UI_RULES), {r: status[r].reason for r in UI_RULES}
    step = next(r for r in read_jsonl(clean_run / RunDir.UI) if r["kind"] == "step" and r["action"] == "explore")
    states = step["detail"]["explore"]["states"]
    roots = set()
    for s in states:
        dump = parse_dump((clean_run / s["screenshot"]).read_text(encoding="utf-8"))
        roots |= {n.resource_id.rsplit("/", 1)[-1].removesuffix("_root") for n in dump.nodes
                  if n.resource_id.endswith("_root")}
    with ProbeProcess.launch(build_probe()) as probe:
        present = set(probe.command("screens").split())
    reached = {"home" if r == "main" else r for r in roots} & present
    assert len(reached) / len(present) >= 0.9, sorted(present - reached)
    assert "cancel_done" not in roots  # the final 确认注销 was never tapped
    coverage = step["detail"]["explore"]["coverage"]
    assert coverage["complete"] and coverage["restarts"] == 0 and coverage["permission_prompts"] == 1
    # 注销账号, 撤回同意 (only their untapped confirmations), 投诉举报, 系统权限管理, 用户协议: nothing more to do
    assert coverage["dead_ends"] == 5 and coverage["self_loops"] > 0 and coverage["loop_backs"] > 0
    transitions = [r for r in read_jsonl(clean_run / RunDir.UI) if r["kind"] == "transition"
                   and r["scenario"] == "explore"]
    assert len(transitions) == coverage["transitions"] and all(r["screenshot"] for r in transitions)
    assert {r["action"]["kind"] for r in transitions} == {"tap", "scroll", "text", "back"}
    policy = next(s for s in states if s["title"] == "隐私政策")
    assert "投诉与举报" in policy["text"]  # the third page, reached by scrolling


@pytest.mark.parametrize(("variant", "scenario"), [("personalisation_switch_ineffective", "explore_seeded"),
                                                   ("collection_after_withdrawal", "withdraw_seeded")])
def test_traffic_variant_fires_exactly_its_rule(variant: str, scenario: str, audit_run: Path, clean_run: Path,
                                                tmp_path: Path) -> None:
    run = split_run(audit_run, (scenario,), tmp_path / variant)
    found = ui_findings(run)
    assert set(found) == {variant}
    f = found[variant]
    evidence = json.dumps([e.to_json() for e in f.evidence], ensure_ascii=False)
    assert "我的" in evidence and "隐私设置" in evidence  # the switch's / the withdrawal entry's tap path
    if variant == "personalisation_switch_ineffective":
        assert "sdk:google_ads:advertising_id" in f.extra["after"]
    else:
        assert {e.kind for e in f.evidence} >= {"flow", "ui"}
    # Nothing else differs from the clean probe but the seeded rule's findings.
    extra = {k for k in all_findings(run) - all_findings(clean_run) if k[0] != variant}
    assert extra == set(), extra
