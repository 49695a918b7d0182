"""`harness labels export/show` and `harness analyze --label`: outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from labelkit import DATA, busy_run
from tracekit import Trace

from harness.cli.main import main


def test_export_show_and_analyze_with_label(trace: Trace, tmp_path: Path, capsys) -> None:
    run = busy_run(trace)
    out = tmp_path / "play.csv"
    assert main(["labels", "export", str(run), "--format", "play-csv", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("Question ID (machine readable),")
    capsys.readouterr()
    assert main(["labels", "show", str(out)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {d["type"] for d in shown["collected"]} == {"location", "device_identifier"}
    assert shown["answers"]["encrypted_in_transit"]["value"] is False
    report = tmp_path / "r.json"
    code = main(["analyze", str(run), "--label", str(DATA / "play_no_data.csv"), "--out", str(report),
                 "--fail-on", "high"])
    assert code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {f["rule"] for f in data["findings"]} >= {"label_no_data_contradicted"}
    assert data["labels"] == [{"kind": "play-csv", "source": str(DATA / "play_no_data.csv")}]


def test_bad_label_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("hello,world\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--label", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.csv:1:" in err


def test_analyze_writes_xlsx_only_to_a_file(trace: Trace, tmp_path: Path, capsys) -> None:
    run = busy_run(trace)
    assert main(["analyze", str(run), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    out = tmp_path / "r.xlsx"
    assert main(["analyze", str(run), "--format", "xlsx", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
