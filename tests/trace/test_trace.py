"""The run trace survives crashes: flushed batches are kept, a torn last line is skipped and noted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from harness.errors import TraceError
from harness.trace import JsonlReader, JsonlWriter, RunDir, RunStatus, read_jsonl
from harness.trace.records import SCHEMA_VERSION, record

WRITER_CHILD = textwrap.dedent(
    """
    import sys
    from harness.trace import RunDir
    from harness.trace.records import record
    run = RunDir.create(sys.argv[1], app={"package": "com.example.probe"})
    w = run.writer("events.jsonl")
    seq = 0
    print("started", flush=True)
    while True:
        batch = []
        for _ in range(50):
            batch.append(record("hook", run.clock.now(), seq=seq, hook_id="t.x", data_type="imei",
                                values={"return": "x" * 200}))
            seq += 1
        w.write_batch(batch)
    """
)


def test_kill_9_mid_run_keeps_every_flushed_batch(tmp_path: Path) -> None:
    run_path = tmp_path / "run"
    child = subprocess.Popen([sys.executable, "-c", WRITER_CHILD, str(run_path)], stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert child.stdout is not None and child.stdout.readline().strip() == b"started"
    events = run_path / "events.jsonl"
    deadline = time.monotonic() + 20
    while (not events.exists() or events.stat().st_size < 200_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    run = RunDir.open(run_path)
    assert run.status is RunStatus.PARTIAL  # run.json still said "running": the writer died
    reader = run.reader("events.jsonl")
    seqs = [r["seq"] for r in reader]
    assert len(seqs) >= 500
    assert seqs == list(range(len(seqs)))  # gap-free: nothing flushed was lost
    assert not reader.bad_lines

    analyzed = subprocess.run([sys.executable, "-m", "harness", "analyze", str(run_path), "--format", "json"],
                              capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert analyzed.returncode == 0, analyzed.stderr
    report = json.loads(analyzed.stdout)
    assert report["partial"] is True
    assert any("partial" in note for note in report["notes"])


def test_torn_last_line_is_skipped_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    with JsonlWriter(path) as w:
        w.write_batch([record("hook", 0.1, seq=0), record("hook", 0.2, seq=1)])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"v":1,"t":0.3,"kind":"hook","seq":2,"val')
    reader = JsonlReader(path)
    assert [r["seq"] for r in reader] == [0, 1]
    assert reader.truncated
    assert reader.note is not None and "cut off" in reader.note


def test_corrupt_middle_line_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "flows.jsonl"
    path.write_text('{"kind":"flow","id":"a"}\nnot json\n{"kind":"flow","id":"b"}\n', encoding="utf-8")
    reader = JsonlReader(path)
    kinds = [r["kind"] for r in reader]
    assert kinds == ["flow", "corrupt", "flow"]
    assert reader.bad_lines == [2]
    assert [r["id"] for r in read_jsonl(path)] == ["a", "b"]


def test_deep_records_are_refused_and_brackets_in_strings_are_not_depth(tmp_path: Path) -> None:
    """The bracket count only spares the walk: a deep record is still refused, a shallow one with
    brackets in its strings is still read, and the limit itself (64 levels) passes."""
    def nested(depth: int) -> str:
        return "[" * (depth - 1) + "1" + "]" * (depth - 1)

    path = tmp_path / "flows.jsonl"
    lines = [f'{{"kind":"flow","id":"deep","x":{nested(70)}}}',
             f'{{"kind":"flow","id":"limit","x":{nested(64 - 1)}}}',
             json.dumps({"kind": "flow", "id": "strings", "x": "[" * 200 + "{" * 200})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reader = JsonlReader(path)
    assert [r.get("id", r["kind"]) for r in reader] == ["corrupt", "limit", "strings"]
    assert reader.misshapen == [(1, "nested too deep")]


def test_last_line_without_newline_but_complete_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "ui.jsonl"
    path.write_text('{"kind":"marker","marker":"app_launched"}\n{"kind":"marker","marker":"policy_shown"}')
    reader = JsonlReader(path)
    assert [r["marker"] for r in reader] == ["app_launched", "policy_shown"]
    assert not reader.truncated


def test_records_carry_schema_version_and_run_time(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path / "r")
    with run.writer(RunDir.UI) as w:
        w.write(record("marker", run.clock.now(), scenario="accept", marker="consent_accepted"))
    (rec,) = read_jsonl(tmp_path / "r" / "ui.jsonl")
    assert rec["v"] == SCHEMA_VERSION and rec["kind"] == "marker" and 0 <= rec["t"] < 5


def test_finish_marks_complete_and_times(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path / "r", app={"package": "p"})
    run.note("proxy: 1 host refused our CA")
    run.finish(RunStatus.COMPLETE)
    again = RunDir.open(tmp_path / "r")
    assert again.status is RunStatus.COMPLETE
    assert again.info["ended_at"] and again.info["notes"] == ["proxy: 1 host refused our CA"]
    assert again.info["versions"]["frida"].startswith("17.")
    assert json.loads((tmp_path / "r" / "run.json").read_text())["app"] == {"package": "p"}


def test_create_refuses_a_folder_holding_a_run(tmp_path: Path) -> None:
    RunDir.create(tmp_path / "r")
    with pytest.raises(TraceError, match="already holds a run"):
        RunDir.create(tmp_path / "r")


@pytest.mark.parametrize(("content", "message"), [
    (None, "not a run directory"),
    ("{not json", "run.json:1:2: not valid JSON"),
    ('{"v": 1}', "no clock"),
    ('{"v": 1, "clock": {"origin_wall": 1.0}}', r"clock: malformed \(KeyError"),
    ('{"v": 1, "clock": {"origin_monotonic": 1e300, "origin_wall": 1.0}}', r"clock: malformed \(ValueError"),
])
def test_open_bad_run_dirs_gives_one_line_errors(tmp_path: Path, content: str | None, message: str) -> None:
    (tmp_path / "r").mkdir()
    if content is not None:
        (tmp_path / "r" / "run.json").write_text(content)
    with pytest.raises(TraceError, match=message) as info:
        RunDir.open(tmp_path / "r")
    assert "\n" not in str(info.value)
