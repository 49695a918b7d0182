"""`harness analyze RUN_DIR`: findings of one run, against an optional declared policy, as a report."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.common import SEVERITIES, existing_file, say, write_output
from harness.errors import EXIT_FINDINGS, EXIT_OK, InputError
from harness.i18n import DEFAULT_LANG, LANGS
from harness.report import FORMATS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="analyse a run directory and write a report",
        description="Apply the privacy rules to a run directory (events, flows, UI markers, static facts) "
                    "and write a JSON, HTML, SARIF or JUnit report. Without --policy, rules that need the "
                    "declared policy are reported as skipped.")
    p.add_argument("run_dir", metavar="RUN_DIR", help="a run directory written by `harness audit`")
    p.add_argument("--policy", metavar="P", help="declared policy YAML (see harness/policies/README.md)")
    p.add_argument("--label", action="append", default=[], metavar="FILE",
                   help="a declared label to compare with the run and the policy (repeatable): Play data safety "
                   "CSV, 个人信息收集清单 or 第三方信息共享清单 (.html/.md/.txt); KIND:FILE forces "
                   "play-csv|pi-list|sharing-list")
    p.add_argument("--format", choices=FORMATS, default="json",
                   help="report format (default: json; xlsx, a workbook, needs --out)")
    p.add_argument("--out", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--fail-on", choices=SEVERITIES, metavar="SEV",
                   help=f"exit 1 when a finding is at or above this severity ({', '.join(SEVERITIES)})")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="language of titles and labels")
    p.add_argument("--sdk-db", metavar="FILE", help="a user knowledge-base YAML whose entries override shipped "
                   "ones by id (format: harness/detect/sdks.d/README.md)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.analysis import analyze_run
    from harness.report import REGISTRY, render, render_bytes

    policy = None
    if args.policy:
        from harness.policy.loader import load_policy

        policy = load_policy(existing_file(args.policy, "policy file"))
    from harness.labels.loader import load_label

    labels = tuple(load_label(spec) for spec in args.label)
    from harness.detect.sdk_db import build_database

    db = build_database(Path(args.sdk_db)) if args.sdk_db else None
    report = analyze_run(Path(args.run_dir), policy, lang=args.lang, labels=labels, db=db)
    if REGISTRY[args.format].binary:
        if not args.out:
            raise InputError(f"--format {args.format} writes a binary file: give --out FILE")
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_bytes(render_bytes(report, args.format))
    else:
        write_output(render(report, args.format), args.out)
    sev = report.summary["by_severity"]
    say(f"{report.verdict}{' (partial run)' if report.partial else ''}: {len(report.findings)} finding(s) — "
        + ", ".join(f"{k} {v}" for k, v in sev.items() if v) + (f"; report: {args.out}" if args.out else ""))
    if args.fail_on and report.exceeds(args.fail_on):
        return EXIT_FINDINGS
    return EXIT_OK
