"""`harness selftest`: run the pipeline on the bundled probe app and say pass/fail per stage."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.errors import EXIT_ENVIRONMENT, EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="run the pipeline on the bundled probe app, pass/fail per stage",
                       description="Audit the bundled probe app on the JVM stand-in (short accept and background "
                       "scenarios, loopback only) and check each stage: the probe builds, the audit runs, the "
                       "agent loads, hooks fire, the proxy sees traffic, the matcher finds the planted values, "
                       "the rules fire. Exit 0 only when every stage passes, 3 otherwise.")
    p.add_argument("--out", metavar="DIR", help="keep the run here (default: a temporary folder)")
    p.add_argument("--policy", metavar="P", help="policy of the probe (default: harness/policies/examples/probe.yaml)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.audit.selftest import run_selftest
    from harness.cli.common import existing_file

    policy = existing_file(args.policy, "policy file") if args.policy else None

    def show(stage) -> None:  # noqa: ANN001 - harness.audit.selftest.Stage
        print(f"{'PASS' if stage.ok else 'FAIL'}  {stage.name:<30} {stage.detail}", flush=True)

    stages = run_selftest(Path(args.out) if args.out else None, policy, report=show)
    passed = sum(s.ok for s in stages)
    print(f"\n{passed}/{len(stages)} stages passed")
    return EXIT_OK if stages and all(s.ok for s in stages) else EXIT_ENVIRONMENT
