"""`harness labels`: read a declared label (show) or draft one from what a run observed (export)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from harness.cli.common import existing_file, say, write_output
from harness.errors import EXIT_OK

FORMATS = ("play-csv", "pi-list", "sharing-list")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "labels", help="import declared labels, or export corrected ones from a run",
        description="Declared labels: the Google Play data safety CSV (Play Console export), the "
        "个人信息收集清单 and the 第三方信息共享清单 (HTML/Markdown tables or '键：值' lists).")
    actions = p.add_subparsers(dest="labels_command", metavar="ACTION", parser_class=type(p))
    actions.required = True
    show = actions.add_parser("show", help="import a label and print what it declares, with file:row provenance",
                              description="Import a label (FILE or KIND:FILE) and print its declarations as JSON.")
    show.add_argument("file", metavar="FILE")
    show.set_defaults(func=run_show)
    export = actions.add_parser(
        "export", help="write a label from what a run observed",
        description="Write a corrected data safety CSV (play-csv) or a draft 个人信息收集清单 (pi-list) / "
        "第三方信息共享清单 (sharing-list, Markdown) declaring exactly what the run saw. Purposes and "
        "scenes the run cannot know are marked （待补充）.")
    export.add_argument("run_dir", metavar="RUN_DIR")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--policy", metavar="P", help="declared policy YAML (names the app's own hosts)")
    export.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(func=run_export)


def run_show(args: argparse.Namespace) -> int:
    from harness.labels.loader import load_label

    label = load_label(args.file)

    def item(d) -> dict:  # noqa: ANN001
        return {"type": d.type, "purpose": d.purpose, "at": str(d.provenance)}

    out = {"kind": str(label.kind), "source": label.source,
           "collected": [item(d) for d in label.collected], "shared": [item(d) for d in label.shared],
           "third_parties": [{"name": t.name, "sdk_id": t.sdk_id, "company": t.company, "types": list(t.data_types),
                              "at": str(t.provenance)} for t in label.third_parties],
           "notes": list(label.notes),
           "answers": {k: {"value": a.value, "at": str(a.provenance)} for k, a in (
               ("collects_any", label.collects_any), ("encrypted_in_transit", label.encrypted_in_transit),
               ("deletion_request", label.deletion_request)) if a is not None}}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from harness.analysis import analyze_run
    from harness.labels.export import EXPORTERS
    from harness.labels.model import LabelKind

    policy = None
    if args.policy:
        from harness.policy.loader import load_policy

        policy = load_policy(existing_file(args.policy, "policy file"))
    report = analyze_run(Path(args.run_dir), policy)
    write_output(EXPORTERS[LabelKind(args.format)](report.observed), args.out)
    if args.out:
        say(f"{args.format}: {args.out}")
    return EXIT_OK
