"""Scenario YAML: built-ins load, `all` is the documented order, bad files give one-line errors."""

from __future__ import annotations

import pytest

from harness.errors import InputError
from harness.scenario.model import BUILTIN, builtin, parse_scenario, resolve


def test_builtins_load_and_all_order() -> None:
    assert [s.name for s in resolve("all")] == list(BUILTIN)
    reject = builtin("reject")
    actions = [s.action for s in reject.steps]
    assert actions.count("tap_decline") == 2 and "relaunch" in actions
    assert [s.action for s in builtin("no_interaction").steps if s.action.startswith("tap")] == []
    bg = builtin("background")
    assert [s.action for s in bg.steps].index("home") < [s.action for s in bg.steps].index("resume")
    assert builtin("accept").steps[-3].args == {"name": "paste", "arg": ""}
    assert [s.name for s in resolve("accept, reject")] == ["accept", "reject"]


def test_step_forms() -> None:
    sc = parse_scenario("name: x\nsteps:\n  - launch\n  - wait: 2\n  - {action: monkey, events: 10, seed: 3}\n"
                        "  - monkey: 5\n  - user: {name: feature, arg: nearby}\n", "x.yaml")
    assert [(s.action, s.args) for s in sc.steps] == [
        ("launch", {}), ("wait", {"seconds": 2.0}), ("monkey", {"events": 10, "seed": 3}),
        ("monkey", {"events": 5, "seed": 1}), ("user", {"name": "feature", "arg": "nearby"})]


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\nsteps:\n  - lanch\n", "x.yaml: step 1: unknown action 'lanch'"),
    ("name: x\nsteps:\n  - launch\n  - wait: soon\n", "x.yaml: step 2: wait.seconds must be float, got 'soon'"),
    ("name: x\nsteps:\n  - wait: 100000\n", "x.yaml: step 1: wait must be between 0 and 600 seconds"),
    ("name: x\nsteps:\n  - {action: monkey, evnts: 3}\n", "x.yaml: step 1: action 'monkey' has no argument 'evnts'"),
    ("name: x\nsteps: []\n", "x.yaml: 'steps' must be a non-empty list"),
    ("steps: [launch]\n", "x.yaml: 'name' must be a non-empty string"),
    ("name: x\nstep: [launch]\n", "x.yaml: unknown key(s) step"),
    ("name: x\nsteps: [launch\n", "x.yaml:3:1: not valid YAML"),
    ("name: x\nsteps:\n  - launch: 3\n", "x.yaml: step 1: action 'launch' takes no value"),
])
def test_errors_are_one_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        parse_scenario(text, "x.yaml")
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_resolve_unknown_and_file(tmp_path) -> None:
    with pytest.raises(InputError, match="unknown scenario 'acept'"):
        resolve("acept")
    f = tmp_path / "mine.yaml"
    f.write_text("name: mine\nsteps: [launch, home]\n")
    assert resolve(str(f))[0].name == "mine"
    with pytest.raises(InputError, match="no such scenario file"):
        resolve(str(tmp_path / "nope.yaml"))
