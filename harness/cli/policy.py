"""`harness policy`: check a declared-policy YAML, draft one from a privacy policy's text, show baselines."""

from __future__ import annotations

import argparse
import sys

from harness.cli.common import existing_file, write_output
from harness.errors import EXIT_OK, EXIT_USAGE, InputError, PolicyError
from harness.i18n import DEFAULT_LANG, LANGS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "policy", help="check, draft or look up declared policies",
        description="Work with declared-policy YAML files (schema: harness/policies/README.md).",
    )
    actions = p.add_subparsers(dest="policy_command", metavar="ACTION", parser_class=type(p))
    actions.required = True

    check = actions.add_parser("check", help="validate policy YAML files",
                               description="Validate policy YAML files; print every problem as file:line:col: message "
                               "(exit 2 when any file has one).")
    check.add_argument("files", metavar="FILE", nargs="+", help="policy YAML file")
    check.set_defaults(func=run_check)

    draft = actions.add_parser(
        "draft", help="draft a policy YAML from a privacy policy's text",
        description="Read a privacy policy (.txt, .html, .md; Chinese or English) and write a draft YAML: "
        "the data types and SDKs it declares, each citing its sentence. Review the draft before use.",
    )
    draft.add_argument("file", metavar="POLICY", help="privacy policy text (.txt, .html, .htm, .md)")
    draft.add_argument("--out", metavar="FILE", help="write the draft here instead of stdout")
    draft.add_argument("--package", help="the app's package name (default: a placeholder to fill in)")
    draft.add_argument("--category", help="the app's category key (default: other)")
    draft.set_defaults(func=run_draft)

    ev = actions.add_parser(
        "eval", help="measure the drafter on an annotated policy corpus (CAPP-130 JSONL)",
        description="Draft every policy of a directory of CAPP-130-style JSONL files ({\"text\", \"label\"} per "
        "sentence) and print precision and recall of the drafted data categories and types against the expert "
        "labels, for the tuning split and the held-out split (file numbers divisible by 5).",
    )
    ev.add_argument("corpus", metavar="CORPUS_DIR", help="directory of *.jsonl annotated policies")
    ev.add_argument("--min-precision", type=float, default=0.0, metavar="P",
                    help="exit 1 when the category precision over all policies is below P")
    ev.add_argument("--min-recall", type=float, default=0.0, metavar="R",
                    help="exit 1 when the category recall over all policies is below R")
    ev.set_defaults(func=run_eval)

    base = actions.add_parser("baseline", help="show the necessary PI of the 39 app categories",
                              description="Show the necessary PI of one category (or all) with taxonomy ids.")
    base.add_argument("category", nargs="?", help="category key, e.g. online_shopping (default: all)")
    base.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    base.set_defaults(func=run_baseline)


def run_check(args: argparse.Namespace) -> int:
    from harness.policy.loader import PolicyFileError, load_policy

    status = EXIT_OK
    for path in args.files:
        try:
            policy = load_policy(path)  # read and parsed once; every problem is on the error
        except PolicyError as e:
            for line in e.errors if isinstance(e, PolicyFileError) else [str(e)]:
                print(line, file=sys.stderr)
            status = EXIT_USAGE
            continue
        print(f"ok: {path} ({policy.app.package}, category {policy.app.category}, "
              f"{len(policy.data)} data items, {len(policy.third_parties)} third parties)")
    return status


def run_draft(args: argparse.Namespace) -> int:
    from harness.policy.draft import draft_policy_file

    path = existing_file(args.file, "privacy policy file")
    if args.category:
        from harness.policy.baseline import OTHER, category_keys
        if args.category != OTHER and args.category not in category_keys():
            raise InputError(f"--category: unknown category {args.category!r} (see 'harness policy baseline')")
    write_output(draft_policy_file(path, package=args.package, category=args.category), args.out)
    if args.out:
        print(f"wrote {args.out}: review it, then run 'harness policy check {args.out}'", file=sys.stderr)
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from harness.policy.evaluate import evaluate, read_corpus, report

    corpus = read_corpus(Path(args.corpus))
    overall = None
    for name, policies in (("tuning", [p for p in corpus if not p.held_out]),
                           ("held-out", [p for p in corpus if p.held_out])):
        if policies:
            result = evaluate(policies)
            print(report(name, result))
            overall = result if overall is None else overall.merge(result)
    assert overall is not None  # read_corpus refuses an empty directory
    print(report("all", overall))
    for line in overall.errors:
        print(f"draft fails check: {line}", file=sys.stderr)
    ok = (overall.categories.precision >= args.min_precision and overall.categories.recall >= args.min_recall
          and not overall.invalid_yaml)
    return EXIT_OK if ok else 1


def run_baseline(args: argparse.Namespace) -> int:
    from harness.policy.baseline import categories, category
    from harness.taxonomy import taxonomy

    if args.category:
        cat = category(args.category)
        if cat is None:
            print("other: no baseline (the 2021 rule does not cover this app)")
            return EXIT_OK
        cats = [cat]
    else:
        cats = categories()
    tax = taxonomy()
    for c in cats:
        print(f"{c.number:2d} {c.key} ({c.name(args.lang)}): "
              f"{c.basic_function_zh if args.lang == 'zh' else c.basic_function_en}")
        if c.no_pi_needed:
            print("     no PI needed (无须个人信息，即可使用基本功能服务)")
        for item in c.necessary:
            names = ", ".join(f"{t} ({tax.get(t).name(args.lang)})" for t in item.types)
            scope = f" [only: {item.scope_zh}]" if item.scope_zh else ""
            print(f"     {item.text_zh}{scope} -> {names}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:  # kept for callers that dispatch on the module
    return int(args.func(args))
