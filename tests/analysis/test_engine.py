"""The engine: registry, partial runs, torn lines, dedup, ordering, fingerprints, language."""

from __future__ import annotations

import json
import pkgutil
from pathlib import Path

import pytest
from tracekit import Trace, make_policy

import harness.analysis as analysis
from harness.analysis import ALL_RULES, DIFF_RULES, analyze_run
from harness.analysis.findings import Severity
from harness.errors import InputError, TraceError
from harness.trace import RunStatus

HELPERS = {"base", "context", "coverage", "engine", "findings", "inventory", "minors", "permissions", "phases",
           "result", "sitemap"}


def test_every_rule_module_is_registered_with_unique_ids() -> None:
    names = {m.name for m in pkgutil.iter_modules(analysis.__path__)}
    rule_files = names - HELPERS
    registered = [m.RULE.id for m in (*ALL_RULES, *DIFF_RULES)]
    assert len(registered) == len(set(registered)) >= 16
    assert set(registered) == rule_files
    for m in DIFF_RULES:  # judged across runs (harness diff): a judge function instead of a streaming Check
        assert m.__name__.rsplit(".", 1)[1] == m.RULE.id and callable(m.judge) and not hasattr(m, "Check")
        assert m.__doc__ and "Rationale" in m.__doc__ and "Example" in m.__doc__
    for m in ALL_RULES:
        assert m.__name__.rsplit(".", 1)[1] == m.RULE.id
        assert m.__doc__ and "Rationale" in m.__doc__ and "Example" in m.__doc__
        r = m.RULE
        assert r.title_en and r.title_zh and isinstance(r.severity, Severity)
        assert r.anchors.pipl or r.anchors.rending or r.anchors.tc260
        assert hasattr(m, "Check") and m.Check.rule is r


