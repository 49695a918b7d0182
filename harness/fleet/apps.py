"""What a batch audits: APKs and probe descriptors, each turned into a self-contained job.

A job carries everything a worker on another machine needs (policy text, scenario texts,
probe options), so the broker message is the whole task. Its key is the idempotency key:
sha256 of (package, version code, app hash). For an APK the app hash is the file's sha256;
for a probe descriptor (`*.probe.yaml`, the JVM stand-in's "app") it is the hash of the
descriptor, its policy and its scenarios, since those are what make one variant differ.

Policies are found the same way for both: the descriptor's `policy:` key, else a YAML with
the same stem, else a `.txt/.html/.md` policy beside the app drafted by harness.policy.draft,
else none (policy rules then say "skipped: no policy").
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.errors import InputError

PROBE_SUFFIX = ".probe.yaml"
POLICY_TEXT_SUFFIXES = (".txt", ".html", ".htm", ".md")
DESCRIPTOR_KEYS = {"package", "version_code", "name", "policy", "category", "scenario", "lang",
                   "poll_interval_ms", "wait_scale"}
DEFAULT_SCENARIO = "accept"


@dataclass(slots=True)
class Job:
    """One app of a batch, ready to send to a worker (`to_json` is the broker payload)."""

    key: str
    package: str
    version_code: int | None
    app_hash: str
    kind: str  # "probe" | "apk"
    source: str
    name: str = ""
    apk: str | None = None
    policy_text: str | None = None
    policy_origin: str = "none"
    scenarios: list[dict[str, str]] = field(default_factory=list)
    probe: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        return cls(**data)


def app_key(package: str, version_code: int | None, app_hash: str) -> str:
    """The idempotency key: the same (package, version code, hash) is audited once."""
    raw = json.dumps([package, version_code, app_hash], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def discover(inputs: list[str]) -> list[Path]:
    """Files named on the command line, and the `.apk` / `*.probe.yaml` files in named folders."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and _is_app(p))
            if not inside:
                raise InputError(f"{item}: folder holds no .apk or {PROBE_SUFFIX} files")
            found.extend(inside)
        elif path.is_file():
            if not _is_app(path):
                raise InputError(f"{item}: not an .apk or a {PROBE_SUFFIX} probe descriptor")
            found.append(path)
        else:
            raise InputError(f"{item}: no such file or folder")
    return found


def _is_app(path: Path) -> bool:
    return path.name.endswith(PROBE_SUFFIX) or path.suffix.lower() == ".apk"


def _stem(path: Path) -> str:
    return path.name[: -len(PROBE_SUFFIX)] if path.name.endswith(PROBE_SUFFIX) else path.stem


def find_policy(app: Path) -> Path | None:
    """`<stem>.yaml` beside the app, else a policy text `<stem>.txt/.html/.md` to draft from."""
    stem = _stem(app)
    for suffix in (".yaml", ".yml", *POLICY_TEXT_SUFFIXES):
        cand = app.with_name(stem + suffix)
        if cand.is_file() and cand != app:
            return cand
    return None


def policy_text(path: Path, *, package: str | None, category: str | None) -> tuple[str, str]:
    """(YAML text, origin) for a policy file: YAML as is (checked), a text policy drafted."""
    from harness.policy.loader import parse_policy

    if path.suffix.lower() in POLICY_TEXT_SUFFIXES:
        from harness.policy.draft import draft_policy_file

        text, origin = draft_policy_file(path, package=package, category=category), f"drafted:{os.path.normpath(path)}"
    else:
        text, origin = _read_text(path), f"yaml:{os.path.normpath(path)}"
    if category:
        text = _with_category(text, path, category)
    policy, errors = parse_policy(text, str(path))
    if policy is None or errors:
        raise InputError(errors[0] if errors else f"{path}: not a valid policy")
    return text, origin


