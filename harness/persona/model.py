"""A persona: what the device and the account look like for one differential run.

PIPL Art. 24 (differential pricing) and Art. 31 (children under 14) are visible only as a
difference between runs that vary one thing, so a persona is a flat set of named attributes
(`device.model`, `account.returning`, `age`, ...) that two runs can be compared on. The YAML
form is documented in `harness/policies/personas/README.md`; `load_persona` checks it and reports a
problem as one line naming the file, the key and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.errors import InputError
from harness.safeload import check_yaml

CHILD_AGE = 14
"""PIPL Art. 28/31: the personal information of a child under 14 is sensitive."""
ADULT_AGE = 18
MAX_BYTES = 64 * 1024
"""A persona is a few lines: anything larger is not one."""
MAX_LIST = 500

SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "device": {"model": str, "brand": str, "manufacturer": str, "os_version": str, "sdk_int": int},
    "network": {"type": str, "carrier": str},
    "account": {"member": str, "age_days": int, "returning": bool, "user_id": str},
    "location": {"lat": (int, float), "lon": (int, float)},
}
"""Nested sections and their keys; top-level scalars are below."""
TOP_SCALARS: dict[str, type | tuple[type, ...]] = {"name": str, "description": str, "locale": str, "age": int}
TOP_LISTS = ("installed_apps",)
NETWORK_TYPES = ("wifi", "mobile", "ethernet", "none")


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    attributes: dict[str, Any]
    """Flat `section.key` -> value (lists as sorted tuples), the unit runs are compared on."""
    description: str = ""
    source: str | None = None
    installed_apps: tuple[str, ...] = field(default=())

    @property
    def age(self) -> int | None:
        return self.attributes.get("age")

    @property
    def age_group(self) -> str | None:
        """"child" (< 14), "teen" (14-17), "adult", or None when no age is stated."""
        if self.age is None:
            return None
        if self.age < CHILD_AGE:
            return "child"
        return "teen" if self.age < ADULT_AGE else "adult"

    @property
    def is_child(self) -> bool:
        return self.age_group == "child"

    def get(self, key: str, default: Any = None) -> Any:
        return self.attributes.get(key, default)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "source": self.source,
                "age_group": self.age_group,
                "attributes": {k: list(v) if isinstance(v, tuple) else v for k, v in self.attributes.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Persona:
        """The inverse of to_json (a run.json's `persona`); unknown shapes give an empty persona."""
        attrs = data.get("attributes") if isinstance(data, dict) else None
        attrs = {str(k): tuple(v) if isinstance(v, list) else v for k, v in (attrs or {}).items()}
        return cls(name=str(data.get("name") or "persona") if isinstance(data, dict) else "persona",
                   attributes=attrs, description=str((data or {}).get("description") or ""),
                   source=(data or {}).get("source"), installed_apps=tuple(attrs.get("installed_apps", ())))


def differing(a: Persona, b: Persona) -> list[str]:
    """The attribute names whose values differ between two personas (missing counts as a value)."""
    keys = sorted(set(a.attributes) | set(b.attributes))
    return [k for k in keys if a.attributes.get(k) != b.attributes.get(k)]


def load_persona(path: str | Path) -> Persona:
    """Read and check one persona YAML file (InputError with `file: key: problem` otherwise)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read persona file: {e.strerror or e}") from e
    if len(raw) > MAX_BYTES:
        raise InputError(f"{p}: persona file is {len(raw)} bytes, more than {MAX_BYTES}: not a persona")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{p}: persona file is not UTF-8 (byte {e.start})") from e
    check_yaml(text, str(p))
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"{p}{where}: not valid YAML: {problem}") from e
    except RecursionError as e:
        raise InputError(f"{p}: YAML nested too deeply") from e
    return parse_persona(doc, source=str(p), default_name=p.stem)


def parse_persona(doc: Any, *, source: str = "<persona>", default_name: str = "persona") -> Persona:
    """Check a parsed persona document; every problem names its key."""
    if not isinstance(doc, dict):
        raise InputError(f"{source}: a persona is a mapping of attributes, got {type(doc).__name__}")
    attrs: dict[str, Any] = {}
    for key, value in doc.items():
        if not isinstance(key, str):
            raise InputError(f"{source}: key {key!r} is not a name")
        if key in SCHEMA:
            attrs.update(_section(source, key, value))
        elif key in TOP_SCALARS:
            attrs[key] = _scalar(source, key, value, TOP_SCALARS[key])
        elif key in TOP_LISTS:
            attrs[key] = _string_list(source, key, value)
        else:
            known = ", ".join([*TOP_SCALARS, *SCHEMA, *TOP_LISTS])
            raise InputError(f"{source}: unknown key {key!r} (known: {known})")
    name = str(attrs.pop("name", default_name))
    description = str(attrs.pop("description", ""))
    age = attrs.get("age")
    if age is not None and not 0 <= age <= 130:
        raise InputError(f"{source}: age: {age} is not an age in years")
    if attrs.get("network.type") not in (None, *NETWORK_TYPES):
        raise InputError(f"{source}: network.type: {attrs['network.type']!r} is not one of {', '.join(NETWORK_TYPES)}")
    for axis, bound in (("location.lat", 90), ("location.lon", 180)):
        if axis in attrs and not -bound <= attrs[axis] <= bound:
            raise InputError(f"{source}: {axis}: {attrs[axis]} is out of range")
    return Persona(name=name, attributes=attrs, description=description, source=source,
                   installed_apps=tuple(attrs.get("installed_apps", ())))


def _section(source: str, section: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{source}: {section}: expected a mapping, got {type(value).__name__}")
    out = {}
    for key, item in value.items():
        kinds = SCHEMA[section].get(key) if isinstance(key, str) else None
        if kinds is None:
            raise InputError(f"{source}: {section}.{key}: unknown key (known: {', '.join(SCHEMA[section])})")
        out[f"{section}.{key}"] = _scalar(source, f"{section}.{key}", item, kinds)
    return out


def _scalar(source: str, key: str, value: Any, kinds: type | tuple[type, ...]) -> Any:
    kinds_t = kinds if isinstance(kinds, tuple) else (kinds,)
    # bool is an int in Python: a stated age of `true` is a mistake, not 1
    if isinstance(value, bool) and bool not in kinds_t:
        raise InputError(f"{source}: {key}: expected {_names(kinds_t)}, got a boolean")
    if not isinstance(value, kinds_t):
        raise InputError(f"{source}: {key}: expected {_names(kinds_t)}, got {type(value).__name__}")
    if isinstance(value, str) and (len(value) > 200 or any(ord(c) < 32 for c in value)):
        raise InputError(f"{source}: {key}: a short single-line text is expected")
    return value


def _string_list(source: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{source}: {key}: expected a list of names")
    if len(value) > MAX_LIST:
        raise InputError(f"{source}: {key}: more than {MAX_LIST} entries")
    return tuple(sorted(set(value)))


def _names(kinds: tuple[type, ...]) -> str:
    return " or ".join({"str": "text", "int": "a whole number", "float": "a number", "bool": "true/false"}
                       .get(k.__name__, k.__name__) for k in kinds)
