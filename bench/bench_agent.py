"""Per-call cost of a hooked Java call on the probe app (its `burst` command: N x
TelephonyManager.getDeviceId() in a tight loop, timed inside the JVM).

Four runs, one probe process each, all from this one invocation:
  unhooked          no agent
  batched           the harness agent (stack via JNI, events batched, acknowledged)
  per-call (jni)    the same stack capture, but one send() per call
  per-call (bridge) camille style: stack through frida-java-bridge wrappers, one send() per call
  batched, no guard  the same agent with the nested-call guard off (spec nest_guard=false): the
                    figure before one-event-per-app-call, measured side by side (guard off / on
                    alternately, best of GUARD_ROUNDS launches each)
Goals: batched costs at most 1/5 of per-call send (the camille-style baseline); the guard adds
at most 10% to the batched cost.
Loopback only: the probe gets no proxy, so nothing leaves the host.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

N = 20_000
WARMUP = 2_000
GOAL = 5.0
GUARD_GOAL = 1.10
GUARD_ROUNDS = 3


def _burst(p, n: int) -> float:  # noqa: ANN001 - ProbeProcess
    """ns per call measured by the probe itself."""
    reply = p.command(f"burst {n}", timeout=600)
    return int(reply.split()[0]) / n


def _unhooked(cp: Path) -> float:
    from harness.probe import ProbeProcess

    with ProbeProcess.launch(cp) as p:
        _burst(p, WARMUP)
        return _burst(p, N)


def _batched(cp: Path, out: Path, *, nest_guard: bool = True) -> tuple[float, int]:
    from harness.agent.catalogue import load_catalogue
    from harness.agent.loader import attach_local
    from harness.probe import PROBE_PACKAGE, ProbeProcess
    from harness.trace.clock import RunClock

    cat = load_catalogue().select(ids=["telephony.get_device_id"])
    with ProbeProcess.launch(cp) as p:
        session = attach_local(p.pid, out, RunClock(), catalogue=cat, app_packages=(PROBE_PACKAGE,),
                               nest_guard=nest_guard)
        try:
            _burst(p, WARMUP)
            cost = _burst(p, N)
            session.flush()
            return cost, session.events_written
        finally:
            session.close()


def _per_call(cp: Path, stack: str) -> tuple[float, int]:
    import frida

    from harness.agent.build import PERCALL_BUNDLE, PERCALL_ENTRY, ensure_built
    from harness.probe import ProbeProcess

    source = ensure_built(PERCALL_ENTRY, PERCALL_BUNDLE).read_text(encoding="utf-8")
    got = 0
    lock = threading.Lock()

    def on_message(message: dict, data: object) -> None:
        nonlocal got
        if message.get("type") == "send":
            with lock:
                got += 1

    with ProbeProcess.launch(cp) as p:
        session = frida.attach(p.pid)
        script = session.create_script(source, name="percall")
        script.on("message", on_message)
        script.load()
        script.exports_sync.init("android.telephony.TelephonyManager", "getDeviceId", stack)
        try:
            _burst(p, WARMUP)
            cost = _burst(p, N)
            deadline = time.monotonic() + 60
            while got < N + WARMUP and time.monotonic() < deadline:
                time.sleep(0.05)
            return cost, got
        finally:
            script.unload()
            session.detach()


def main() -> bool:
    from harness.agent.build import ensure_built
    from harness.probe import build_probe

    cp = build_probe()
    ensure_built()
    with tempfile.TemporaryDirectory() as tmp:
        unhooked = _unhooked(cp)
        # guard on / off alternately, best of GUARD_ROUNDS each: the 10% goal is smaller than the
        # run-to-run noise of one launch on a shared machine
        pairs = [(_batched(cp, Path(tmp) / f"unguarded{i}.jsonl", nest_guard=False),
                  _batched(cp, Path(tmp) / f"events{i}.jsonl")) for i in range(GUARD_ROUNDS)]
        unguarded, written_unguarded = min(p[0] for p in pairs)
        batched, written = min(p[1] for p in pairs)
    per_jni, got_jni = _per_call(cp, "jni")
    per_bridge, got_bridge = _per_call(cp, "bridge")
    print(f"  hooked call TelephonyManager.getDeviceId(), {N} calls after {WARMUP} warm-up, one run each "
          f"(batched: best of {GUARD_ROUNDS})")
    print(f"  {'variant':<22}{'ns/call':>12}{'x unhooked':>12}{'events':>10}")
    for name, cost, events in (("unhooked", unhooked, 0), ("batched, no guard", unguarded, written_unguarded),
                               ("batched (harness)", batched, written),
                               ("per-call send (jni)", per_jni, got_jni),
                               ("per-call send (bridge)", per_bridge, got_bridge)):
        print(f"  {name:<22}{cost:>12.0f}{cost / unhooked:>12.1f}{events:>10}")
    ratio = per_bridge / batched
    print(f"  per-call (camille style) / batched = {ratio:.1f}x   (goal >= {GOAL:.0f}x: "
          f"{'met' if ratio >= GOAL else 'NOT met'})")
    print(f"  per-call (same JNI stack) / batched = {per_jni / batched:.1f}x   (the cost of one send() per call)")
    guard = batched / unguarded
    print(f"  batched with guard / without = {guard:.2f}x   (goal <= {GUARD_GOAL:.2f}x: "
          f"{'met' if guard <= GUARD_GOAL else 'NOT met'})")
    complete = written == N + WARMUP
    if not complete:
        print(f"  batched agent wrote {written} events, expected {N + WARMUP}")
    return ratio >= GOAL and guard <= GUARD_GOAL and complete


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
