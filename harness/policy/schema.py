"""JSON Schema of the policy YAML, for editors (yaml-language-server) and other tools.

The loader is the authority (it also checks duplicates and cross-field rules); this schema is
generated from the same key lists, the taxonomy and the baselines, and
harness/policies/schema/policy.schema.json is this module's output (a test keeps them equal).
Regenerate: `python -m harness.policy.schema > harness/policies/schema/policy.schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from harness.policy import baseline, loader
from harness.policy.model import CollectionTime, FunctionKind
from harness.taxonomy import taxonomy

SCHEMA_ID = "https://app-privacy-harness.invalid/schema/policy-1.json"


def json_schema() -> dict[str, Any]:
    types = {"enum": taxonomy().ids()}
    host = {"type": "string", "pattern": loader._HOST.pattern}
    text = {"type": "string"}
    source = {"oneOf": [text, {"type": "array", "items": text}]}
    duration = {"oneOf": [{"type": "number", "exclusiveMinimum": 0},
                          {"type": "string", "pattern": loader._DURATION.pattern}]}
    data_item = {
        "type": "object", "additionalProperties": False, "required": ["type"],
        "properties": {
            "type": types, "purpose": text, "function": {"enum": [k.value for k in FunctionKind]},
            "when": {"enum": [k.value for k in CollectionTime]}, "feature": text,
            "background": {"type": "boolean"}, "separate_consent": {"type": "boolean"},
            "frequency": {"type": "object", "additionalProperties": False, "required": ["count", "per"],
                          "properties": {"count": {"type": "integer", "minimum": 1}, "per": duration}},
            "source": source,
        },
    }
    party = {
        "type": "object", "additionalProperties": False, "required": ["name"],
        "properties": {
            # sdk ids are checked by the loader only: harness/detect/sdks.yaml grows with other work,
            # and a stale enum here would reject valid files.
            "name": text, "sdk": {"type": "string", "pattern": "^[a-z0-9_:.-]+$"}, "company": text,
            "packages": {"type": "array", "uniqueItems": True,
                         "items": {"type": "string", "pattern": loader._PREFIX.pattern}},
            "domains": {"type": "array", "uniqueItems": True, "items": host},
            "data_types": {"type": "array", "uniqueItems": True, "items": types},
            "purpose": text, "disclosed": {"type": "boolean"}, "source": source,
        },
    }
    permission = {
        "type": "object", "additionalProperties": False, "required": ["permission"],
        "properties": {
            # a group (CAMERA) or a manifest name (android.permission.CAMERA): the loader maps names to groups
            "permission": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_.]*$"}, "purpose": text,
            "source": source,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "App Privacy Harness declared policy",
        "description": "What an app declares about personal information. Documented in harness/policies/README.md.",
        "type": "object", "additionalProperties": False, "required": ["app"],
        "properties": {
            "version": {"const": loader.SCHEMA_VERSION},
            "app": {
                "type": "object", "additionalProperties": False, "required": ["package", "category"],
                "properties": {
                    "package": {"type": "string", "pattern": loader._PACKAGE.pattern},
                    "name": text,
                    "category": {"enum": [c.key for c in baseline.categories()] + [baseline.OTHER]},
                    "first_party_domains": {"type": "array", "uniqueItems": True, "items": host},
                },
            },
            "features": {"type": "array", "uniqueItems": True, "items": text},
            "data": {"type": "array", "items": data_item},
            "third_parties": {"type": "array", "items": party},
            "permissions": {"type": "array", "items": permission},
            "cross_border": {"type": "boolean"},
        },
    }


def render() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(render(), end="")
