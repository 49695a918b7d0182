"""flows.mitm written off mitmproxy's event loop, in a child process on the other core.

mitmproxy's own `save_stream_file` serialises every flow on the event loop (`get_state` plus
tnetstring, about half a millisecond a flow), which cost the proxy a tenth of its throughput.
Here the loop only pickles the finished flow (C pickle, a tenth of that) and hands the bytes to a
feeder thread; the child process (`python -m harness.proxy.flowfile PATH`) unpickles and writes
mitmproxy's own format with mitmproxy's own `FlowWriter`, so mitmweb reads the file as before.

Crash safety: the child writes each flow as it arrives and exits at end of input, so what reached
it is on disk even if mitmdump is killed (the pipe then closes). The queue between the loop and
the feeder is bounded: when the child lags, the loop waits instead of growing memory.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

_PACKAGE_PARENT = Path(__file__).resolve().parents[2]
"""Where `harness` is importable from: the child must find the same package as mitmdump's addon."""
_FRAME = struct.Struct(">I")
QUEUE_FLOWS = 2048
"""Flows waiting for the feeder thread at most; past it `add` blocks (back-pressure, never loss)."""
MAX_FRAME = 256 * 1024 * 1024
"""A frame larger than this is refused by the child (a corrupt length, not a flow)."""


class FlowFileWriter:
    """Appends flows to a mitmproxy flow file from a child process. `add` is safe on the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_PACKAGE_PARENT), env.get("PYTHONPATH"))))
        self._proc = subprocess.Popen([sys.executable, "-m", "harness.proxy.flowfile", self.path],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
        self._queue: queue.Queue[bytes | None] = queue.Queue(QUEUE_FLOWS)
        self._feeder = threading.Thread(target=self._feed, name="flows.mitm feeder", daemon=True)
        self._feeder.start()
        self.dropped = 0
        """Flows that could not be pickled (none expected: mitmproxy flows are plain objects)."""

    def add(self, flow: Any) -> None:
        try:
            data = pickle.dumps(flow, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            self.dropped += 1
            return
        self._queue.put(data)

    def _feed(self) -> None:
        pipe = self._proc.stdin
        assert pipe is not None
        try:
            while (data := self._queue.get()) is not None:
                pipe.write(_FRAME.pack(len(data)))
                pipe.write(data)
                if self._queue.empty():
                    pipe.flush()
        except (BrokenPipeError, OSError):
            pass  # the child died: nothing more can be written, and the loop must not block on it
        finally:
            try:
                pipe.close()
            except OSError:
                pass

    def close(self, timeout: float = 30.0) -> None:
        """Send what is queued, end the child's input and wait for it to finish writing."""
        self._queue.put(None)
        self._feeder.join(timeout)
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def _read_frames(src: BinaryIO) -> Any:
    while header := src.read(_FRAME.size):
        if len(header) < _FRAME.size:
            return
        (size,) = _FRAME.unpack(header)
        if size > MAX_FRAME:
            return
        data = src.read(size)
        if len(data) < size:
            return  # the parent died mid-frame: keep what was complete
        yield pickle.loads(data)  # noqa: S301 - our own parent process is the only writer of this pipe


def write_from(src: BinaryIO, path: str) -> int:
    """The child's loop: append each flow from `src` to `path` (mitmproxy format); returns the count."""
    from mitmproxy import io

    count = 0
    with open(path, "ab") as fo:
        writer = io.FlowWriter(fo)
        for flow in _read_frames(src):
            writer.add(flow)
            count += 1
            fo.flush()
    return count


class FlowFileAddon:
    """mitmproxy addon: finished flows (HTTP, websocket, TCP, UDP, DNS) go to `harness_mitm`."""

    def __init__(self) -> None:
        self.writer: FlowFileWriter | None = None

    def load(self, loader: Any) -> None:
        loader.add_option("harness_mitm", str, "", "Append finished flows to this mitmproxy flow file, off the loop.")

    def configure(self, updated: set[str]) -> None:
        from mitmproxy import ctx

        if "harness_mitm" not in updated:
            return
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if ctx.options.harness_mitm:
            self.writer = FlowFileWriter(ctx.options.harness_mitm)

    def _save(self, flow: Any) -> None:
        if self.writer is not None:
            self.writer.add(flow)

    def response(self, flow: Any) -> None:
        if flow.websocket is None:  # websocket flows are saved whole at websocket_end
            self._save(flow)

    def error(self, flow: Any) -> None:
        self.response(flow)

    def websocket_end(self, flow: Any) -> None:
        self._save(flow)

    tcp_end = tcp_error = udp_end = udp_error = dns_response = dns_error = _save

    def done(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m harness.proxy.flowfile FLOWS_MITM", file=sys.stderr)
        return 2
    # Ctrl-C reaches the whole process group: keep writing until the parent closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    write_from(sys.stdin.buffer, argv[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
