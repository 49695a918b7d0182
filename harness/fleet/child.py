"""The audit process of one fleet job: `python -m harness.fleet.child JOB.json DEVICE RESULT.json`.

It asks the kernel to kill it when its parent dies (so a SIGKILLed worker takes its audit
with it), writes the job's policy and scenarios as files, runs the conductor, and writes a
one-object result (or the one-line error) for the parent to read.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.fleet.apps import Job

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """PR_SET_PDEATHSIG(SIGKILL); if the parent is already gone, exit at once."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    expected = os.environ.get("APH_FLEET_PARENT")
    if expected and expected.isdigit() and os.getppid() != int(expected):
        os._exit(1)


def materialise(job: Job, inputs: Path) -> tuple[Path | None, str]:
    """The policy file and the --scenario spec for the conductor, written under `inputs`."""
    inputs.mkdir(parents=True, exist_ok=True)
    policy = None
    if job.policy_text is not None:
        policy = inputs / "policy.yaml"
        policy.write_text(job.policy_text, encoding="utf-8")
    parts = []
    for i, spec in enumerate(job.scenarios):
        if "builtin" in spec:
            parts.append(spec["builtin"])
        else:
            path = inputs / f"scenario-{i}-{Path(spec['file']).name}"
            path.write_text(spec["text"], encoding="utf-8")
            parts.append(str(path))
    return policy, ",".join(parts)


def run(job: Job, device: str, attempt_dir: Path) -> dict[str, Any]:
    from harness.audit import AuditOptions, run_audit

    policy, scenarios = materialise(job, attempt_dir / "inputs")
    opts = job.probe or {}
    options = AuditOptions(wait_scale=opts.get("wait_scale", 1.0), probe_lang=opts.get("lang", "zh"),
                           poll_interval_ms=opts.get("poll_interval_ms", 2000))
    app = "probe" if job.kind == "probe" else str(job.apk)
    result = run_audit(app, policy, device=device, scenarios=scenarios, out_dir=attempt_dir / "run",
                       options=options)
    return {"status": result.status, "run_dir": str(result.run_dir), "verdict": result.verdict,
            "findings": result.findings, "notes": result.notes, "interrupted": result.interrupted}


def main(argv: list[str]) -> int:
    die_with_parent()
    job_file, device, result_file = Path(argv[0]), argv[1], Path(argv[2])
    job = Job.from_json(json.loads(job_file.read_text(encoding="utf-8")))
    try:
        result = run(job, device, job_file.parent)
    except HarnessError as e:
        result = {"error": str(e), "exit_code": e.exit_code}
    except Exception as e:  # noqa: BLE001 - reported to the parent as one line, never a traceback
        result = {"error": f"{type(e).__name__}: {e}", "exit_code": 3}
    tmp = result_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, result_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
