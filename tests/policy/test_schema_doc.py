"""The JSON Schema and the README stay in step with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from harness.policy import loader
from harness.policy.loader import load_policy
from harness.policy.schema import json_schema, render

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "harness" / "policies" / "schema" / "policy.schema.json"
README = ROOT / "harness" / "policies" / "README.md"


def test_schema_file_is_generated_output() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), \
        "regenerate: python -m harness.policy.schema > harness/policies/schema/policy.schema.json"


def test_schema_keys_match_loader() -> None:
    s = json_schema()
    assert tuple(s["properties"]) == loader.TOP_KEYS
    assert tuple(s["properties"]["app"]["properties"]) == loader.APP_KEYS
    assert set(s["properties"]["data"]["items"]["properties"]) == set(loader.DATA_KEYS)
    assert set(s["properties"]["third_parties"]["items"]["properties"]) == set(loader.THIRD_PARTY_KEYS)


@pytest.mark.parametrize("path", sorted((ROOT / "harness" / "policies" / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate_against_schema(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json.loads(SCHEMA_FILE.read_text()))


def test_schema_rejects_what_loader_rejects() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"app": {"package": "com.a.b", "category": "news"}, "data": [{"type": "imeii"}]}, schema)


def test_readme_complete_example_loads_and_uses_every_key(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"A complete example, every key shown:\n\n```yaml\n(.*?)```", text, re.S).group(1)
    path = tmp_path / "readme.yaml"
    path.write_text(block, encoding="utf-8")
    policy = load_policy(path)
    assert policy.app.package == "com.example.probe"
    raw = yaml.safe_load(block)
    assert tuple(raw) == loader.TOP_KEYS
    assert set(raw["app"]) == set(loader.APP_KEYS)
    assert set(raw["data"][0]) == set(loader.DATA_KEYS)
    assert set(raw["third_parties"][0]) == set(loader.THIRD_PARTY_KEYS)


def test_schema_permission_keys_match_loader() -> None:
    assert set(json_schema()["properties"]["permissions"]["items"]["properties"]) == set(loader.PERMISSION_KEYS)
