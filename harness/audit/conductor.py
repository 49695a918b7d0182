"""The conductor: one audit = device + agent + proxy + scenarios, then analysis and reports.

Order: check the inputs (policy, scenarios, app) before touching anything; create the run
folder; static analysis (APK only); prepare the device; device profile + canaries into
device.json; start the proxy and route the app through it; per scenario launch the app
under the agent and run its steps; stop; RESTORE (always: try/finally, Ctrl-C and
SIGTERM included); then analyse the trace and write the reports. A Ctrl-C or a failed
stage leaves status "partial" and the report says so; a setup failure leaves "failed".
"""

from __future__ import annotations

import secrets
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from harness.audit.progress import NullProgress, Progress
from harness.device.interface import AppTarget, Device
from harness.device.journal import Journal, kill_undo, recover
from harness.device.restore import Restorer, signals_handled
from harness.errors import EXIT_FINDINGS, EXIT_OK, HarnessError, InputError
from harness.persona.model import Persona
from harness.scenario.model import Scenario, resolve
from harness.scenario.runner import Hooks, ScenarioRunner
from harness.trace import RunDir, RunStatus

EXIT_INTERRUPTED = 130
AGENT_CLOSE_TIMEOUT = 8.0


@dataclass(slots=True)
class AuditResult:
    run_dir: Path
    status: str
    reports: dict[str, Path] = field(default_factory=dict)
    verdict: str | None = None
    findings: int = 0
    exceeds: bool = False
    interrupted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FINDINGS if self.exceeds else EXIT_OK


@dataclass(frozen=True, slots=True)
class AuditOptions:
    keep: bool = False
    frida_server: Path | None = None
    fail_on: str = "high"
    lang: str = "en"
    probe_lang: str = "zh"
    system_ca: bool = False
    wait_scale: float = 1.0
    """Multiplies every scenario wait (tests use < 1 to stay fast)."""
    poll_interval_ms: int = 2000
    labels: tuple[str, ...] = ()
    """Declared labels (`--label`, harness/labels/loader.py specs), checked before the run starts."""
    persona: Persona | None = None
    """Who the device and account pretend to be (harness diff); recorded in run.json."""
    youth: str = "compliant"
    """The probe's youth-mode behaviour for a child persona (JVM stand-in only)."""
    proxy_scripts: tuple[Path, ...] = ()
    """Extra mitmproxy addon scripts (the probe's shop backend in differential runs)."""
    proxy_options: tuple[tuple[str, str], ...] = ()
    probe_variant: str = ""
    """The probe's seeded user-rights flaw (`--probe-variant`; JVM stand-in only, "" = clean)."""
    sdk_db: Path | None = None
    """A user SDK knowledge base (`--sdk-db`) overriding shipped entries, for static and run analysis alike."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or SIGINT) arrived: stop the scenarios, restore, report what was captured."""


def _raise_interrupted(signum: int, frame: object) -> None:
    """SIGTERM raises like Ctrl-C, so the same finally-blocks restore the device."""
    raise Interrupted(signal.Signals(signum).name)


# ---- inputs -------------------------------------------------------------------------------------

