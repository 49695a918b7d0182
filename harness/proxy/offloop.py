"""The capture files (flows.jsonl, flows.mitm) written by a child process, off mitmproxy's event loop.

mitmdump serves every connection on one event loop, so whatever an addon does per flow is taken
from the proxy's throughput. Building a flow's JSON record (headers, decoded bodies) and
serialising it for flows.mitm (`get_state` plus tnetstring) cost it a fifth. Here the loop only
collects what the addons hand over during one iteration and pickles the lot once at its end (C
pickle; a flow that both the recorder and the flow-file addon hand over is pickled once, pickle's
memo sees it is the same object), then writes the bytes to a non-blocking pipe. The child
(`python -m harness.proxy.offloop`) builds the records with the same `flow_record` and writes
flows.mitm with mitmproxy's own `FlowWriter`, so readers see the same files as before.

Crash safety: each iteration's flows reach the pipe in the next iteration, and the child writes
and flushes whatever it reads at once, then exits at end of input; so what reached it is on disk
even if mitmdump is killed (the pipe then closes) or Ctrl-C reaches the whole process group (the
child ignores it). A torn last frame is left out. The bytes waiting in front of the pipe are
bounded: when the child lags that far, the loop waits for it instead of growing memory.
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
import time
from pathlib import Path
from typing import Any, BinaryIO

_PACKAGE_PARENT = Path(__file__).resolve().parents[2]
"""Where `harness` is importable from: the child must find the same package as mitmdump's addon."""
_FRAME = struct.Struct(">I")
MAX_BUFFER = 32 * 1024 * 1024
"""Bytes waiting for the pipe at most; past it the loop writes them out blocking (back-pressure, never loss)."""
PIPE_SIZE = 1024 * 1024
"""Pipe capacity asked of Linux (default 64 KiB): a burst of flows fits without waiting for the child."""
PACE = 0.01
"""Seconds the child rests after each read: flows arrive in bursts of several, the child wakes (and
takes a core from mitmdump) at most a hundred times a second, and a flow waits no longer than this."""
MAX_FRAME = 256 * 1024 * 1024
"""A frame larger than this is refused by the child (a corrupt length, not a flow)."""

# Messages, each a tuple whose first item names what the child does with it:
MITM = "mitm"
"""(MITM, path, flow): append the flow to the mitmproxy flow file at path."""
FLOW = "flow"
"""(FLOW, path, flow, t, cap, sink): append the flow's "flow" record (flowrec.flow_record) to the JSONL file."""
RECORD = "record"
"""(RECORD, path, record): append a ready record to the JSONL file."""


class OffLoopWriter:
    """The parent's end: `send` is cheap on the event loop; `close` waits until all is on disk.

    The child starts at the first message; a writer closed at a proxy restart starts a new one."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._fd = -1
        self._msgs: list[tuple] = []
        self._buf = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None
        """The loop a flush is scheduled on, or that watches the pipe for room."""
        self._scheduled = False
        self._watching = False
        self._broken = False
        self.dropped = 0
        """Messages that could not be pickled."""
        self.dropped_bytes = 0
        """Bytes of capture lost when a child died with them unread (each loss is said on stderr)."""
        self.restarts = 0
        """Children started again after one died: the capture goes on."""

    def send(self, msg: tuple) -> None:
        """Hand a message over; it is pickled at the end of this loop iteration (at once without a loop)."""
        self._msgs.append(msg)
        if self._scheduled:
            return
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside mitmproxy's loop (tests, tools): write now
            self._pack()
            self._drain()
            return
        self._loop.call_soon(self._flush)
        self._scheduled = True

    def _flush(self) -> None:
        self._scheduled = False
        self._pack()
        if not self._buf:
            return
        if len(self._buf) > MAX_BUFFER:
            self._drain()
        elif not self._watching:
            self._write_some()
            if self._buf and self._loop is not None:
                self._loop.add_writer(self._fd, self._on_writable)
                self._watching = True

    def _pack(self) -> None:
        """Pickle the waiting messages as one frame (one pickle: a flow sent twice is stored once)."""
        msgs, self._msgs = self._msgs, []
        if not msgs:
            return
        try:
            data = pickle.dumps(msgs, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            kept = [m for m in map(_picklable, msgs) if m is not None]
            self.dropped += len(msgs) - len(kept)
            data = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
        if self._proc is None or self._broken:
            self._start()
        self._buf += _FRAME.pack(len(data))
        self._buf += data

    def _start(self) -> None:
        """A new child; one that died is reaped first, and the files it left are appended to."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self.restarts += 1
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(_PACKAGE_PARENT), env.get("PYTHONPATH"))))
        self._proc = subprocess.Popen([sys.executable, "-m", "harness.proxy.offloop"], stdin=subprocess.PIPE,
                                      stdout=subprocess.DEVNULL, env=env, bufsize=0)
        assert self._proc.stdin is not None
        self._fd = self._proc.stdin.fileno()
        self._broken = False
        try:
            fcntl.fcntl(self._fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)
        except OSError:
            pass  # above /proc/sys/fs/pipe-max-size: the default size only means more waits
        os.set_blocking(self._fd, False)

    def _write_some(self) -> None:
        """Write what the pipe takes without waiting."""
        if self._broken:
            self._buf.clear()
            return
        try:
            del self._buf[: os.write(self._fd, self._buf)]
        except BlockingIOError:
            pass
        except OSError:  # the child died: what waits is lost, the next message starts a new child
            self._broken = True
            self.dropped_bytes += len(self._buf)
            print(f"harness capture writer: the writer process ended (exit {self._proc and self._proc.poll()}); "
                  f"{len(self._buf)} bytes of capture lost, a new one takes the next flows", file=sys.stderr)
            self._buf.clear()

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
        if self._proc is None:
            return
        os.set_blocking(self._fd, True)
        try:
            while self._buf:
                self._write_some()
        finally:
            os.set_blocking(self._fd, False)

    def close(self, timeout: float = 30.0) -> None:
        """Send what is waiting, end the child's input and wait for it to finish writing. Idempotent."""
        self._unwatch()
        self._pack()
        self._drain()
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _picklable(msg: tuple) -> tuple | None:
    """A message that pickles: a flow record built here when its flow does not pickle (an object some
    other addon put in flow.metadata), nothing for a flow file entry that cannot be sent."""
    try:
        pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)
        return msg
    except (pickle.PicklingError, TypeError, AttributeError):
        if msg[0] != FLOW:
            return None
        from harness.proxy.flowrec import flow_record

        _, path, flow, t, cap, sink = msg
        return (RECORD, path, flow_record(flow, t, cap=cap, sink=sink))