def _with_category(text: str, path: Path, category: str) -> str:
    """The policy with `app.category` set (a descriptor may audit one policy under several categories)."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("app"), dict):
        raise InputError(f"{path}: policy has no 'app' mapping to set the category in")
    data["app"]["category"] = category
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}") from e


def scenario_specs(spec: Any, where: Path) -> list[dict[str, str]]:
    """Descriptor `scenario:` (a name, a file, or a list) -> [{builtin}|{name, text}], each checked."""
    from harness.scenario.model import BUILTIN, parse_scenario

    parts = spec if isinstance(spec, list) else [spec]
    out: list[dict[str, str]] = []
    for part in parts:
        if not isinstance(part, str) or not part:
            raise InputError(f"{where}: scenario must be a name, a YAML file or a list of them")
        if part == "all":
            out.extend({"builtin": n} for n in BUILTIN)
        elif part in BUILTIN:
            out.append({"builtin": part})
        else:
            path = (where.parent / part)
            if not path.is_file():
                raise InputError(f"{where}: scenario {part!r} is neither built-in ({', '.join(BUILTIN)}) "
                                 "nor a file beside the descriptor")
            text = _read_text(path)
            parsed = parse_scenario(text, str(path))
            out.append({"name": parsed.name, "file": path.name, "text": text})
    return out


def probe_job(path: Path) -> Job:
    """A `*.probe.yaml` descriptor -> a Job for the JVM stand-in."""
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as e:
        raise InputError(f"{path}: not valid YAML: {getattr(e, 'problem', e)}") from e
    if not isinstance(data, dict):
        raise InputError(f"{path}: a probe descriptor is a mapping (package, version_code, policy, scenario, ...)")
    unknown = set(data) - DESCRIPTOR_KEYS
    if unknown:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(DESCRIPTOR_KEYS))})")
    package, version = data.get("package"), data.get("version_code")
    if not isinstance(package, str) or not package:
        raise InputError(f"{path}: 'package' must be a non-empty string (the app's identity in the fleet)")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise InputError(f"{path}: 'version_code' must be a non-negative integer")
    category = data.get("category")
    if category is not None and not isinstance(category, str):
        raise InputError(f"{path}: 'category' must be a string")
    probe = _probe_options(data, path)
    text, origin = _policy_for(path, data.get("policy"), package, category)
    scenarios = scenario_specs(data.get("scenario", DEFAULT_SCENARIO), path)
    app_hash = _sha256(json.dumps([data, text, scenarios], ensure_ascii=False, sort_keys=True).encode())
    return Job(key=app_key(package, version, app_hash), package=package, version_code=version,
               app_hash=app_hash, kind="probe", source=str(path), name=str(data.get("name") or package),
               policy_text=text, policy_origin=origin, scenarios=scenarios, probe=probe)


def _probe_options(data: dict[str, Any], path: Path) -> dict[str, Any]:
    lang = data.get("lang", "zh")
    if lang not in ("zh", "en"):
        raise InputError(f"{path}: 'lang' must be zh or en")
    poll = data.get("poll_interval_ms", 2000)
    if not isinstance(poll, int) or isinstance(poll, bool) or not 1 <= poll <= 600_000:
        raise InputError(f"{path}: 'poll_interval_ms' must be an integer from 1 to 600000")
    scale = data.get("wait_scale", 1.0)
    if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not 0 <= scale <= 10:
        raise InputError(f"{path}: 'wait_scale' must be a number from 0 to 10")
    return {"lang": lang, "poll_interval_ms": poll, "wait_scale": float(scale)}


def _policy_for(app: Path, spec: Any, package: str | None, category: str | None) -> tuple[str | None, str]:
    if spec == "none":
        return None, "none"
    if spec is not None:
        if not isinstance(spec, str):
            raise InputError(f"{app}: 'policy' must be a file name beside the descriptor, or none")
        path = app.parent / spec
        if not path.is_file():
            raise InputError(f"{app}: policy {spec!r} not found beside the descriptor")
    else:
        path = find_policy(app)
        if path is None:
            return None, "none"
    return policy_text(path, package=package, category=category)


def apk_job(path: Path, scenario: str) -> Job:
    """An APK -> a Job: package and version code from its manifest, hash of its bytes."""
    from harness.static.inputs import open_input
    from harness.static.manifest import app_facts

    raw = path.read_bytes()
    facts = app_facts(open_input(path).base.apk)
    policy = find_policy(path)
    text, origin = (policy_text(policy, package=facts.package, category=None) if policy else (None, "none"))
    app_hash = _sha256(raw)
    return Job(key=app_key(facts.package, facts.version_code, app_hash), package=facts.package,
               version_code=facts.version_code, app_hash=app_hash, kind="apk", source=str(path),
               name=facts.app_name or facts.package, apk=str(path.resolve()), policy_text=text,
               policy_origin=origin, scenarios=scenario_specs(scenario.split(","), path))


def load_jobs(inputs: list[str], *, scenario: str = DEFAULT_SCENARIO) -> list[Job]:
    """Every app of the inputs as a job; the same key twice (a resubmitted copy) is kept once."""
    jobs: dict[str, Job] = {}
    for path in discover(inputs):
        job = probe_job(path) if path.name.endswith(PROBE_SUFFIX) else apk_job(path, scenario)
        jobs.setdefault(job.key, job)
    return list(jobs.values())
