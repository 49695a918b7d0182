"""flows.mitm written off mitmproxy's event loop, in a child process on the other core.

mitmproxy's own `save_stream_file` serialises every flow on the event loop (`get_state` plus
tnetstring, about half a millisecond a flow), which cost the proxy a tenth of its throughput.
Here the loop only pickles the finished flow (C pickle, a sixth of that) into a buffer that is
written to a non-blocking pipe once per loop iteration; the child process
(`python -m harness.proxy.flowfile PATH`) unpickles and writes mitmproxy's own format with
mitmproxy's own `FlowWriter`, so mitmweb reads the file as before. No thread: handing each flow
to a feeder thread cost the loop more (lock hand-offs, GIL switches) than the pickling itself.

Crash safety: the loop hands each flow to the pipe in the iteration after it finished, and the
child writes what it reads at once and exits at end of input, so what reached it is on disk even
if mitmdump is killed (the pipe then closes). The buffer in front of the pipe is bounded: when the
child lags that far, the loop waits for it instead of growing memory.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pickle
import signal
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any, BinaryIO

_PACKAGE_PARENT = Path(__file__).resolve().parents[2]
"""Where `harness` is importable from: the child must find the same package as mitmdump's addon."""
_FRAME = struct.Struct(">I")
MAX_BUFFER = 32 * 1024 * 1024
"""Bytes waiting for the pipe at most; past it `add` writes them out blocking (back-pressure, never loss)."""
PIPE_SIZE = 1024 * 1024
"""Pipe capacity asked of Linux (default 64 KiB): a burst of flows fits without waiting for the child."""
MAX_FRAME = 256 * 1024 * 1024
"""A frame larger than this is refused by the child (a corrupt length, not a flow)."""


class FlowFileWriter:
    """Appends flows to a mitmproxy flow file from a child process. `add` is cheap on the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_PACKAGE_PARENT), env.get("PYTHONPATH"))))
        self._proc = subprocess.Popen([sys.executable, "-m", "harness.proxy.flowfile", self.path],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, bufsize=0)
        assert self._proc.stdin is not None
        self._fd = self._proc.stdin.fileno()
        try:
            fcntl.fcntl(self._fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass  # above /proc/sys/fs/pipe-max-size: the default size only means more waits
        os.set_blocking(self._fd, False)
        self._buf = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None
        """The loop a send is scheduled on, or that watches the pipe for room."""
        self._scheduled = False
        self._watching = False
        self._broken = False
        self.dropped = 0
        """Flows that could not be pickled or sent (none expected: flows are plain objects; a dead child)."""

    def add(self, flow: Any) -> None:
        """Queue a finished flow; it goes to the pipe in the loop's next iteration (at once without a loop)."""
        if self._broken:
            self.dropped += 1
            return
        try:
            data = pickle.dumps(flow, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            self.dropped += 1
            return
        self._buf += _FRAME.pack(len(data))
        self._buf += data
        if len(self._buf) > MAX_BUFFER:
            self._drain()
        elif not (self._scheduled or self._watching):
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:  # called outside mitmproxy's loop: write now
                self._drain()
                return
            self._loop.call_soon(self._send)
            self._scheduled = True

    def _write_some(self) -> None:
        """Write what the pipe takes without waiting."""
        try:
            del self._buf[: os.write(self._fd, self._buf)]
        except BlockingIOError:
            pass
        except OSError:  # the child died: nothing more can be written, and the loop must not wait on it
            self._broken = True
            self._buf.clear()

    def _send(self) -> None:
        self._scheduled = False
        if self._buf:
            self._write_some()
        if self._buf and self._loop is not None and not self._watching:
            self._loop.add_writer(self._fd, self._on_writable)
            self._watching = True

    def _on_writable(self) -> None:
        self._write_some()
        if not self._buf:
            self._unwatch()

    def _unwatch(self) -> None:
        if self._watching and self._loop is not None:
            self._loop.remove_writer(self._fd)
        self._watching = False

    def _drain(self) -> None:
        """Write the whole buffer, waiting for the child when the pipe is full."""
        os.set_blocking(self._fd, True)
        try:
            while self._buf and not self._broken:
                self._write_some()
        finally:
            os.set_blocking(self._fd, False)

    def close(self, timeout: float = 30.0) -> None:
        """Send what is buffered, end the child's input and wait for it to finish writing."""
        self._unwatch()
        self._drain()
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def _frames(buf: bytearray) -> tuple[list[Any], int]:
    """The flows of the complete frames at the start of `buf`, and the bytes they took (-1: corrupt)."""
    flows, pos = [], 0
    while len(buf) - pos >= _FRAME.size:
        (size,) = _FRAME.unpack_from(buf, pos)
        if size > MAX_FRAME:
            return flows, -1
        if len(buf) - pos - _FRAME.size < size:
            break
        start = pos + _FRAME.size
        flows.append(pickle.loads(buf[start:start + size]))  # noqa: S301 - our own parent is the only writer
        pos = start + size
    return flows, pos


def write_from(src: BinaryIO, path: str) -> int:
    """The child's loop: append each flow from `src` to `path` (mitmproxy format); returns the count.

    Reads whatever the pipe holds, writes the complete flows in it and flushes once per read: each
    flow is on disk as soon as it arrived, without a flush per flow when they come in bursts. A
    torn last frame (the parent died mid-write) is left out."""
    from mitmproxy import io

    count = 0
    buf = bytearray()
    fd = src.fileno()
    with open(path, "ab") as fo:
        writer = io.FlowWriter(fo)
        while chunk := os.read(fd, PIPE_SIZE):
            buf += chunk
            flows, used = _frames(buf)
            for flow in flows:
                writer.add(flow)
            count += len(flows)
            fo.flush()
            if used < 0:
                break
            del buf[:used]
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