def test_partial_run_and_torn_last_line(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(1.0, "imei", "umeng")
    path = trace.write(RunStatus.RUNNING)
    with open(path / "events.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"v":1,"t":2.0,"kind":"hook","seq":99,"data_ty')
    rep = analyze_run(path, None)
    assert rep.partial is True and rep.run["status"] == "running"
    assert rep.notes[0].startswith("run.json status is 'running'")
    assert any(n.startswith("events.jsonl: last line was cut off") for n in rep.notes)
    assert [f.rule for f in rep.findings if f.rule == "pre_consent_collection"] == ["pre_consent_collection"]
    assert json.loads(json.dumps(rep.to_json()))["partial"] is True


def test_complete_run_is_not_partial(trace: Trace) -> None:
    trace.consent_run()
    rep = analyze_run(trace.write(), None)
    assert rep.partial is False and rep.verdict == "pass" and rep.findings == ()


def test_dedup_counts_all_and_bounds_evidence(trace: Trace) -> None:
    trace.marker(0.0, "scenario_start", "no_interaction")
    trace.marker(1000.0, "scenario_end", "no_interaction")
    for i in range(100):
        trace.hook(1.0 + i * 5, "android_id", "umeng", scenario="no_interaction")
    rep = analyze_run(trace.write(), None)
    [f] = [f for f in rep.findings if f.rule == "pre_consent_collection"]
    assert f.count == 100 and len(f.evidence) == 12 and f.to_json()["evidence_omitted"] == 88
    assert f.first_t == 1.0 and f.last_t == 496.0


def test_sorted_by_severity(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(1.0, "imei", "umeng")
    trace.hook(6.0, "clipboard", "app")
    rep = analyze_run(trace.write(), None)
    ranks = [f.severity.rank for f in rep.findings]
    assert ranks == sorted(ranks, reverse=True) and rep.findings[0].severity is Severity.HIGH
    assert rep.exceeds("high") and not rep.exceeds("critical") and rep.verdict == "fail"


def _fingerprint_run(base: Path, shift: float, port_flow: str) -> dict[tuple[str, str | None, str], str]:
    tr = Trace(base)
    tr.consent_run(accept_at=5.0 + shift)
    tr.hook(1.0 + shift, "imei", "umeng")
    tr.flow(1.5 + shift, f"https://alog.umeng.com{port_flow}/app_logs?imei=867530901234565")
    rep = analyze_run(tr.write(), None)
    return {(f.rule, f.data_type, f.actor_key): f.fingerprint for f in rep.findings}


def test_fingerprints_stable_across_runs(tmp_path: Path) -> None:
    a = _fingerprint_run(tmp_path / "a", 0.0, "")
    b = _fingerprint_run(tmp_path / "b", 7.25, ":8443")
    assert a == b and all(v.startswith("aph/v1:") for v in a.values())
    assert len(set(a.values())) == len(a)


def test_chinese_titles_and_messages(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(1.0, "imei", "umeng")
    rep = analyze_run(trace.write(), None, lang="zh")
    f = rep.findings[0]
    assert f.title == "征得同意前收集个人信息" and "同意隐私政策前" in f.message
    with pytest.raises(InputError):
        analyze_run(trace.path, None, lang="fr")


def test_not_a_run_dir(tmp_path: Path) -> None:
    with pytest.raises(TraceError, match="not a run directory"):
        analyze_run(tmp_path, None)


def test_missing_ui_means_phase_rules_skipped(trace: Trace) -> None:
    trace.hook(1.0, "imei", "umeng", scenario=None)
    rep = analyze_run(trace.write(), None)
    st = {s.rule.id: s.status for s in rep.rules}
    assert st["pre_consent_collection"] == "skipped" and st["post_refusal_collection"] == "skipped"
    assert [f.rule for f in rep.findings] == ["hardware_identifier"]
    assert any("no markers" in n for n in rep.notes)


def test_summary_counts(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(1.0, "imei", "umeng")
    trace.flow(1.5, "https://alog.umeng.com/app_logs?imei=867530901234565")
    trace.flow(2.0, "https://alog.umeng.com/ping")
    rep = analyze_run(trace.write(), make_policy())
    s = rep.summary
    assert s["counts"]["flows"] == 2 and s["counts"]["pi_flows"] == 1 and s["counts"]["pi_reads"] == 1
    assert s["by_sdk"]["Umeng+ (友盟)"] == len([f for f in rep.findings if f.actor_key == "sdk:umeng"])
    assert s["by_phase"]["before_policy"] >= 1
    [host] = rep.hosts
    assert (host["host"], host["party"], host["sdk_id"], host["flows"], host["pi_flows"], host["data_types"]) == (
        "alog.umeng.com", "third", "umeng", 2, 1, ["imei"])


def test_garbage_records_do_not_stop_the_analysis(trace: Trace) -> None:
    trace.consent_run(accept_at=5.0)
    trace.hook(1.0, "imei", "umeng")
    path = trace.write()
    with open(path / "events.jsonl", "a", encoding="utf-8") as fh:
        fh.write('[1, 2]\n"text"\n{"kind": "hook", "t": "soon", "data_type": "imei", "stack": "x", "values": [1]}\n')
        fh.write('{"kind": "hook", "t": 2, "data_type": "no_such_type"}\nnot json at all\n')
        fh.write('{"kind": "hook", "t": 3, "data_type": "android_id", "actor": "weird", "values": {"return": null}}\n')
    with open(path / "flows.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"kind": "flow", "id": "g1", "t": null, "host": "x.example.org", "request": [1], "url": 5}\n')
        fh.write('{"kind": "tls_failure", "t": 4, "host": "pinned.example.org", "port": 443}\n')
    with open(path / "ui.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"kind": "marker", "t": "later", "marker": "consent_accepted"}\n')
    rep = analyze_run(path, None)
    assert any(f.rule == "pre_consent_collection" and f.data_type == "imei" for f in rep.findings)
    notes = " | ".join(rep.notes)
    assert "unreadable line" in notes and "outside the taxonomy" in notes and "pinned.example.org" in notes
    assert "ui.jsonl: 1 record(s) of the wrong shape skipped, first at line" in notes and "'t' is not a run time" in notes


def test_finding_keys_are_bounded(trace: Trace, monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.analysis.context as context

    monkeypatch.setattr(context, "MAX_FINDING_KEYS", 3)
    trace.marker(0.0, "scenario_start", "no_interaction")
    trace.marker(100.0, "scenario_end", "no_interaction")
    trace.hook(0.5, "android_id", "app", scenario="no_interaction")
    for i in range(10):
        trace.flow(1.0 + i, f"https://h{i}.tracker.example.org/c?aid=a3f1c9e27b5d4086")
    rep = analyze_run(trace.write(), None)
    keys = {f.actor_key for f in rep.findings if f.rule == "pre_consent_collection"}
    assert "other" in keys and len(keys) <= 4
    other = [f for f in rep.findings if f.rule == "pre_consent_collection" and f.actor_key == "other"][0]
    assert other.actor["name"] == "(other actors)" and other.count >= 7
    [note] = [n for n in rep.notes if "folded" in n]
    assert 7 <= int(note.split(" further actor")[0].rsplit(" ", 1)[1]) <= 11  # actors, not observations


def test_folded_note_counts_actors_not_observations(trace: Trace, monkeypatch: pytest.MonkeyPatch) -> None:
    import harness.analysis.context as context

    monkeypatch.setattr(context, "MAX_FINDING_KEYS", 1)
    trace.marker(0.0, "scenario_start", "no_interaction")
    trace.marker(100.0, "scenario_end", "no_interaction")
    trace.hook(0.5, "android_id", "app", scenario="no_interaction")
    for i in range(22):
        trace.flow(1.0 + i, f"https://h{i % 3}.tracker.example.org/c?aid=a3f1c9e27b5d4086")
    rep = analyze_run(trace.write(), None)
    assert any("3 further actor(s) were folded" in n for n in rep.notes), rep.notes


def test_broken_static_json_is_a_note(trace: Trace) -> None:
    trace.consent_run()
    path = trace.write()
    (path / "static.json").write_text("{not json", encoding="utf-8")
    rep = analyze_run(path, make_policy(), lang="en")
    assert any("static.json:1:2: not valid JSON" in n for n in rep.notes)
    assert not any("policy describes" in n for n in rep.notes)