# ---- the child ----------------------------------------------------------------------------------

def _frames(buf: bytearray) -> tuple[list[Any], int]:
    """The message lists of the complete frames at the start of `buf`, and the bytes they took (-1: corrupt)."""
    batches, pos = [], 0
    while len(buf) - pos >= _FRAME.size:
        (size,) = _FRAME.unpack_from(buf, pos)
        if size > MAX_FRAME:
            return batches, -1
        if len(buf) - pos - _FRAME.size < size:
            break
        start = pos + _FRAME.size
        batches.append(pickle.loads(buf[start:start + size]))  # noqa: S301 - our own parent is the only writer
        pos = start + size
    return batches, pos


class _Files:
    """The child's open capture files, by path: appended to, flushed after each read."""

    def __init__(self) -> None:
        self.mitm: dict[str, tuple[BinaryIO, Any]] = {}
        self.jsonl: dict[str, Any] = {}

    def handle(self, msg: tuple) -> None:
        from harness.proxy.flowrec import flow_record
        from harness.trace.jsonl import JsonlWriter

        kind, path = msg[0], msg[1]
        if kind == MITM:
            if path not in self.mitm:
                from mitmproxy import io

                fo = open(path, "ab")  # noqa: SIM115 - closed in close()
                self.mitm[path] = (fo, io.FlowWriter(fo))
            self.mitm[path][1].add(msg[2])
            return
        if path not in self.jsonl:
            self.jsonl[path] = JsonlWriter(Path(path), batch=1 << 30)
        if kind == FLOW:
            _, _, flow, t, cap, sink = msg
            self.jsonl[path].write(flow_record(flow, t, cap=cap, sink=sink))
        elif kind == RECORD:
            self.jsonl[path].write(msg[2])

    def flush(self) -> None:
        for fo, _ in self.mitm.values():
            fo.flush()
        for w in self.jsonl.values():
            w.flush()

    def close(self) -> None:
        for fo, _ in self.mitm.values():
            fo.close()
        for w in self.jsonl.values():
            w.close()


def write_from(src: BinaryIO) -> int:
    """The child's loop: carry out each message from `src`; returns how many.

    Reads whatever the pipe holds, carries out the complete frames in it and flushes once per read:
    each flow is on disk as soon as it arrived, without a flush per flow when they come in bursts."""
    count = 0
    buf = bytearray()
    fd = src.fileno()
    files = _Files()
    try:
        while chunk := os.read(fd, PIPE_SIZE):
            buf += chunk
            batches, used = _frames(buf)
            for msgs in batches:
                for msg in msgs:
                    try:
                        files.handle(msg)
                    except Exception as e:  # noqa: BLE001 - one bad flow must not stop the capture
                        print(f"harness capture writer: {msg[0]} record for {msg[1]} not written: {e}",
                              file=sys.stderr)
                    count += 1
            files.flush()
            time.sleep(PACE)
            if used < 0:
                print("harness capture writer: corrupt frame length, input ignored from here", file=sys.stderr)
                break
            del buf[:used]
    finally:
        files.close()
    return count


def main(argv: list[str]) -> int:
    if argv:
        print("usage: python -m harness.proxy.offloop  (capture messages on stdin, from OffLoopWriter)",
              file=sys.stderr)
        return 2
    # Ctrl-C reaches the whole process group: keep writing until the parent closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(10)  # the proxy comes first when both want a core: this work may wait a little
    write_from(sys.stdin.buffer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
