"""`harness diff`: the same scenario under each persona, N repetitions each, then the comparison.

Runs go to OUT/<persona>/run-<k>/ (ordinary run folders: `harness analyze` reads each), the
comparison to OUT/diff.json and OUT/diff.html. Repetitions alternate between personas (A1 B1 A2
B2 ...), so drift over time (a flash sale starting, a cache warming) hits every persona alike
instead of looking like a persona effect. `compare_saved` re-judges a finished OUT folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from harness.analysis import DIFF_RULES
from harness.analysis.findings import Finding
from harness.audit.conductor import AuditOptions, run_audit
from harness.diff.compare import DiffResult, PersonaRuns, compare_personas
from harness.errors import InputError
from harness.persona.model import Persona

MINOR_RULES = ("minor_targeted_ads", "minor_collection_without_parental_consent")
MAX_REPEAT = 20


@dataclass(frozen=True, slots=True)
class DiffOutcome:
    out: Path
    result: DiffResult
    findings: tuple[Finding, ...]
    run_findings: dict[str, list[dict[str, Any]]]
    """persona -> findings of the minors rules in its runs' reports (they are judged per run)."""
    partial_runs: tuple[str, ...]

    def exceeds(self, severity: str) -> bool:
        from harness.analysis.findings import Severity

        rank = Severity(severity).rank
        return any(f.severity.rank >= rank for f in self.findings) or any(
            Severity(f.get("severity", "info")).rank >= rank for fs in self.run_findings.values() for f in fs)


def check_personas(personas: list[Persona]) -> None:
    if len(personas) < 2:
        raise InputError("harness diff needs at least two --persona files")
    names = [p.name for p in personas]
    if len(set(names)) != len(names):
        raise InputError(f"persona names must differ (got {', '.join(names)}): set `name:` in the files")


def run_diff(app: str, policy: Path, personas: list[Persona], *, out: Path, device: str | None = None,
             scenario: str = "shop", repeat: int = 3, options: AuditOptions | None = None,
             lang: str = "en", progress: Any = None) -> DiffOutcome:
    check_personas(personas)
    if not 1 <= repeat <= MAX_REPEAT:
        raise InputError(f"--repeat {repeat}: must be between 1 and {MAX_REPEAT}")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise InputError(f"{out}: folder exists and is not empty (a diff writes fresh run folders)")
    out.mkdir(parents=True, exist_ok=True)
    base = options or AuditOptions()
    runs: dict[str, list[Path]] = {p.name: [] for p in personas}
    partial: list[str] = []
    for k in range(1, repeat + 1):
        for persona in personas:
            target = out / persona.name / f"run-{k}"
            result = run_audit(app, policy, device=device, scenarios=scenario, out_dir=target,
                               options=replace(base, persona=persona), progress=progress)
            runs[persona.name].append(result.run_dir)
            if result.status != "complete":
                partial.append(str(result.run_dir))
    (out / "diff-manifest.json").write_text(json.dumps(
        {"app": app, "policy": str(policy), "scenario": scenario, "repeat": repeat,
         "personas": [{**p.to_json(), "runs": [str(r) for r in runs[p.name]]} for p in personas]},
        ensure_ascii=False, indent=1), encoding="utf-8")
    return _finish(out, app, [PersonaRuns(p, tuple(runs[p.name])) for p in personas], lang, partial)


def compare_saved(out: Path, lang: str = "en") -> DiffOutcome:
    """Re-compare the runs of a finished diff folder (its diff-manifest.json)."""
    manifest_path = Path(out) / "diff-manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        groups = [PersonaRuns(Persona.from_json(p), tuple(Path(r) for r in p["runs"])) for p in manifest["personas"]]
        app = str(manifest.get("app") or "app")
    except (OSError, ValueError, KeyError, TypeError) as e:
        what = "unreadable" if isinstance(e, OSError) else "not JSON" if isinstance(e, ValueError) else \
            "no list of personas with their runs"
        raise InputError(f"{manifest_path}: not a diff folder's manifest ({what})") from e
    check_personas([g.persona for g in groups])
    return _finish(Path(out), app, groups, lang, [])


def _finish(out: Path, app: str, groups: list[PersonaRuns], lang: str, partial: list[str]) -> DiffOutcome:
    from harness.diff.report import render_html

    result = compare_personas(groups)
    findings = tuple(f for rule in DIFF_RULES for f in rule.judge(result, app, lang))
    run_findings = {g.persona.name: _minor_findings(g.runs) for g in groups}
    outcome = DiffOutcome(out, result, findings, run_findings, tuple(partial))
    doc = {**result.to_json(), "findings": [f.to_json() for f in findings], "run_findings": run_findings,
           "partial_runs": list(partial)}
    (out / "diff.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "diff.html").write_text(render_html(outcome, lang), encoding="utf-8")
    return outcome


def _minor_findings(runs: tuple[Path, ...]) -> list[dict[str, Any]]:
    out = []
    for run in runs:
        try:
            report = json.loads((run / "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for f in report.get("findings", []) if isinstance(report, dict) else []:
            if isinstance(f, dict) and f.get("rule") in MINOR_RULES:
                out.append({**f, "run": str(run)})
    return out
