"""Launch the probe app and talk to it over its control channel (one line out, one line back).

The device layer attaches Frida to `ProbeProcess.pid` after READY and before `start`: the JVM
is running (so Frida's Java bridge is available) but no app code has run yet, which is the JVM
equivalent of "spawn suspended, load hooks, resume".
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from harness.errors import DeviceError, EnvironmentProblem
from harness.lifetime import die_with_parent
from harness.probe.build import MAIN_CLASS, runtime_classpath

_READY = re.compile(r"^PROBE_READY port=(\d+) pid=(\d+)\s*$")


class ProbeCommandError(DeviceError):
    """The probe answered `err ...` to a command."""


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise EnvironmentProblem("java not found: install a JDK 17+ (apt-get install default-jdk-headless)")
    return java


STAND_IN_JVM_FLAGS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1",)
"""HotSpot flags every JVM stand-in runs with. C2 can compile a hot loop so that it calls a method
without going through the replacement Frida installed (100,000 hooked calls under load lost up to
half their events); with the C1 compiler only, every call reaches the hook and the speed is the same.
ART has no such compiler, so this is a property of the stand-in, not of the agent."""


def java_command(classpath: Path, *, proxy: tuple[str, int] | None = None, truststore: Path | None = None,
                 truststore_password: str = "changeit", lang: str = "zh", values_log: Path | None = None,
                 poll_interval_ms: int = 2000, control_port: int = 0, extra_args: Sequence[str] = (),
                 jvm_args: Sequence[str] = (), java: str | None = None) -> list[str]:
    """The `java ...` argv that starts the probe (proxy and truststore as JVM system properties)."""
    if lang not in ("zh", "en"):
        raise DeviceError(f"probe: --lang must be zh or en, not {lang!r}")
    # VM warnings (e.g. while Frida patches methods) go to stderr, so stdout stays READY + values log
    argv = [java or _java(), *STAND_IN_JVM_FLAGS, "-XX:+DisplayVMOutputToStderr", "-Dfile.encoding=UTF-8"]
    if proxy is not None:
        host, port = proxy
        argv += [f"-Dhttp.proxyHost={host}", f"-Dhttp.proxyPort={port}",
                 f"-Dhttps.proxyHost={host}", f"-Dhttps.proxyPort={port}",
                 # loopback targets would otherwise bypass the proxy
                 "-Dhttp.nonProxyHosts=", ]
    if truststore is not None:
        argv += [f"-Djavax.net.ssl.trustStore={truststore}",
                 f"-Djavax.net.ssl.trustStorePassword={truststore_password}",
                 f"-Djavax.net.ssl.trustStoreType={_store_type(truststore)}"]
    argv += [*jvm_args, "-cp", runtime_classpath(classpath), MAIN_CLASS, "--control-port", str(control_port),
             "--lang", lang, "--poll-interval-ms", str(poll_interval_ms), "--watch-stdin"]
    if values_log is not None:
        argv += ["--values-log", str(values_log)]
    return argv + list(extra_args)


def _store_type(path: Path) -> str:
    return "JKS" if Path(path).suffix.lower() == ".jks" else "PKCS12"


class ProbeProcess:
    """A running probe app: its pid, control port and a line-based command channel."""

    def __init__(self, popen: subprocess.Popen[bytes], port: int, pid: int, values_log: Path | None) -> None:
        self.popen = popen
        self.port = port
        self.pid = pid
        self.values_log = values_log
        self._values: list[str] = []
        self._stderr: collections.deque[str] = collections.deque(maxlen=400)
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._file: IO[bytes] | None = None
        self._readers: list[threading.Thread] = []

    # ---- life cycle -------------------------------------------------------------------------
    @classmethod
    def launch(cls, classpath: Path, *, proxy: tuple[str, int] | None = None, truststore: Path | None = None,
               truststore_password: str = "changeit", lang: str = "zh", values_log: Path | None = None,
               poll_interval_ms: int = 2000, extra_args: Sequence[str] = (), jvm_args: Sequence[str] = (),
               ready_timeout: float = 20.0, env: dict[str, str] | None = None) -> ProbeProcess:
        """Start `java`, wait for `PROBE_READY`, connect. DeviceError (one line) if it does not come up."""
        argv = java_command(classpath, proxy=proxy, truststore=truststore,
                            truststore_password=truststore_password, lang=lang, values_log=values_log,
                            poll_interval_ms=poll_interval_ms, extra_args=extra_args, jvm_args=jvm_args)
        try:
            popen = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, start_new_session=True, preexec_fn=die_with_parent())
        except OSError as e:
            raise DeviceError(f"probe: cannot start java: {e}") from None
        stderr: collections.deque[str] = collections.deque(maxlen=400)
        err_reader = threading.Thread(target=_drain, args=(popen.stderr, stderr.append), daemon=True,
                                      name="probe-stderr")
        err_reader.start()
        ready = _wait_ready(popen, ready_timeout)
        if ready is None:
            _kill(popen)
            err_reader.join(1.0)
            tail = " | ".join(list(stderr)[-3:]) or "no output"
            raise DeviceError(f"probe: no PROBE_READY within {ready_timeout:g}s (exit {popen.poll()}): {tail}")
        port, pid = ready
        proc = cls(popen, port, pid, values_log)
        proc._stderr = stderr
        out_reader = threading.Thread(target=_drain, args=(popen.stdout, proc._values.append), daemon=True,
                                      name="probe-stdout")
        out_reader.start()
        proc._readers = [err_reader, out_reader]
        try:
            proc._connect()
        except DeviceError:
            proc.terminate()
            raise
        return proc

    def _connect(self, timeout: float = 5.0) -> None:
        try:
            self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        except OSError as e:
            raise DeviceError(f"probe: cannot connect to control port {self.port}: {e}") from None
        self._file = self._sock.makefile("rwb")

    def reconnect(self, timeout: float = 5.0) -> None:
        """A fresh control connection (after a timed-out command dropped the old one)."""
        with self._lock:
            self._close_channel()
            self._connect(timeout)

    def __enter__(self) -> ProbeProcess:
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        self.terminate()

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait(self, timeout: float | None = None) -> int:
        """The exit code; DeviceError if still running after `timeout`."""
        try:
            code = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            raise DeviceError(f"probe (pid {self.pid}) still running after {timeout:g}s") from None
        for t in self._readers:
            t.join(2.0)
        return code

    def terminate(self, timeout: float = 5.0) -> int | None:
        """End the app: `exit` on the channel, then SIGTERM, then SIGKILL. Idempotent."""
        if self.alive and self._file is not None:
            try:
                self.command_raw("exit", timeout=min(timeout, 2.0))
            except DeviceError:
                pass
        if self.alive:
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill(self.popen)
        self._close()
        try:
            return self.wait(timeout)
        except DeviceError:
            return None

    def _close_channel(self) -> None:
        for closer in (self._file, self._sock):
            if closer is not None:
                try:
                    closer.close()
                except OSError:
                    pass
        self._file = self._sock = None

    def _close(self) -> None:
        self._close_channel()
        if self.popen.stdin is not None and not self.popen.stdin.closed:
            try:
                self.popen.stdin.close()
            except OSError:
                pass

    # ---- commands ---------------------------------------------------------------------------
    def command_raw(self, line: str, timeout: float = 30.0) -> str:
        """Send one command line; return the reply line (`ok ...` / `err ...`) without the newline."""
        if "\n" in line or "\r" in line:
            raise DeviceError("probe: a command is one line")
        name = line.split(" ")[0]
        if not self._lock.acquire(timeout=timeout):
            raise DeviceError(f"probe: control channel busy, {name!r} not sent within {timeout:g}s")
        try:
            if self._file is None or self._sock is None:
                raise DeviceError(f"probe: control channel closed (exit code {self.returncode})")
            self._sock.settimeout(timeout)
            try:
                self._file.write(line.encode("utf-8") + b"\n")
                self._file.flush()
                reply = self._file.readline()
            except TimeoutError:
                # the reply may still come later and would answer the next command: drop the channel
                self._close_channel()
                raise DeviceError(f"probe: no reply to {name!r} within {timeout:g}s") from None
            except OSError as e:
                raise DeviceError(f"probe: control channel broken during {name!r}: {e}") from None
        finally:
            self._lock.release()
        if not reply:
            raise DeviceError(f"probe: the app closed the control channel during {name!r} "
                              f"(exit code {self.popen.poll()})")
        return reply.decode("utf-8").rstrip("\r\n")

    def command(self, line: str, timeout: float = 30.0) -> str:
        """Send a command; the reply after `ok ` (may be empty). `err ...` raises ProbeCommandError."""
        reply = self.command_raw(line, timeout)
        if reply == "ok" or reply.startswith("ok "):
            return reply[3:]
        raise ProbeCommandError(f"probe: {line.split(' ')[0]!r}: {reply.removeprefix('err ').strip()}")

    # ---- outputs ----------------------------------------------------------------------------
    def values_text(self) -> str:
        """The values log so far (file given at launch, else the app's stdout after READY)."""
        if self.values_log is not None:
            try:
                return Path(self.values_log).read_text(encoding="utf-8")
            except FileNotFoundError:
                return ""
        return "".join(f"{ln}\n" for ln in list(self._values))

    def stderr_tail(self, lines: int = 50) -> str:
        """The last lines the app wrote to stderr (its network log, warnings)."""
        return "\n".join(list(self._stderr)[-lines:])


def _drain(stream: IO[bytes], sink: Callable[[str], None]) -> None:
    try:
        for raw in iter(stream.readline, b""):
            sink(raw.decode("utf-8", "replace").rstrip("\r\n"))
    except (OSError, ValueError):
        pass


def _wait_ready(popen: subprocess.Popen[bytes], timeout: float) -> tuple[int, int] | None:
    """Read stdout until the READY line (skipping anything before it); None on timeout or exit."""
    result: list[tuple[int, int]] = []

    def read() -> None:
        for line in iter(popen.stdout.readline, b""):
            m = _READY.match(line.decode("utf-8", "replace"))
            if m:
                result.append((int(m.group(1)), int(m.group(2))))
                return

    t = threading.Thread(target=read, daemon=True, name="probe-ready")
    t.start()
    t.join(timeout)
    return result[0] if result else None


def _kill(popen: subprocess.Popen[bytes]) -> None:
    if popen.poll() is not None:
        return
    try:
        os.killpg(popen.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        popen.terminate()
    try:
        popen.wait(3.0)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            popen.kill()
        popen.wait(3.0)


def make_truststore(ca_pem: Path, dest: Path, password: str = "changeit", alias: str = "harness-ca") -> Path:
    """A PKCS12 (or JKS, by `.jks` suffix) truststore holding `ca_pem`, via `keytool -importcert -noprompt`."""
    keytool = shutil.which("keytool")
    if keytool is None:
        raise EnvironmentProblem("keytool not found: install a JDK 17+ (apt-get install default-jdk-headless)")
    ca_pem, dest = Path(ca_pem), Path(dest)
    if not ca_pem.is_file():
        raise DeviceError(f"{ca_pem}: CA certificate not found")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)
    proc = subprocess.run(
        [keytool, "-importcert", "-noprompt", "-alias", alias, "-file", str(ca_pem), "-keystore", str(dest),
         "-storepass", password, "-storetype", _store_type(dest)],
        capture_output=True, text=True, timeout=60,
    )
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise DeviceError(f"{ca_pem}: keytool could not import the CA: {detail[-1] if detail else proc.returncode}")
    return dest


def wait_exit(proc: ProbeProcess, timeout: float) -> int | None:
    """The exit code if the app exits within `timeout`, else None (it is still running)."""
    try:
        return proc.wait(timeout)
    except DeviceError:
        return None
