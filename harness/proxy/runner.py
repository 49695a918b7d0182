"""Start and stop mitmdump for one run: loopback only, a free port, a per-run CA.

The CA lives in the run's own confdir (<run>/mitmproxy), created before mitmdump starts
so its certificate can be installed on the device first; the key files are mode 0600.
mitmdump writes flows.jsonl through the harness addon (run clock origin passed along,
CLOCK_MONOTONIC being system-wide) and its own flows.mitm for mitmweb.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Self

from harness.detect.decode import DEFAULT_CAP
from harness.errors import ProxyError
from harness.lifetime import die_with_parent
from harness.trace.rundir import RunDir

ADDON = Path(__file__).with_name("addon.py")
CA_CERT = "mitmproxy-ca-cert.pem"
_SECRET_FILES = ("mitmproxy-ca.pem", "mitmproxy-ca.p12")
_LISTENING = re.compile(r"proxy listening at .*?:(\d+)\.?\s*$", re.M)


def ensure_ca(confdir: Path) -> Path:
    """Create (or reuse) mitmproxy's CA in confdir; key files 0600, folder 0700. Returns the cert path."""
    confdir.mkdir(parents=True, exist_ok=True)
    os.chmod(confdir, 0o700)
    try:
        from mitmproxy.certs import CertStore
    except ImportError as e:  # pragma: no cover - mitmproxy is a declared dependency
        raise ProxyError(f"mitmproxy is not installed in this Python ({sys.executable}): {e}") from e
    CertStore.from_store(confdir, "mitmproxy", 2048)
    for name in _SECRET_FILES:
        p = confdir / name
        if p.exists():
            os.chmod(p, 0o600)
    return confdir / CA_CERT


class ProxyRunner:
    """mitmdump with the harness addon for one run. Use as a context manager, or start()/stop()."""

    def __init__(self, run_dir: RunDir, *, host: str = "127.0.0.1", port: int = 0, sink: bool = False,
                 first_party_domains: Iterable[str] = (), body_cap: int = DEFAULT_CAP,
                 options: Mapping[str, str] | None = None, addon: bool = True, save_mitm: bool = True,
                 scripts: Iterable[Path] = ()) -> None:
        self.run_dir = run_dir
        self.host = host
        self.requested_port = port
        self.port: int | None = None
        self.sink = sink
        self.first_party_domains = tuple(first_party_domains)
        self.body_cap = body_cap
        self.options = dict(options or {})
        self.addon = addon
        self.save_mitm = save_mitm
        self.scripts = tuple(Path(p) for p in scripts)
        """Further addon scripts, loaded after the harness's own (e.g. the probe's shop backend)."""
        self.confdir = run_dir.path / "mitmproxy"
        self.ca_pem_path = ensure_ca(self.confdir)
        self.log_path = self.confdir / "mitmdump.log"
        self._proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-c", "from mitmproxy.tools.main import mitmdump; mitmdump()",
               "--listen-host", self.host, "--listen-port", str(self.requested_port),
               "--set", f"confdir={self.confdir}", "--set", "flow_detail=0", "--set", "termlog_verbosity=info",
               "--set", "stream_large_bodies=64m"]
        if self.addon:
            cmd += ["-s", str(ADDON), "--set", f"harness_flows={self.run_dir.path / RunDir.FLOWS}",
                    "--set", f"harness_clock_origin={self.run_dir.clock.origin!r}",
                    "--set", f"harness_body_cap={self.body_cap}"]
            if self.sink:
                cmd += ["--set", "harness_sink=true"]
        for script in self.scripts:
            cmd += ["-s", str(script)]
        if self.sink:
            cmd += ["--set", "connection_strategy=lazy"]
        if self.save_mitm and self.addon:
            # Written off the event loop by the harness's flow-file addon (appends across proxy restarts).
            cmd += ["--set", f"harness_mitm={self.run_dir.path / RunDir.FLOWS_MITM}"]
        elif self.save_mitm:
            # "+": append, so a run that restarts the proxy (one per scenario) keeps every flow.
            cmd += ["-w", "+" + str(self.run_dir.path / RunDir.FLOWS_MITM)]
        for k, v in self.options.items():
            cmd += ["--set", f"{k}={v}"]
        return cmd

    def start(self, timeout: float = 30.0) -> Self:
        """Launch mitmdump and wait until its port accepts connections (ProxyError otherwise)."""
        if self._proc is not None:
            return self
        self.port = None
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed below
        offset = log.tell()  # the log is appended across restarts: read only this start's lines
        try:
            self._proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, start_new_session=True,
                                          preexec_fn=die_with_parent())
        except OSError as e:
            raise ProxyError(f"cannot start mitmdump: {e.strerror}") from e
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                tail = self._log_tail()
                self._proc = None
                raise ProxyError(f"mitmdump exited at start (see {self.log_path}): {tail}")
            if self.port is None:
                with open(self.log_path, "rb") as fh:
                    fh.seek(offset)
                    m = _LISTENING.search(fh.read().decode("utf-8", "replace"))
                if m:
                    self.port = int(m.group(1))
            if self.port is not None and _accepts(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise ProxyError(f"mitmdump did not listen on {self.host} within {timeout:.0f}s (see {self.log_path})")

    def stop(self, timeout: float = 15.0) -> None:
        """Graceful stop (SIGINT: addons flush, flows.mitm closes); kill if it hangs. Idempotent."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGINT, timeout), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                proc.send_signal(sig)
                proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return

    @property
    def pid(self) -> int | None:
        """The mitmdump process id while it runs."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _log_tail(self) -> str:
        try:
            lines = [ln for ln in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
        except OSError:
            return "no log"
        return lines[-1][:300] if lines else "no output"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False
