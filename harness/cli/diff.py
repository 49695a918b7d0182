"""`harness diff APP --persona A.yaml --persona B.yaml ...`: one scenario under several personas, compared."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.common import SEVERITIES, existing_file, say
from harness.errors import EXIT_FINDINGS, EXIT_OK, InputError
from harness.i18n import DEFAULT_LANG, LANGS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff", help="run one scenario under several personas and compare prices, collection and flows",
        description="Audit the app once per persona and repetition (alternating), then compare: prices of the "
        "same items (a permutation test across repetitions, so noise is not called discrimination: PIPL "
        "Art. 24), data types read and sent per destination, and consent/content flows (age gate, youth mode, "
        "guardian consent: Art. 28/31). Writes OUT/<persona>/run-<k>/, OUT/diff.json and OUT/diff.html (the "
        "last line printed).",
        epilog="Example: harness diff probe --device jvm --policy harness/policies/examples/probe.yaml "
        "--persona harness/policies/personas/adult-new-budget.yaml --persona harness/policies/personas/adult-new-flagship.yaml "
        "--shop-pricing discriminating --out runs/diff. Re-judge saved runs: harness diff --from runs/diff. "
        "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad input, 3 environment.")
    p.add_argument("app", nargs="?", metavar="APK|probe", help="an APK, a folder of split APKs, or 'probe'")
    p.add_argument("--persona", action="append", default=[], metavar="FILE",
                   help="a persona YAML (harness/policies/personas/README.md); two or more, the first is the baseline")
    p.add_argument("--policy", metavar="P", help="the app's declared policy (YAML)")
    p.add_argument("--device", metavar="SERIAL|jvm|avd:NAME", help="as for harness audit")
    p.add_argument("--scenario", default="shop", metavar="NAME",
                   help="the scenario each run performs (default: shop, the probe's shop screen)")
    p.add_argument("--repeat", type=int, default=3, metavar="N", help="repetitions per persona (default 3)")
    p.add_argument("--out", metavar="DIR", help="a new folder for the runs and the comparison (default runs/diff-<time>)")
    p.add_argument("--from", dest="from_dir", metavar="DIR", help="re-compare the runs of a finished diff folder")
    p.add_argument("--fail-on", choices=SEVERITIES, default="high", help="exit 1 at or above (default high)")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="report language")
    p.add_argument("--wait-scale", type=float, default=1.0, metavar="X", help="multiply scenario waits by X")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    probe = p.add_argument_group("probe only (JVM stand-in)")
    probe.add_argument("--shop-pricing", choices=("fair", "discriminating"), default="fair",
                       help="how the probe's shop server prices (default fair)")
    probe.add_argument("--shop-noise", type=float, default=0.03, metavar="F",
                       help="random per-request price jitter of the probe's shop, a fraction (default 0.03)")
    probe.add_argument("--youth", choices=("compliant", "leaky"), default="compliant",
                       help="the probe's behaviour for a child persona (default compliant)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.diff.runner import compare_saved

    if args.from_dir:
        outcome = compare_saved(Path(args.from_dir), args.lang)
    else:
        outcome = _run_new(args)
    for pair in outcome.result.pairs:
        for v in pair.prices:
            flag = "DISCRIMINATING" if v.discriminating else "no significant difference"
            say(f"{pair.other} vs {pair.baseline}: {v.field} {v.effect * 100:+.1f}% (p={v.p_value:.4f}) {flag}"
                + (f"; differing: {', '.join(pair.attributes)}" if v.discriminating else ""))
    minors = sum(len(v) for v in outcome.run_findings.values())
    say(f"findings: {len(outcome.findings)} across personas, {minors} minors finding(s) in the runs")
    print(outcome.out / "diff.html")
    return EXIT_FINDINGS if outcome.exceeds(args.fail_on) else EXIT_OK


def _run_new(args: argparse.Namespace):  # noqa: ANN202 - DiffOutcome, imported lazily
    from harness.audit import AuditOptions
    from harness.audit.progress import make_progress
    from harness.diff.runner import run_diff
    from harness.persona import load_persona

    if not args.app or not args.policy:
        raise InputError("harness diff needs APP and --policy (or --from DIR to re-compare saved runs)")
    if not 0 <= args.wait_scale <= 10:
        raise InputError(f"--wait-scale {args.wait_scale:g}: must be between 0 and 10")
    if not 0 <= args.shop_noise <= 0.5:
        raise InputError(f"--shop-noise {args.shop_noise:g}: must be between 0 and 0.5")
    personas = [load_persona(existing_file(p, "persona file")) for p in args.persona]
    options = AuditOptions(lang=args.lang, wait_scale=args.wait_scale, youth=args.youth,
                           **_probe_backend(args) if args.app == "probe" else {})
    out = Path(args.out) if args.out else Path("runs") / f"diff-{_stamp()}"
    progress = make_progress(args.quiet)
    try:
        return run_diff(args.app, existing_file(args.policy, "policy file"), personas, out=out, device=args.device,
                        scenario=args.scenario, repeat=args.repeat, options=options, lang=args.lang,
                        progress=progress)
    finally:
        progress.close()


def _probe_backend(args: argparse.Namespace) -> dict:
    from harness.probe import backend

    return {"proxy_scripts": (Path(backend.__file__),),
            "proxy_options": (("probe_shop_pricing", args.shop_pricing), ("probe_shop_noise", str(args.shop_noise)))}


def _stamp() -> str:
    from datetime import datetime

    return datetime.now().strftime("%Y%m%d-%H%M%S")
