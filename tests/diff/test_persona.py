"""Persona files: parsed into flat attributes, every mistake a one-line error naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cli.main import main
from harness.errors import InputError
from harness.persona import Persona, differing, load_persona

PERSONAS = Path(__file__).resolve().parents[2] / "harness" / "policies" / "personas"


def test_bundled_personas_load_and_differ_in_one_thing() -> None:
    base = load_persona(PERSONAS / "adult-new-budget.yaml")
    flagship = load_persona(PERSONAS / "adult-new-flagship.yaml")
    returning = load_persona(PERSONAS / "adult-returning-budget.yaml")
    child = load_persona(PERSONAS / "child-under-14.yaml")
    assert base.age_group == "adult" and child.age_group == "child" and child.is_child
    assert {k.split(".")[0] for k in differing(base, flagship)} == {"device"}
    assert differing(base, returning) == ["account.age_days", "account.returning"]
    assert differing(base, child) == ["age"]
    assert base.attributes["location.lat"] == 31.2304 and base.attributes["account.returning"] is False


def test_round_trip_through_run_json() -> None:
    p = load_persona(PERSONAS / "child-under-14.yaml")
    again = Persona.from_json(p.to_json())
    assert again.attributes == p.attributes and again.name == p.name and again.is_child


@pytest.mark.parametrize(("text", "message"), [
    ("age: true\n", "age: expected a whole number, got a boolean"),
    ("age: 200\n", "age: 200 is not an age in years"),
    ("device: {colour: red}\n", "device.colour: unknown key"),
    ("hobby: chess\n", "unknown key 'hobby'"),
    ("network: {type: carrier-pigeon}\n", "network.type: 'carrier-pigeon' is not one of"),
    ("location: {lat: 95, lon: 10}\n", "location.lat: 95 is out of range"),
    ("- a\n- b\n", "a persona is a mapping"),
    ("device: [1, 2\n", "not valid YAML"),
    ("installed_apps: [1, 2]\n", "installed_apps: expected a list of names"),
    ("locale: \"zh\\u001b[2J\"\n", "locale: a short single-line text is expected"),
])
def test_bad_personas_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_persona(f)
    assert message in str(e.value) and str(f) in str(e.value) and "\n" not in str(e.value)


def test_non_utf8_and_huge_files(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_persona(bad)
    big = tmp_path / "big.yaml"
    big.write_text("description: " + "x" * 70_000, encoding="utf-8")
    with pytest.raises(InputError, match="not a persona"):
        load_persona(big)


def test_cli_refuses_one_persona_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = Path(__file__).resolve().parents[2] / "harness" / "policies" / "examples" / "probe.yaml"
    rc = main(["diff", "probe", "--device", "jvm", "--policy", str(policy),
               "--persona", str(PERSONAS / "adult-new-budget.yaml"), "--out", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert rc == 2 and "at least two --persona" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("age: -3\n", encoding="utf-8")
    rc = main(["diff", "probe", "--device", "jvm", "--policy", str(policy), "--persona", str(bad),
               "--persona", str(PERSONAS / "adult-new-budget.yaml"), "--out", str(tmp_path / "d2")])
    err = capsys.readouterr().err
    assert rc == 2 and "bad.yaml: age: -3" in err
    rc = main(["diff", "--from", str(tmp_path)])
    assert rc == 2 and "diff-manifest.json" in capsys.readouterr().err
