"""Scenarios as data: a name, a description, and a list of steps, loaded from YAML.

A step is either a bare action (`- launch`), a one-key mapping whose value is the main
argument (`- wait: 3`, `- monkey: 200`), or a mapping with `action:` and named args
(`- {action: monkey, events: 200, seed: 7}`). Unknown actions and bad arguments are
InputError with file and step number, so a typo never silently skips a step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from harness.errors import InputError
from harness.safeload import check_yaml

# action -> (main argument name or None, {arg: type}, defaults)
ACTIONS: dict[str, tuple[str | None, dict[str, type], dict[str, Any]]] = {
    "launch": (None, {}, {}),
    "wait": ("seconds", {"seconds": float}, {"seconds": 1.0}),
    "find_consent": ("timeout", {"timeout": float}, {"timeout": 5.0}),
    "tap_agree": (None, {"separate": list}, {"separate": []}),
    "tap_decline": (None, {}, {}),
    "deny_permission_prompts": ("max", {"max": int}, {"max": 5}),
    "allow_permission_prompts": ("max", {"max": int}, {"max": 5}),
    "revoke_permissions": (None, {}, {}),
    "grant_permissions": (None, {}, {}),
    "relaunch": (None, {}, {}),
    "home": (None, {}, {}),
    "resume": (None, {}, {}),
    "monkey": ("events", {"events": int, "seed": int}, {"events": 100, "seed": 1}),
    "expect_running": (None, {}, {}),
    "check_blocked": (None, {}, {}),
    "clear_data": (None, {}, {}),
    "user": ("name", {"name": str, "arg": str}, {"arg": ""}),
    "explore": ("taps", {"taps": int, "seconds": float, "depth": int}, {"taps": 250, "seconds": 180.0, "depth": 10}),
    "check_personalisation": (None, {}, {}),
    "withdraw_consent": ("taps", {"taps": int}, {"taps": 150}),
    "use_app": (None, {}, {}),
}
BUILTIN = ("no_interaction", "accept", "reject", "deny_permissions", "background", "explore", "withdraw")
EXTRA = ("shop",)
"""Built-ins that `all` leaves out: `shop` drives the probe's shop screen for differential runs."""
MAX_EXPLORE_TAPS = 5000
MAX_WAIT = 600.0
MAX_MONKEY_EVENTS = 5000


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "args": self.args}


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    steps: tuple[Step, ...]
    source: str = ""


def _step(raw: Any, where: str) -> Step:
    if isinstance(raw, str):
        action, args = raw, {}
    elif isinstance(raw, dict) and "action" in raw:
        action, args = raw["action"], {k: v for k, v in raw.items() if k != "action"}
    elif isinstance(raw, dict) and len(raw) == 1:
        action, value = next(iter(raw.items()))
        if action not in ACTIONS:
            raise InputError(f"{where}: unknown action {action!r} (known: {', '.join(ACTIONS)})")
        main = ACTIONS[action][0]
        if isinstance(value, dict):
            args = value
        elif main is None:
            raise InputError(f"{where}: action {action!r} takes no value")
        else:
            args = {main: value}
    else:
        raise InputError(f"{where}: a step is an action name or a mapping, got {type(raw).__name__}")
    if action not in ACTIONS:
        raise InputError(f"{where}: unknown action {action!r} (known: {', '.join(ACTIONS)})")
    _, types, defaults = ACTIONS[action]
    out = dict(defaults)
    for key, value in args.items():
        if key not in types:
            raise InputError(f"{where}: action {action!r} has no argument {key!r}")
        want = types[key]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or isinstance(value, bool):
            raise InputError(f"{where}: {action}.{key} must be {want.__name__}, got {value!r}")
        out[key] = value
    if action == "user" and "name" not in out:
        raise InputError(f"{where}: action 'user' needs a name (e.g. paste, feature)")
    if action == "wait" and not 0 <= out["seconds"] <= MAX_WAIT:
        raise InputError(f"{where}: wait must be between 0 and {MAX_WAIT:g} seconds")
    if action in ("explore", "withdraw_consent") and not 1 <= out["taps"] <= MAX_EXPLORE_TAPS:
        raise InputError(f"{where}: {action} taps must be between 1 and {MAX_EXPLORE_TAPS}")
    if action == "explore" and not (0 < out["seconds"] <= 3600 and 1 <= out["depth"] <= 50):
        raise InputError(f"{where}: explore seconds must be in (0, 3600] and depth in [1, 50]")
    if action == "monkey" and not 1 <= out["events"] <= MAX_MONKEY_EVENTS:
        raise InputError(f"{where}: monkey events must be between 1 and {MAX_MONKEY_EVENTS}")
    return Step(action, out)


def parse_scenario(text: str, source: str) -> Scenario:
    check_yaml(text, source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        pos = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InputError(f"{source}{pos}: not valid YAML: {getattr(e, 'problem', e)}") from e
    if not isinstance(data, dict):
        raise InputError(f"{source}: a scenario is a mapping with name, description and steps")
    unknown = set(data) - {"name", "description", "steps"}
    if unknown:
        raise InputError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}")
    name, steps = data.get("name"), data.get("steps")
    if not isinstance(name, str) or not name:
        raise InputError(f"{source}: 'name' must be a non-empty string")
    if not isinstance(steps, list) or not steps:
        raise InputError(f"{source}: 'steps' must be a non-empty list")
    parsed = tuple(_step(s, f"{source}: step {i + 1}") for i, s in enumerate(steps))
    return Scenario(name, str(data.get("description", "")), parsed, source)


def builtin(name: str) -> Scenario:
    ref = resources.files("harness.scenario") / "builtin" / f"{name}.yaml"
    return parse_scenario(ref.read_text(encoding="utf-8"), f"builtin:{name}")


def resolve(spec: str) -> list[Scenario]:
    """`--scenario` value -> scenarios: a built-in name, `all`, a comma list, or a YAML file path."""
    out: list[Scenario] = []
    for part in [p.strip() for p in spec.split(",") if p.strip()]:
        if part == "all":
            out.extend(builtin(n) for n in BUILTIN)
        elif part in BUILTIN or part in EXTRA:
            out.append(builtin(part))
        elif part.endswith((".yaml", ".yml")) or "/" in part:
            path = Path(part)
            if not path.is_file():
                raise InputError(f"{part}: no such scenario file")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from None
            except OSError as e:
                raise InputError(f"{path}: cannot read: {e.strerror}") from None
            out.append(parse_scenario(text, str(path)))
        else:
            raise InputError(f"unknown scenario {part!r} (built-in: {', '.join(BUILTIN + EXTRA)}, all, or a YAML file)")
    if not out:
        raise InputError("no scenario given")
    return out