def resolve_out_dir(out: Path | None, package: str, now: datetime | None = None) -> tuple[Path, str | None]:
    """The run folder: --out if empty or new; a fresh timestamped sibling if it already holds a run."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    if out is None:
        return Path("runs") / f"{stamp}-{package}", None
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory")
    if (out / RunDir.RUN).exists():
        fresh = out.with_name(f"{out.name}-{stamp}")
        n = 1
        while fresh.exists():
            fresh = out.with_name(f"{out.name}-{stamp}-{n}")
            n += 1
        return fresh, f"{out} already holds a run; this run goes to {fresh}"
    if out.is_dir() and any(out.iterdir()):
        raise InputError(f"{out}: directory is not empty and holds no run; choose another --out")
    return out, None


def make_device(spec: str | None, app: str, options: AuditOptions, run_path: Path) -> Device:
    """--device value -> a Device: "jvm", "avd:NAME", a serial, or None (the only attached device)."""
    if spec == "jvm" or (spec is None and app == "probe"):
        from harness.device.jvm import JvmDevice

        return JvmDevice(lang=options.probe_lang, poll_interval_ms=options.poll_interval_ms, work_dir=run_path,
                         persona=options.persona, youth=options.youth,
                         variant=options.probe_variant)
    from harness.device.android import AndroidDevice

    avd = spec[4:] if spec and spec.startswith("avd:") else None
    return AndroidDevice(None if avd else spec, keep=options.keep, frida_server=options.frida_server,
                         system_ca=options.system_ca, avd=avd)


def resolve_app(app: str, device_spec: str | None) -> tuple[AppTarget, list[Path]]:
    """"probe" or an APK (or split set) -> the target; InputError for a bad combination."""
    if app == "probe":
        if device_spec not in (None, "jvm"):
            raise InputError("the bundled probe app runs on the JVM stand-in only: use --device jvm")
        from harness.device.jvm import probe_target

        return probe_target(), []
    path = Path(app)
    if not path.exists():
        raise InputError(f"{app}: no such APK (or use 'probe' for the bundled JVM stand-in)")
    if device_spec == "jvm":
        raise InputError(f"{app}: an APK needs an Android device or emulator (--device SERIAL|avd:NAME), "
                         "not the JVM stand-in")
    apks = sorted(path.glob("*.apk")) if path.is_dir() else [path]
    if not apks:
        raise InputError(f"{app}: folder holds no .apk files")
    return AppTarget(package="", apks=tuple(apks)), apks


# ---- the audit --------------------------------------------------------------------------------

class Conductor:
    """One audit run. `run()` returns an AuditResult; HarnessError for setup failures (after restore)."""

    def __init__(self, app: str, policy_path: Path | None, *, device: str | None = None, scenarios: str = "all",
                 out_dir: Path | None = None, options: AuditOptions | None = None,
                 progress: Progress | None = None, device_factory: Callable[..., Device] | None = None) -> None:
        self.options = options or AuditOptions()
        self.progress = progress or NullProgress()
        self.app_spec, self.device_spec = app, device
        self.policy_path = Path(policy_path) if policy_path is not None else None
        self.scenario_spec = scenarios
        self.out_dir = out_dir
        self.device_factory = device_factory or make_device
        self.agents: list[Any] = []
        self.notes: list[str] = []
        self.events: Any = None
        self.seq = 0
        self.run_dir: RunDir | None = None
        self.labels: tuple[Any, ...] = ()
        self.sdk_db: Any = None

    # -- checks before anything is touched
    def _check_inputs(self) -> tuple[Any, list[Scenario], AppTarget, list[Path]]:
        from harness.policy.loader import load_policy

        policy = load_policy(self.policy_path) if self.policy_path is not None else None
        from harness.labels.loader import load_label

        self.labels = tuple(load_label(spec) for spec in self.options.labels)
        if self.options.sdk_db is not None:
            from harness.detect.sdk_db import build_database

            self.sdk_db = build_database(self.options.sdk_db)  # a bad file is exit 2 before the device is touched
        scenarios = resolve(self.scenario_spec)
        target, apks = resolve_app(self.app_spec, self.device_spec)
        return policy, scenarios, target, apks

    def run(self) -> AuditResult:
        policy, scenarios, target, apks = self._check_inputs()
        static = None
        if apks:
            static = self._static(apks)
            target = AppTarget(package=static.get("app", {}).get("package") or "", apks=target.apks,
                               name=static.get("app", {}).get("app_name") or "",
                               permissions=tuple(p["name"] for p in static.get("permissions", [])
                                                 if p.get("protection_level") == "dangerous"))
            if not target.package:
                raise InputError(f"{apks[0]}: no package name in the manifest")
        if policy is not None and policy.app.package and target.package and policy.app.package != target.package:
            self.notes.append(f"the policy {self.policy_path} is for {policy.app.package}, "
                              f"the app is {target.package}: findings compare against that policy anyway")
        path, moved = resolve_out_dir(self.out_dir, target.package)
        if moved:
            self.notes.append(moved)
            self.progress.stage("output folder", "info", moved)
        run = RunDir.create(path, app={"package": target.package,
                                       "name": target.name or (policy.app.name if policy is not None else ""),
                                       "apks": [str(p) for p in apks], "spec": self.app_spec},
                            extra={"policy": str(self.policy_path) if self.policy_path else None,
                                   "scenario_spec": self.scenario_spec, "scenarios": [], "stages": {},
                                   **({"persona": self.options.persona.to_json()} if self.options.persona else {})})
        self.run_dir = run
        for note in self.notes:
            run.note(note)
        for line in recover():  # what a killed earlier run left on a device (harness.device.journal)
            run.note(f"earlier run: {line}")
        restorer = Restorer(log=run.path / "restore.log", journal=Journal(run.path))
        result = AuditResult(run_dir=run.path, status=RunStatus.RUNNING.value)
        status = RunStatus.COMPLETE
        setup_error: HarnessError | None = None
        try:
            with signals_handled(_raise_interrupted):
                try:
                    if static is not None:
                        run.write_json(RunDir.STATIC, static)
                        self._stage(run, "static analysis", "ok", f"{len(static.get('sdks', []))} SDKs")
                    else:
                        run.note("static analysis skipped: the probe app is not an APK (JVM stand-in)")
                        self._stage(run, "static analysis", "skipped", "no APK (JVM stand-in)")
                    device = self.device_factory(self.device_spec, self.app_spec, self.options, run.path)
                    ok = self._audit(run, device, target, scenarios, policy, restorer)
                    status = RunStatus.COMPLETE if ok else RunStatus.PARTIAL
                except KeyboardInterrupt as e:
                    result.interrupted = True
                    status = RunStatus.PARTIAL
                    run.note(f"interrupted ({e or 'SIGINT'}) at t={run.clock.now():.3f}s: "
                             "the trace holds what was captured until then")
                    self._stage(run, "interrupted", "failed", "restoring the device, then reporting")
                except HarnessError as e:
                    setup_error = e
                    status = RunStatus.PARTIAL if run.info.get("scenarios") else RunStatus.FAILED
                    run.note(f"audit failed: {e}")
                    self._stage(run, "audit", "failed", str(e))
                finally:
                    self._close_agents()
                    for outcome in restorer.run():
                        run.note(outcome.line())
                    if restorer.outcomes:
                        self._stage(run, "restore", "ok" if all(o.ok for o in restorer.outcomes) else "failed",
                                    f"{len(restorer.outcomes)} step(s), see restore.log")
                    run.finish(status)
        except KeyboardInterrupt:  # a Ctrl-C while restoring was deferred; one after it lands here
            result.interrupted = True
        result.status = run.info["status"]
        if setup_error is not None and not run.info.get("scenarios"):
            raise setup_error
        self._report(run, policy, result)
        result.notes = list(run.info.get("notes", []))
        return result

    def _stage(self, run: RunDir, name: str, status: str, detail: str = "") -> None:
        stages = dict(run.info.get("stages") or {})
        stages[name] = {"status": status, "detail": detail, "t": run.clock.now()}
        run.update(stages=stages)
        self.progress.stage(name, status, detail)

    def _static(self, apks: list[Path]) -> dict[str, Any]:
        from harness.static import analyze_apk

        self.progress.stage("static analysis", "running")
        source = apks[0].parent if len(apks) > 1 else apks[0]
        return analyze_apk(source, sdk_db=self.options.sdk_db).to_json()

    def _audit(self, run: RunDir, device: Device, target: AppTarget, scenarios: list[Scenario],
               policy: Any, restorer: Restorer) -> bool:
        from harness.proxy.runner import ProxyRunner

        device.prepare(restorer)
        run.update(device=device.describe())
        self._stage(run, "device", "ok", device.name)
        persona = self.options.persona
        if persona is not None and device.kind == "android":
            from harness.persona.android import apply_to_android

            for note in apply_to_android(device.adb, device.info.serial, target.package, persona, restorer):
                run.note(note)
        if persona is not None:
            self._stage(run, "persona", "ok", persona.name)

        profile = device.profile()
        canaries = device.plant_canaries(secrets.token_hex(4))
        profile.known_values.extend(canaries)
        profile.notes.extend(getattr(device, "notes", []))
        for note in getattr(device, "notes", []):
            run.note(note)
        run.write_json(RunDir.DEVICE, profile.to_json())
        self._stage(run, "device profile", "ok", f"{len(profile.known_values)} known values "
                    f"({len(canaries)} canaries)")

        first_party = policy.app.first_party_domains if policy is not None else ()
        proxy = ProxyRunner(run, sink=device.kind == "jvm", first_party_domains=first_party,
                            scripts=self.options.proxy_scripts, options=dict(self.options.proxy_options))
        restorer.push("proxy stopped", proxy.stop)  # stop() is idempotent: safe even if start() fails half-way
        proxy.start()
        if proxy.pid is not None:
            restorer.expect("proxy stopped", kill_undo(proxy.pid))
        device.set_proxy("127.0.0.1", proxy.port, proxy.ca_pem_path)
        run.update(proxy={"port": proxy.port, "sink": device.kind == "jvm", "ca": str(proxy.ca_pem_path)})
        self._stage(run, "proxy", "ok", f"127.0.0.1:{proxy.port}" + (" (sink: nothing leaves the host)"
                                                                    if device.kind == "jvm" else ""))
        if target.apks:
            device.install(target)
            self._stage(run, "install", "ok", target.package)

        ok = True
        self.events = run.writer(RunDir.EVENTS)
        restorer.push("events.jsonl closed", self.events.close)
        with run.writer(RunDir.UI, batch=1) as ui:
            for i, scenario in enumerate(scenarios):
                hooks = Hooks(launch=lambda s=scenario.name: self._launch(run, device, target, proxy, s),
                              before_stop=lambda: self._close_agents(device, target))
                runner = ScenarioRunner(device, target, ui, run.clock, run.path / RunDir.SCREENS, hooks,
                                        wait_scale=self.options.wait_scale, progress=self.progress.step)
                self._stage(run, f"scenario {scenario.name}", "running")
                res = runner.run(scenario, clear_data=i > 0 or device.kind == "android")
                summary = {"name": res.name, "steps": res.steps, "failed_steps": res.failed,
                           "environment_errors": res.env_errors,
                           "policy_shown": res.policy_shown, "exited": res.exited, "markers": res.markers}
                run.update(scenarios=[*run.info.get("scenarios", []), summary])
                if res.env_errors:
                    ok = False
                    run.note(f"scenario {res.name}: {res.env_errors} step(s) failed for an environment reason "
                             "(device/agent/proxy); see the step records in ui.jsonl")
                self._stage(run, f"scenario {scenario.name}", "ok",
                            f"{res.steps} steps ({res.failed} not ok), dialog seen {res.policy_shown}x"
                            + (", app exited" if res.exited else ""))
        restorer.run_one("proxy stopped")  # flushes flows.jsonl before the analysis reads it
        return ok

    def _launch(self, run: RunDir, device: Device, target: AppTarget, proxy: Any, scenario: str) -> int:
        android = device.kind == "android"

        def attach(session: Any, pid: int) -> None:
            from harness.agent.loader import AgentSession

            sdk = getattr(device, "props", {}).get("ro.build.version.sdk", "")
            agent = AgentSession(session, self.events, run.clock, app_packages=(target.package,),
                                 api_level=int(sdk) if sdk.isdigit() else None, native=android,
                                 tls_ca_pem=proxy.ca_pem_path.read_text() if android else None,
                                 pid=pid, seq_start=self.seq, owns_session=True,
                                 proxy=("127.0.0.1", proxy.port))   # the socket census skips only this
            agent.scenario = scenario
            self.agents.append(agent)
            agent.start()

        return device.launch(target, attach)

    def _close_agents(self, device: Device | None = None, target: AppTarget | None = None) -> None:
        """Flush (with the agent's acknowledgement) and detach; keep the run-wide seq going.

        Frida RPCs have no timeout and a process stuck in exit never answers, so each close
        runs in a thread: after AGENT_CLOSE_TIMEOUT the app is stopped (which ends the RPC).
        """
        agents, self.agents = self.agents, []
        for agent in agents:
            worker = threading.Thread(target=_close_quietly, args=(agent,), daemon=True, name="agent-close")
            worker.start()
            worker.join(AGENT_CLOSE_TIMEOUT)
            if worker.is_alive():
                msg = (f"agent in pid {agent.pid} did not answer its last flush within "
                       f"{AGENT_CLOSE_TIMEOUT:g}s; the app was stopped")
                if self.run_dir is not None:
                    self.run_dir.note(msg)
                if device is not None and target is not None:
                    try:
                        device.stop(target)
                    except HarnessError:
                        pass
                worker.join(AGENT_CLOSE_TIMEOUT)
            self.seq = max(self.seq, agent.last_seq)

    def _report(self, run: RunDir, policy: Any, result: AuditResult) -> None:
        from harness.analysis import analyze_run
        from harness.report import write_reports

        started = time.monotonic()
        report = analyze_run(run, policy, lang=self.options.lang, labels=self.labels,  # run.info in memory is run.json
                             db=self.sdk_db)
        result.reports = write_reports(report, run.path)
        result.verdict = report.verdict
        result.findings = len(report.findings)
        result.exceeds = report.exceeds(self.options.fail_on)
        self.progress.stage("report", "ok", f"{report.verdict}: {len(report.findings)} finding(s)"
                            + (" (partial run)" if report.partial else ""))
        run.update(report={"verdict": report.verdict, "findings": len(report.findings), "partial": report.partial,
                           "files": {k: str(Path(v).name) for k, v in result.reports.items()},
                           "seconds": round(time.monotonic() - started, 3)})


def _close_quietly(agent: Any) -> None:
    try:
        agent.close()
    except Exception:  # noqa: BLE001 - a dead process cannot refuse to be detached
        pass


def run_audit(app: str, policy_path: Path | None, *, device: str | None = None, scenarios: str = "all",
              out_dir: Path | None = None, options: AuditOptions | None = None,
              progress: Progress | None = None) -> AuditResult:
    """Library entry of `harness audit`: see Conductor."""
    return Conductor(app, policy_path, device=device, scenarios=scenarios, out_dir=out_dir,
                     options=options, progress=progress).run()
