"""Load the agent into a process and stream its events into events.jsonl.

`AgentSession` takes a frida Session, loads the compiled bundle, calls `init(spec)` with
the catalogue, measures the agent-clock -> run-clock offset with `now` round trips, and
writes every message as a trace record (messages.py). `flush()` waits for the agent's
acknowledgement (the last sequence number) so what the app did so far is on disk;
`close()` flushes and unloads without killing the process. A detach (process exit,
crash) is recorded with its reason; the agent's dispose handler has already flushed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

from harness.agent.build import ensure_built
from harness.agent.catalogue import Catalogue, default_catalogue
from harness.agent.messages import MessageConverter
from harness.detect.sdk_db import SdkDatabase
from harness.errors import AgentError, DeviceError
from harness.trace.clock import RunClock
from harness.trace.jsonl import JsonlWriter


def _one_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


class AgentSession:
    """The agent inside one process. Set `scenario` at any time: later records carry it."""

    def __init__(self, session: Any, events: JsonlWriter | Path, clock: RunClock, *,
                 catalogue: Catalogue | None = None, app_packages: tuple[str, ...] | list[str] = (),
                 api_level: int | None = None, native: bool = True, tls_ca_pem: str | None = None,
                 pid: int | None = None, seq_start: int = 0, bundle: Path | None = None,
                 batch_size: int = 500, flush_ms: int = 50, retry_ms: int = 1000, max_in_flight: int = 50_000,
                 db: SdkDatabase | None = None, nest_guard: bool = True, proxy: tuple[str, int] | None = None,
                 owns_session: bool = False) -> None:
        self.session = session
        self.clock = clock
        self.catalogue = catalogue if catalogue is not None else default_catalogue()
        self.app_packages = tuple(app_packages)
        self.pid = pid
        self._scenario: str | None = None
        self._owns_writer = not isinstance(events, JsonlWriter)
        self.writer = JsonlWriter(Path(events)) if self._owns_writer else events  # type: ignore[arg-type]
        self._spec = self.catalogue.to_spec(api_level=api_level, app_packages=self.app_packages, native=native,
                                            tls_ca_pem=tls_ca_pem, batch_size=batch_size, flush_ms=flush_ms)
        self._spec["retry_ms"] = retry_ms
        self._spec["max_in_flight"] = max_in_flight
        self._spec["nest_guard"] = nest_guard   # off only for bench/bench_agent.py's baseline
        # the socket census: every connection the app opens that does not go to `proxy` is recorded
        self._spec["sockets"] = {"proxy": [[proxy[0], int(proxy[1])]]} if proxy is not None else None
        self._bundle = bundle
        self._owns_session = owns_session
        self.converter = MessageConverter(self.catalogue, app_packages=self.app_packages, pid=pid, db=db,
                                          seq_start=seq_start, scenario=lambda: self._scenario, now=clock.now)
        self._script: Any = None
        self._lock = threading.Lock()
        self._seen = threading.Condition(self._lock)
        self.detached_reason: str | None = None
        self.events_written = 0
        self.late_records = 0
        """Records that arrived after the events writer was closed (lost; should stay 0)."""
        self._written_seq = 0  # agent seq of the last event on disk
        self.skipped: dict[str, str] = {}
        self.installed: set[str] = set()
        self.info: dict[str, Any] = {}
        self._closed = False
        self._last_message = time.monotonic()

    @property
    def scenario(self) -> str | None:
        return self._scenario

    @scenario.setter
    def scenario(self, name: str | None) -> None:
        """Label later records with `name`; what the agent buffered so far keeps the old label."""
        if name != self._scenario and self._script is not None and not self._closed:
            self.flush()
        self._scenario = name

    # ---- lifecycle ------------------------------------------------------------------
    def start(self) -> Self:
        """Build (if stale), load, init, measure the clock offset; AgentError on any failure."""
        import frida

        bundle = self._bundle or ensure_built()
        try:
            source = Path(bundle).read_text(encoding="utf-8")
        except OSError as e:
            raise AgentError(f"{bundle}: cannot read the agent bundle: {e.strerror}") from e
        try:
            self.session.on("detached", self._on_detached)
            self._script = self.session.create_script(source, name="harness-agent")
            self._script.on("message", self._on_message)
            self._script.load()
            # Offset first: the diagnostics init sends are converted with it.
            self.converter.offset = self._measure_offset()
            self.info = self._script.exports_sync.init(self._spec)
        except frida.InvalidOperationError as e:
            raise AgentError(f"agent: process {self.pid or '?'} went away while loading: {_one_line(e)}") from e
        except frida.InvalidArgumentError as e:
            raise AgentError(f"{bundle}: the agent bundle does not load: {_one_line(e)}") from e
        except frida.core.RPCException as e:
            raise AgentError(f"agent init failed in process {self.pid or '?'}: {_one_line(e)}") from e
        except (frida.TransportError, frida.ProcessNotRespondingError) as e:
            raise AgentError(f"agent: lost the connection to process {self.pid or '?'}: {_one_line(e)}") from e
        return self

    def _measure_offset(self, rounds: int = 5) -> float:
        """run time = agent_ms / 1000 + offset; the sample with the shortest round trip wins."""
        best: tuple[float, float] | None = None
        for _ in range(rounds):
            t0 = self.clock.now()
            agent_ms = float(self._script.exports_sync.now())
            t1 = self.clock.now()
            sample = (t1 - t0, (t0 + t1) / 2 - agent_ms / 1000.0)
            if best is None or sample[0] < best[0]:
                best = sample
        assert best is not None
        return best[1]

    def flush(self, timeout: float = 10.0) -> int:
        """Ask the agent to send what it buffered and wait until it is written; the last seq."""
        if self._script is None or self.detached_reason is not None:
            return self.converter.last_seq
        try:
            agent_seq = int(self._script.exports_sync.flush())
        except Exception as e:  # noqa: BLE001 - the process may be exiting right now
            if self.detached_reason is None:
                self._write([self.converter.diag("error", None, f"flush failed: {_one_line(e)}")])
            return self.converter.last_seq
        deadline = time.monotonic() + timeout
        with self._seen:
            while self._written_seq < agent_seq and self.detached_reason is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._seen.wait(left)
        self.writer.flush()
        return self.converter.last_seq

    def close(self) -> None:
        """Flush with acknowledgement, unload the agent, leave the process running. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._script is not None and self.detached_reason is None:
                self.flush()
                try:
                    self._script.unload()  # runs the agent's dispose (a last flush)
                except Exception:  # noqa: BLE001, S110 - already gone: nothing left to unload
                    pass
            if self._owns_session and self.detached_reason is None:
                try:
                    self.session.detach()
                except Exception:  # noqa: BLE001, S110
                    pass
            if self.detached_reason not in (None, "application-requested"):
                self._settle()
        finally:
            if self._owns_writer:
                self.writer.close()
            else:
                self.writer.flush()

    def _settle(self, quiet: float = 0.3, limit: float = 3.0) -> None:
        """After a detach, the agent's last batches (its exit flush) may still be dispatched:
        wait until no message came for `quiet` seconds before the writer is closed."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and time.monotonic() - self._last_message < quiet:
            time.sleep(0.05)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def last_seq(self) -> int:
        """Run-wide sequence number of the last event written (pass as seq_start to the next session)."""
        return self.converter.last_seq

    # ---- frida callbacks (frida's thread) --------------------------------------------
    def _write(self, records: list[dict[str, Any]]) -> None:
        if records:
            try:
                self.writer.write_batch(records)
            except ValueError:  # the caller closed the writer: nothing can be recorded any more
                self.late_records += len(records)

    def _on_message(self, message: dict[str, Any], data: bytes | None) -> None:
        self._last_message = time.monotonic()
        try:
            records = self.converter.convert(message)
        except Exception as e:  # noqa: BLE001 - a bad message must never kill the session
            records = [self.converter.diag("error", None, f"cannot convert message: {_one_line(e)}")]
        n = 0
        for r in records:
            if r["kind"] == "hook":
                n += 1
            elif r["kind"] == "agent":
                if r["status"] == "hook_skipped" and r.get("hook_id"):
                    self.skipped[r["hook_id"]] = r.get("reason") or ""
                elif r["status"] == "hook_installed" and r.get("hook_id"):
                    self.installed.add(r["hook_id"])
                    self.skipped.pop(r["hook_id"], None)
        self._write(records)
        if message.get("type") == "send" and isinstance(message.get("payload"), dict) \
                and message["payload"].get("type") == "events":
            self._ack()
        with self._seen:
            self.events_written += n
            self._written_seq = self.converter.last_agent_seq
            self._seen.notify_all()

    def _ack(self) -> None:
        """Tell the agent what is on disk (it waits for this on exit and when far ahead)."""
        try:
            self._script.post({"type": "ack", "seq": self.converter.last_agent_seq})
        except Exception:  # noqa: BLE001, S110 - the script is gone: nothing to acknowledge
            pass

    def _on_detached(self, reason: str, crash: Any = None) -> None:
        detail = None
        if crash is not None:
            detail = {"summary": getattr(crash, "summary", None), "report": str(getattr(crash, "report", ""))[:4000]}
        status = "process_exit" if reason == "process-terminated" else "detached"
        self._write([self.converter.diag(status, None, str(reason), detail)])
        self.writer.flush()
        with self._seen:
            self.detached_reason = str(reason)
            self._seen.notify_all()


def attach_local(pid: int, events: JsonlWriter | Path, clock: RunClock, **kw: Any) -> AgentSession:
    """Attach to a process on this machine (the JVM stand-in, or a native test process) and start."""
    import frida

    try:
        session = frida.get_local_device().attach(pid)
    except (frida.ProcessNotFoundError, frida.ProcessNotRespondingError, frida.PermissionDeniedError) as e:
        raise DeviceError(f"cannot attach to process {pid}: {_one_line(e)}") from e
    agent = AgentSession(session, events, clock, pid=pid, owns_session=True, **kw)
    try:
        return agent.start()
    except BaseException:
        agent.close()
        raise


def spawn_attached(device: Any, argv: list[str], label: str, attach: Callable[[Any, int], Any]) -> int:
    """Spawn suspended, attach, run `attach(session, pid)` (it loads the agent), then resume: no call is missed.

    The one spawn path of the harness (audits on Android and the tests alike). Whatever fails after the
    spawn, the suspended process is killed, so no half-started app is left on the device, and Frida's
    errors become one-line DeviceErrors.
    """
    import frida

    try:
        pid = device.spawn(argv)
    except (frida.NotSupportedError, frida.ExecutableNotFoundError, frida.ServerNotRunningError,
            frida.TransportError) as e:
        raise DeviceError(f"cannot spawn {label}: {_one_line(e)}") from e
    try:
        session = device.attach(pid)
        attach(session, pid)
        device.resume(pid)
    except (frida.InvalidOperationError, frida.TransportError, frida.ProcessNotFoundError,
            frida.ServerNotRunningError) as e:
        _kill(device, pid)
        raise DeviceError(f"{label} (pid {pid}) died during agent start: {_one_line(e)}") from e
    except BaseException:
        _kill(device, pid)
        raise
    return pid


def spawn_android(device: Any, package: str, events: JsonlWriter | Path, clock: RunClock, *,
                  argv: list[str] | None = None, **kw: Any) -> tuple[int, AgentSession]:
    """Spawn `package` with the agent loaded before it runs (spawn_attached with an AgentSession).

    `device` is a frida Device (USB / remote; the local device works too, with `argv` naming a
    program). The app's own package is the first-party prefix unless `app_packages` is given.
    On Android the Java hooks install when init runs after the runtime is up; a process
    without a Java VM yet gets its native hooks only.
    """
    kw.setdefault("app_packages", (package,))
    started: list[AgentSession] = []

    def attach(session: Any, pid: int) -> None:
        started.append(AgentSession(session, events, clock, pid=pid, owns_session=True, **kw).start())

    pid = spawn_attached(device, argv or [package], package, attach)
    return pid, started[0]


def _kill(device: Any, pid: int) -> None:
    try:
        device.kill(pid)
    except Exception:  # noqa: BLE001, S110 - best effort cleanup
        pass
