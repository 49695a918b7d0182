"""A flows.mitm cut anywhere keeps every complete flow before the cut and says what was lost."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from harness.errors import InputError
from harness.proxy.har import LOST, load_capture


def _flows(n: int) -> tuple[bytes, list[int]]:
    """A real mitmproxy flow file of n flows, and the byte offset where each flow ends."""
    from mitmproxy import io as mio
    from mitmproxy.test import tflow

    buf, ends = io.BytesIO(), []
    writer = mio.FlowWriter(buf)
    for i in range(n):
        f = tflow.tflow(resp=True)
        f.request.path = f"/c?n={i}"
        writer.add(f)
        ends.append(buf.tell())
    return buf.getvalue(), ends


def test_every_cut_point_keeps_the_complete_flows(tmp_path: Path) -> None:
    data, ends = _flows(3)
    path = tmp_path / "flows.mitm"
    for cut in range(ends[0] + 1, len(data), max(1, (len(data) - ends[0]) // 40)):
        path.write_bytes(data[:cut])
        records, _ = load_capture(path)
        whole = sum(1 for e in ends if e <= cut)
        flows = [r for r in records if r["kind"] == "flow"]
        assert [r["query"] for r in flows] == [f"n={i}" for i in range(whole)], cut
        notes = [r for r in records if r["kind"] == LOST]
        if cut not in ends:
            assert len(notes) == 1 and f"read {whole} complete flow(s)" in notes[0]["detail"], cut


def test_cut_inside_the_first_flow_is_a_one_line_error(tmp_path: Path) -> None:
    data, ends = _flows(1)
    path = tmp_path / "flows.mitm"
    path.write_bytes(data[: ends[0] // 2])
    with pytest.raises(InputError, match="not a mitmproxy flow file"):
        load_capture(path)
