"""`harness audit APK|probe --policy P`: run the consent scenarios under Frida and mitmproxy, then report."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.common import SEVERITIES, existing_file, say
from harness.errors import InputError
from harness.i18n import DEFAULT_LANG, LANGS

PROBE_VARIANTS = ("clean", "policy_not_reachable", "no_policy_prompt", "default_consent",
                  "permission_without_rationale", "no_personalisation_switch", "personalisation_switch_ineffective",
                  "no_consent_withdrawal", "collection_after_withdrawal", "no_account_cancellation",
                  "no_complaint_channel")
"""The probe's --variant names (harness/probe/java/com/example/probe/ui/Variant.java)."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="audit an app on a device (or the bundled probe on the JVM stand-in)",
        description="Install and launch the app under Frida with its traffic through mitmproxy, run consent "
        "scenarios (no_interaction, accept, reject, deny_permissions, background, explore, withdraw), restore the device, "
        "then compare what was observed with the declared policy and the law. The last line printed is the "
        "HTML report's path.",
        epilog="Examples: harness audit probe --device jvm --policy harness/policies/examples/probe.yaml --scenario all; "
        "harness audit app.apk --policy app.yaml --device emulator-5554 --scenario all. "
        "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad input, 3 environment, 130 interrupted.")
    p.add_argument("app", metavar="APK|probe", help="an APK, a folder of split APKs, or 'probe'")
    p.add_argument("--policy", required=True, metavar="P", help="the app's declared policy (YAML)")
    p.add_argument("--device", metavar="SERIAL|jvm|avd:NAME",
                   help="adb serial, 'jvm' for the JVM stand-in, or avd:NAME to boot an emulator headless "
                   "(default: the only attached device; 'jvm' for the probe)")
    p.add_argument("--scenario", default="all", metavar="NAME|all",
                   help="no_interaction, accept, reject, deny_permissions, background, explore, withdraw, all, a comma list, "
                   "or a scenario YAML file (default: all)")
    p.add_argument("--out", metavar="DIR", help="run folder (created; an existing run there is kept and a "
                   "fresh timestamped folder is used instead; default runs/<time>-<package>)")
    p.add_argument("--label", action="append", default=[], metavar="FILE",
                   help="a declared label to hold the run against (repeatable): Play data safety CSV, "
                   "个人信息收集清单 or 第三方信息共享清单 (.html/.md/.txt); KIND:FILE forces play-csv|pi-list|sharing-list")
    p.add_argument("--sdk-db", metavar="FILE", help="a user knowledge-base YAML whose entries override shipped "
                   "ones by id (format: harness/detect/sdks.d/README.md); used by static and run analysis")
    p.add_argument("--keep", action="store_true", help="leave the app installed afterwards")
    p.add_argument("--frida-server", metavar="PATH", help="frida-server binary to push when none runs on the device")
    p.add_argument("--system-ca", action="store_true",
                   help="also put the run's CA in the system store for the run (a tmpfs over the Conscrypt APEX "
                   "store on Android 14+, /system/etc/security/cacerts below; needs adb root)")
    p.add_argument("--fail-on", choices=SEVERITIES, default="high", help="exit 1 at or above (default high)")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help="report language")
    p.add_argument("--probe-lang", choices=("zh", "en"), default="zh",
                   help="language of the probe app's consent dialog (JVM stand-in only; default zh)")
    p.add_argument("--probe-variant", default="", metavar="NAME", choices=("", *PROBE_VARIANTS),
                   help="seed one user-rights flaw into the probe, named after the rule that must report it "
                   f"({', '.join(PROBE_VARIANTS)}; JVM stand-in only; default: clean)")
    p.add_argument("--quiet", action="store_true", help="no progress display")
    p.add_argument("--wait-scale", type=float, default=1.0, metavar="X",
                   help="multiply every scenario wait by X (e.g. 0.5 for a quick smoke run; default 1)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from harness.audit import AuditOptions, run_audit
    from harness.audit.progress import make_progress

    if not 0 <= args.wait_scale <= 10:
        raise InputError(f"--wait-scale {args.wait_scale:g}: must be between 0 and 10")
    policy = existing_file(args.policy, "policy file")
    frida_server = existing_file(args.frida_server, "frida-server file") if args.frida_server else None
    sdk_db = existing_file(args.sdk_db, "SDK knowledge-base file") if args.sdk_db else None
    options = AuditOptions(keep=args.keep, frida_server=frida_server, fail_on=args.fail_on, lang=args.lang,
                           system_ca=args.system_ca, wait_scale=args.wait_scale,
                           probe_lang=args.probe_lang, probe_variant=args.probe_variant, labels=tuple(args.label),
                           sdk_db=sdk_db)
    progress = make_progress(args.quiet)
    try:
        result = run_audit(args.app, policy, device=args.device, scenarios=args.scenario,
                           out_dir=Path(args.out) if args.out else None, options=options, progress=progress)
    finally:
        progress.close()
    status = result.status + (" (interrupted)" if result.interrupted else "")
    say(f"run: {result.run_dir} [{status}]")
    if result.verdict is not None:
        say(f"verdict: {result.verdict.upper()} - {result.findings} finding(s)"
            + (f", at or above {args.fail_on}" if result.exceeds else ""))
    for fmt, path in result.reports.items():
        if fmt != "html":
            say(f"  {fmt:<6} {path}")
    html = result.reports.get("html")
    if html is not None:
        print(html)
    return result.exit_code
