"""The three mitmproxy addons in-process, with mitmproxy's own test helpers (taddons, tflow)."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mitmproxy import http, io
from mitmproxy.test import taddons, tflow

from harness.proxy import offloop
from harness.proxy.flowfile import FlowFileAddon
from harness.proxy.offloop import FLOW, MITM, OffLoopWriter
from harness.proxy.recorder import RecorderAddon
from harness.proxy.sink import SINK_HEADER, SINK_MARK, SinkAddon


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sink_answers_locally_and_refuses_upstream() -> None:
    sink = SinkAddon()
    with taddons.context(sink) as tctx:
        tctx.configure(sink, harness_sink=True)
        f = tflow.tflow()
        sink.request(f)
        assert f.response is not None and f.response.status_code == 200
        assert f.response.headers[SINK_HEADER] == "1" and f.metadata[SINK_MARK] is True
        ws = tflow.tflow()
        ws.request.headers["upgrade"] = "websocket"
        sink.request(ws)
        assert ws.response.status_code == 501


def test_sink_off_has_no_hooks_so_costs_nothing() -> None:
    sink = SinkAddon()
    with taddons.context(sink) as tctx:
        tctx.configure(sink, harness_sink=False)
        assert sink.request is None and sink.server_connect is None and sink.tcp_start is None
        tctx.configure(sink, harness_sink=True)
        assert callable(sink.request)


def test_recorder_writes_one_record_per_flow_with_the_sink_mark(tmp_path: Path) -> None:
    rec = RecorderAddon()
    out = tmp_path / "flows.jsonl"
    with taddons.context(rec) as tctx:
        tctx.configure(rec, harness_flows=str(out), harness_clock_origin="0")
        f = tflow.tflow(resp=True)
        f.request.content = b'{"imei": "867530901234565"}'
        f.metadata[SINK_MARK] = True
        rec.requestheaders(f)
        rec.response(f)
        rec.error(f)  # response and error may both fire: still one record
        plain = tflow.tflow(resp=True)
        rec.response(plain)
        rec.done()
    records = _records(out)
    assert [r["kind"] for r in records] == ["flow", "flow"]
    assert records[0]["sink"] is True and records[1]["sink"] is False
    assert "867530901234565" in json.dumps(records[0]["request"])


def test_recorder_keeps_websocket_flows_until_they_end(tmp_path: Path) -> None:
    rec = RecorderAddon()
    out = tmp_path / "flows.jsonl"
    with taddons.context(rec) as tctx:
        tctx.configure(rec, harness_flows=str(out), harness_clock_origin="0")
        f = tflow.twebsocketflow()
        rec.response(f)
        assert f.id in rec.pending and rec.writer._proc is None  # nothing handed to the writer yet
        assert out.read_text() == ""
        rec.websocket_end(f)
        rec.done()
    [r] = _records(out)
    assert r["scheme"] == "ws" and r["websocket"]


def test_flow_file_addon_writes_mitmproxy_format_off_the_loop(tmp_path: Path) -> None:
    addon = FlowFileAddon()
    out = tmp_path / "flows.mitm"
    sent = [tflow.tflow(resp=True) for _ in range(25)]
    with taddons.context(addon) as tctx:
        tctx.configure(addon, harness_mitm=str(out))
        for f in sent:
            addon.response(f)
        ws = tflow.twebsocketflow()
        addon.response(ws)  # not yet: websockets are saved whole at their end
        addon.websocket_end(ws)
        addon.tcp_end(tflow.ttcpflow())
        addon.done()
    with open(out, "rb") as fh:
        got = list(io.FlowReader(fh).stream())
    assert [f.id for f in got] == [f.id for f in sent] + [ws.id, got[-1].id]
    assert isinstance(got[0], http.HTTPFlow) and got[0].get_state() == sent[0].get_state()


def test_flow_file_appends_across_proxy_restarts(tmp_path: Path) -> None:
    out = tmp_path / "flows.mitm"
    w = OffLoopWriter()
    for _ in range(2):  # a closed writer starts a new child at the next flow, appending to the same file
        w.send((MITM, str(out), tflow.tflow(resp=True)))
        w.close()
    with open(out, "rb") as fh:
        assert len(list(io.FlowReader(fh).stream())) == 2


def _child() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "harness.proxy.offloop"], stdin=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(offloop._PACKAGE_PARENT)})


def _frame(msgs: list[tuple]) -> bytes:
    data = pickle.dumps(msgs)
    return offloop._FRAME.pack(len(data)) + data


def test_capture_child_keeps_complete_flows_when_the_parent_dies(tmp_path: Path) -> None:
    """The child writes each frame as it arrives: a parent killed mid-frame loses only that frame."""
    out, jsonl = tmp_path / "flows.mitm", tmp_path / "flows.jsonl"
    child = _child()
    for i in range(3):
        f = tflow.tflow(resp=True)
        child.stdin.write(_frame([(MITM, str(out), f), (FLOW, str(jsonl), f, float(i), 1024, False)]))
    child.stdin.write(_frame([(MITM, str(out), tflow.tflow(resp=True))])[:-40])  # torn frame
    child.stdin.flush()
    deadline = time.monotonic() + 20
    while (not out.exists() or out.stat().st_size == 0) and time.monotonic() < deadline:
        time.sleep(0.02)  # the child is up and writing: its Ctrl-C handler is in place
    child.send_signal(signal.SIGINT)  # ignored: Ctrl-C must not cut the writer short
    child.stdin.close()
    assert child.wait(20) == 0
    with open(out, "rb") as fh:
        assert len(list(io.FlowReader(fh).stream())) == 3
    assert [r["t"] for r in _records(jsonl)] == [0.0, 1.0, 2.0]


def test_capture_child_usage_error_exits_2() -> None:
    proc = subprocess.run([sys.executable, "-m", "harness.proxy.offloop", "flows.mitm"], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(offloop._PACKAGE_PARENT)}, timeout=30)
    assert proc.returncode == 2 and "usage" in proc.stderr


def test_capture_writer_on_a_running_loop_sends_each_flow_once_and_keeps_order(tmp_path: Path) -> None:
    """Under mitmproxy the writer batches one loop iteration per pickle and waits on a full pipe
    without blocking the loop: 3 MB of flows (three pipe-fulls) arrive whole and in order."""
    out, jsonl = tmp_path / "flows.mitm", tmp_path / "flows.jsonl"
    sent = []
    for i in range(60):
        f = tflow.tflow(resp=True)
        f.request.content = bytes([65 + i % 26]) * 50_000
        sent.append(f)

    async def run() -> None:
        w = OffLoopWriter()
        for i, f in enumerate(sent):
            w.send((FLOW, str(jsonl), f, float(i), 16, False))
            w.send((MITM, str(out), f))
            if i % 7 == 0:
                await asyncio.sleep(0)  # let the loop end an iteration: that batch is pickled and sent
        await asyncio.sleep(0)
        w.close()

    asyncio.run(run())
    with open(out, "rb") as fh:
        got = list(io.FlowReader(fh).stream())
    assert [f.id for f in got] == [f.id for f in sent]
    assert got[-1].get_state() == sent[-1].get_state()
    records = _records(jsonl)
    assert [r["id"] for r in records] == [f.id for f in sent] and records[1]["request"]["body"] == "B" * 16


def test_a_flow_that_does_not_pickle_still_gets_its_record(tmp_path: Path) -> None:
    """Another addon may leave an unpicklable object in flow.metadata: the record is built on the loop
    then, and only the flows.mitm entry is dropped (and counted)."""
    out, jsonl = tmp_path / "flows.mitm", tmp_path / "flows.jsonl"
    f = tflow.tflow(resp=True)
    f.metadata["lock"] = __import__("threading").Lock()
    w = OffLoopWriter()
    w.send((FLOW, str(jsonl), f, 1.0, 1024, False))
    w.send((MITM, str(out), f))
    w.close()
    assert [r["id"] for r in _records(jsonl)] == [f.id] and w.dropped == 1


def test_a_writer_child_that_dies_is_replaced_and_the_capture_goes_on(tmp_path: Path, capsys) -> None:
    """Records after the death of the writer process still reach the file (appended by a new child),
    and the loss is said, not silent."""
    jsonl = tmp_path / "flows.jsonl"
    first, second = tflow.tflow(resp=True), tflow.tflow(resp=True)
    w = OffLoopWriter()
    w.send((FLOW, str(jsonl), first, 1.0, 1024, False))
    deadline = time.monotonic() + 10
    while not jsonl.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    w._proc.kill()
    w._proc.wait()
    w.send((FLOW, str(jsonl), tflow.tflow(resp=True), 2.0, 1024, False))   # meets the dead child: lost, said
    w.send((FLOW, str(jsonl), second, 3.0, 1024, False))                   # a new child takes it
    w.close()
    ids = [r["id"] for r in _records(jsonl)]
    assert ids[0] == first.id and ids[-1] == second.id and w.restarts == 1
    assert "writer process ended" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["sink", "recorder", "flowfile"])
def test_each_addon_module_has_one_job(module: str) -> None:
    """The mitmdump script lists the three addons; none of them reaches into another's hooks."""
    import harness.proxy.addon as script

    kinds = {type(a).__name__ for a in script.addons}
    assert kinds == {"SinkAddon", "RecorderAddon", "FlowFileAddon"}
