"""The socket census in a real process: connections that bypass the proxy are recorded once each
(TCP per connect, UDP per socket and destination, QUIC guessed for UDP 443); the proxy itself and
unix sockets are not."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from agent_helpers import python_child, read_records

from harness.agent.catalogue import load_catalogue
from harness.agent.loader import attach_local
from harness.trace.clock import RunClock

CLIENT = r"""
import socket, sys
proxy, other = int(sys.argv[1]), int(sys.argv[2])
for port in (proxy, other):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"x")
    s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3):
    u.sendto(b"quic?", ("127.0.0.1", 443))
# sendmmsg (glibc, through ctypes): two datagrams in one call, to two destinations
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
class Iov(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]
class Addr(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_uint16), ("addr", ctypes.c_ubyte * 4), ("zero", ctypes.c_ubyte * 8)]
class Msg(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint32), ("iov", ctypes.POINTER(Iov)),
                ("iovlen", ctypes.c_size_t), ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                ("flags", ctypes.c_int)]
class MMsg(ctypes.Structure):
    _fields_ = [("hdr", Msg), ("len", ctypes.c_uint)]
payload = ctypes.create_string_buffer(b"batched")
iov = Iov(ctypes.cast(payload, ctypes.c_void_p), 7)
addrs = [Addr(socket.AF_INET, socket.htons(p), (ctypes.c_ubyte * 4)(127, 0, 0, 1)) for p in (53, 9)]
vec = (MMsg * 2)(*[MMsg(Msg(ctypes.cast(ctypes.pointer(a), ctypes.c_void_p), ctypes.sizeof(Addr), ctypes.pointer(iov), 1,
                            None, 0, 0), 0) for a in addrs])
assert ctypes.sizeof(MMsg) == 64
m = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
assert libc.sendmmsg(m.fileno(), vec, 2, 0) == 2, ctypes.get_errno()
a, b = socket.socketpair()
a.sendall(b"unix")
print("done", flush=True)
"""


def test_census_records_what_bypasses_the_proxy(bundle: Path, tmp_path: Path) -> None:
    proxy = socket.create_server(("127.0.0.1", 0))
    other = socket.create_server(("127.0.0.1", 0))
    pport, oport = proxy.getsockname()[1], other.getsockname()[1]
    out = tmp_path / "events.jsonl"
    child = python_child(CLIENT.replace("sys.argv[1]", str(pport)).replace("sys.argv[2]", str(oport)))
    try:
        session = attach_local(child.pid, out, RunClock(), catalogue=load_catalogue().select(ids=[]), bundle=bundle,
                               proxy=("127.0.0.1", pport))
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.communicate(timeout=30)[0].strip() == "done"
        deadline = time.monotonic() + 5
        while session.detached_reason is None and time.monotonic() < deadline:
            time.sleep(0.05)
        session.close()
    finally:
        child.kill()
        child.wait()
        proxy.close()
        other.close()
    recs = read_records(out)
    sockets = [r for r in recs if r["kind"] == "socket"]
    assert [(r["call"], r["transport"], r["address"], r["port"], r["quic"], r["purpose"], r["result"])
            for r in sockets] == [("connect", "tcp", "127.0.0.1", oport, False, None, "in_progress"),  # timeout: non-blocking
                                  ("sendto", "udp", "127.0.0.1", 443, True, "quic", None),
                                  ("sendmmsg", "udp", "127.0.0.1", 53, False, "dns", None),
                                  ("sendmmsg", "udp", "127.0.0.1", 9, False, None, None)]
    assert all(r["native_stack"] and r["seq"] > 0 and r["actor"]["kind"] == "unknown" for r in sockets)
    status = {r["hook_id"]: r["status"] for r in recs if r["kind"] == "agent" and r["hook_id"]}
    assert status["coverage.socket_census"] == "hook_installed"
