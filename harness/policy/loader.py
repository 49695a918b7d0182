"""Read a declared-policy YAML file into a Policy, reporting every problem as `file:line:col: message`.

The file is composed into nodes (yaml.SafeLoader, so safe_load semantics: no python tags) and
walked by hand, which keeps each node's position: a person fixing a policy needs to be told
where, and about all problems at once, not one per run. The schema is documented in
harness/policies/README.md; harness/policies/schema/policy.schema.json mirrors it for editors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from harness.detect.sdk_db import sdk_database
from harness.errors import InputError, PolicyError
from harness.policy import baseline
from harness.policy.model import (
    AppInfo,
    CollectionTime,
    DataItem,
    DeclaredPermission,
    Frequency,
    FunctionKind,
    Policy,
    ThirdParty,
)
from harness.safeload import check_yaml
from harness.taxonomy import taxonomy
from harness.taxonomy.permissions import full_name
from harness.taxonomy.permissions import group_of as permission_group_of
from harness.taxonomy.permissions import groups as permission_groups

SCHEMA_VERSION = 1

_PACKAGE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
_PREFIX = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|d)\s*$")
_UNITS = {"ms": 0.001, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}

TOP_KEYS = ("version", "app", "features", "data", "third_parties", "permissions", "cross_border")
APP_KEYS = ("package", "name", "category", "first_party_domains")
DATA_KEYS = ("type", "purpose", "function", "when", "feature", "background", "frequency",
             "separate_consent", "source")
PERMISSION_KEYS = ("permission", "purpose", "source")
THIRD_PARTY_KEYS = ("name", "sdk", "company", "packages", "domains", "data_types", "purpose", "disclosed",
                    "source")
FREQUENCY_KEYS = ("count", "per")


class PolicyFileError(PolicyError):
    """A policy file with problems; `errors` holds every `file:line:col: message` line.

    str() stays one line (the harness prints errors on one line): the first problem and a count.
    """

    def __init__(self, path: str, errors: list[str]) -> None:
        self.path = path
        self.errors = tuple(errors)
        more = f" (and {len(errors) - 1} more; run 'harness policy check {path}')" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


class _Walker:
    """Collects errors while turning nodes into plain values."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._errors: list[tuple[int, int, str]] = []
        self._constructor = SafeConstructor()

    def error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self._errors.append((mark.line + 1, mark.column + 1, message))

    @property
    def errors(self) -> list[str]:
        """Error lines in file order (a reader fixes a file top to bottom)."""
        return [f"{self.label}:{line}:{col}: {msg}" for line, col, msg in sorted(self._errors)]

    # ---- scalars ---------------------------------------------------------------------
    def scalar(self, node: Node) -> Any:
        return self._constructor.construct_object(node, deep=True)

    def describe(self, node: Node) -> str:
        if isinstance(node, MappingNode):
            return "a mapping"
        if isinstance(node, SequenceNode):
            return "a list"
        try:
            value = self.scalar(node)
        except ConstructorError:
            return f"a value tagged {node.tag}"
        if value is None:
            return "nothing (null)"
        if isinstance(value, bool):
            return f"boolean {str(value).lower()}"
        if isinstance(value, int | float):
            return f"number {value}"
        if isinstance(value, str):
            return f"string {value!r}"
        return f"{type(value).__name__} {value!r}"

    def typed(self, node: Node, where: str, kinds: tuple[type, ...], expected: str) -> Any:
        if isinstance(node, ScalarNode):
            try:
                value = self.scalar(node)
            except ConstructorError as e:
                self.error(node, f"{where}: unsupported YAML value ({e.problem})")
                return None
            if isinstance(value, kinds) and not (bool not in kinds and isinstance(value, bool)):
                return value
        self.error(node, f"{where}: expected {expected}, got {self.describe(node)}")
        return None

    def text(self, node: Node, where: str, *, required: bool = False) -> str | None:
        value = self.typed(node, where, (str,), "text")
        if value is not None and required and not value.strip():
            self.error(node, f"{where}: must not be empty")
            return None
        return value

    def boolean(self, node: Node, where: str) -> bool | None:
        return self.typed(node, where, (bool,), "true or false")

    def choice(self, node: Node, where: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, where)
        if value is not None and value not in allowed:
            self.error(node, f"{where}: expected one of {', '.join(allowed)}, got {value!r}{_hint(value, allowed)}")
            return None
        return value

    # ---- collections -----------------------------------------------------------------
    def mapping(self, node: Node, where: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> dict[str, tuple[Node, Node]] | None:
        if not isinstance(node, MappingNode) or node.tag != "tag:yaml.org,2002:map":
            self.error(node, f"{where or 'top level'}: expected a mapping, got {self.describe(node)}")
            return None
        out: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{where}: keys must be text, got {self.describe(key_node)}")
                continue
            if key in out:
                first = out[key][0].start_mark.line + 1
                self.error(key_node, f"{_join(where, key)}: duplicate key (first at line {first})")
                continue
            if key not in allowed:
                self.error(key_node, f"{where or 'top level'}: unknown key {key!r}{_hint(key, allowed)}"
                           f" (allowed: {', '.join(allowed)})")
                continue
            out[key] = (key_node, value_node)
        for key in required:
            if key not in out:
                self.error(node, f"{where or 'top level'}: missing required key {key!r}")
        return out

    def sequence(self, node: Node, where: str) -> list[Node] | None:
        if _is_null(node):
            return []
        if not isinstance(node, SequenceNode) or node.tag != "tag:yaml.org,2002:seq":
            self.error(node, f"{where}: expected a list, got {self.describe(node)}")
            return None
        return list(node.value)

    def text_list(self, node: Node, where: str, check: Callable[[Node, str, str], bool] | None = None,
                  ) -> tuple[str, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        out: list[str] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            w = f"{where}[{i}]"
            value = self.text(item, w, required=True)
            if value is None or (check is not None and not check(item, w, value)):
                continue
            if value in seen:
                self.error(item, f"{w}: {value!r} is listed twice (first at line {seen[value]})")
                continue
            seen[value] = item.start_mark.line + 1
            out.append(value)
        return tuple(out)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _hint(value: str, choices: tuple[str, ...] | list[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered and lowered[value.lower()] != value:
        return f" (did you mean {lowered[value.lower()]!r}?)"
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ---- field checks ----------------------------------------------------------------------
@cache
def _type_names() -> dict[str, str]:
    """Lower-cased zh/en names and synonyms -> type id, for 'did you mean' hints."""
    return {s.lower(): t.id for t in taxonomy() for s in (t.zh, t.en, *t.synonyms)}


def _type_checker(w: _Walker) -> Callable[[Node, str, str], bool]:
    tax = taxonomy()

    def check(node: Node, where: str, value: str) -> bool:
        if value in tax:
            return True
        hint = _hint(value, tax.ids())
        by_name = _type_names()
        if not hint and value.lower() in by_name:
            hint = f" (did you mean {by_name[value.lower()]!r}?)"
        w.error(node, f"{where}: unknown data type {value!r}{hint} (see harness/taxonomy/data_types.yaml)")
        return False
    return check


def _pattern_checker(w: _Walker, pattern: re.Pattern[str], expected: str) -> Callable[[Node, str, str], bool]:
    def check(node: Node, where: str, value: str) -> bool:
        if pattern.match(value):
            return True
        w.error(node, f"{where}: expected {expected}, got {value!r}")
        return False
    return check


def _host_checker(w: _Walker) -> Callable[[Node, str, str], bool]:
    return _pattern_checker(w, _HOST, "a lower-case host name like 'example.com'")


def _prefix_checker(w: _Walker) -> Callable[[Node, str, str], bool]:
    return _pattern_checker(w, _PREFIX, "a Java package prefix like 'com.umeng'")


def _duration(w: _Walker, node: Node, where: str) -> float | None:
    value = w.typed(node, where, (int, float, str), "a duration like 60s, 5m, 1h or a number of seconds")
    if value is None:
        return None
    if isinstance(value, str):
        m = _DURATION.match(value)
        if not m:
            w.error(node, f"{where}: expected a duration like 60s, 5m, 1h or 1d, got {value!r}")
            return None
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    else:
        seconds = float(value)
    if seconds <= 0:
        w.error(node, f"{where}: must be longer than zero")
        return None
    return seconds


def _citation(w: _Walker, node: Node, where: str) -> tuple[str, ...]:
    if isinstance(node, ScalarNode) and not _is_null(node):
        text = w.text(node, where)
        return (text,) if text else ()
    return w.text_list(node, where) or ()


# ---- sections ---------------------------------------------------------------------------
def _app(w: _Walker, node: Node) -> AppInfo | None:
    fields = w.mapping(node, "app", APP_KEYS, required=("package", "category"))
    if fields is None:
        return None
    package = category = None
    name, domains = "", ()
    if "package" in fields:
        vnode = fields["package"][1]
        package = w.text(vnode, "app.package", required=True)
        if package is not None and not _PACKAGE.match(package):
            w.error(vnode, f"app.package: expected an Android package name like 'com.example.app', got {package!r}")
            package = None
    if "category" in fields:
        vnode = fields["category"][1]
        category = w.text(vnode, "app.category", required=True)
        keys = sorted(baseline.category_keys())
        if category is not None and category != baseline.OTHER and category not in keys:
            by_zh = {c.name_zh: c.key for c in baseline.categories()}
            hint = f" (did you mean {by_zh[category]!r}?)" if category in by_zh else _hint(category, keys)
            w.error(vnode, f"app.category: unknown category {category!r}{hint}"
                           " (one of the 39 keys in harness/policies/baselines/necessary-pi-39.yaml, or 'other')")
            category = None
    if "name" in fields and not _is_null(fields["name"][1]):
        name = w.text(fields["name"][1], "app.name") or ""
    if "first_party_domains" in fields:
        domains = w.text_list(fields["first_party_domains"][1], "app.first_party_domains", _host_checker(w)) or ()
    if package is None or category is None:
        return None
    return AppInfo(package=package, category=category, name=name, first_party_domains=domains)


def _frequency(w: _Walker, node: Node, where: str) -> Frequency | None:
    fields = w.mapping(node, where, FREQUENCY_KEYS, required=FREQUENCY_KEYS)
    if fields is None or len(fields) < 2:
        return None
    count = w.typed(fields["count"][1], f"{where}.count", (int,), "a whole number")
    if count is not None and count < 1:
        w.error(fields["count"][1], f"{where}.count: must be at least 1, got {count}")
        count = None
    per = _duration(w, fields["per"][1], f"{where}.per")
    return Frequency(count=count, per_seconds=per) if count is not None and per is not None else None


def _data_item(w: _Walker, node: Node, where: str, seen: dict[str, int]) -> DataItem | None:
    fields = w.mapping(node, where, DATA_KEYS, required=("type",))
    if fields is None:
        return None
    ok = True
    type_id = None
    if "type" in fields:
        tnode = fields["type"][1]
        type_id = w.text(tnode, f"{where}.type", required=True)
        if type_id is not None and not _type_checker(w)(tnode, f"{where}.type", type_id):
            type_id = None
        elif type_id is not None and type_id in seen:
            w.error(tnode, f"{where}.type: data type {type_id!r} is already declared at line {seen[type_id]}"
                           " (one item per type)")
            type_id = None
        elif type_id is not None:
            seen[type_id] = node.start_mark.line + 1
    kwargs: dict[str, Any] = {}
    for key, (_, vnode) in fields.items():
        wk = f"{where}.{key}"
        if key == "type":
            continue
        if _is_null(vnode) and key not in ("function", "when"):
            continue
        if key == "purpose" or key == "feature":
            value = w.text(vnode, wk, required=key == "feature")
        elif key == "function":
            value = w.choice(vnode, wk, tuple(k.value for k in FunctionKind))
            value = FunctionKind(value) if value else None
        elif key == "when":
            value = w.choice(vnode, wk, tuple(k.value for k in CollectionTime))
            value = CollectionTime(value) if value else None
        elif key in ("background", "separate_consent"):
            value = w.boolean(vnode, wk)
        elif key == "frequency":
            value = _frequency(w, vnode, wk)
        else:  # source
            kwargs["citation"] = _citation(w, vnode, wk)
            continue
        if value is None:
            ok = False
        else:
            kwargs[key] = value
    when = kwargs.get("when", CollectionTime.ON_CONSENT)
    if when is CollectionTime.ON_FEATURE_USE and "feature" not in kwargs and "when" in fields:
        if "feature" not in fields:
            w.error(fields["when"][1], f"{where}: when is on_feature_use but no 'feature' names the feature")
        ok = False
    if when is CollectionTime.ON_CONSENT and "feature" in kwargs:
        w.error(fields["feature"][0], f"{where}.feature: only meaningful with 'when: on_feature_use'")
        ok = False
    if type_id is None or not ok:
        return None
    return DataItem(type=type_id, line=node.start_mark.line + 1, **kwargs)


def _third_party(w: _Walker, node: Node, where: str, seen_sdk: dict[str, int]) -> ThirdParty | None:
    fields = w.mapping(node, where, THIRD_PARTY_KEYS, required=("name",))
    if fields is None:
        return None
    ok = "name" in fields
    kwargs: dict[str, Any] = {}
    sdk = None
    for key, (_, vnode) in fields.items():
        wk = f"{where}.{key}"
        if _is_null(vnode) and key != "name":
            continue
        if key == "name":
            value = w.text(vnode, wk, required=True)
        elif key in ("purpose", "company"):
            value = w.text(vnode, wk)
        elif key == "sdk":
            value = w.text(vnode, wk, required=True)
            db = sdk_database()
            if value is not None and value not in db.sdks:
                w.error(vnode, f"{wk}: unknown SDK id {value!r}{_hint(value, list(db.sdks))}"
                               " (see harness/detect/sdks.yaml; leave 'sdk' out for other parties)")
                value = None
            elif value is not None and value in seen_sdk:
                w.error(vnode, f"{wk}: SDK {value!r} is already declared at line {seen_sdk[value]}")
                value = None
            elif value is not None:
                seen_sdk[value] = node.start_mark.line + 1
                sdk = db.sdks[value]
        elif key == "packages":
            value = w.text_list(vnode, wk, _prefix_checker(w))
        elif key == "domains":
            value = w.text_list(vnode, wk, _host_checker(w))
        elif key == "data_types":
            value = w.text_list(vnode, wk, _type_checker(w))
        elif key == "disclosed":
            value = w.boolean(vnode, wk)
        else:  # source
            kwargs["citation"] = _citation(w, vnode, wk)
            continue
        if value is None:
            ok = False
        else:
            kwargs["sdk_id" if key == "sdk" else key] = value
    if not ok:
        return None
    if sdk is not None:
        kwargs.setdefault("packages", sdk.packages)
        kwargs.setdefault("domains", sdk.domains)
    return ThirdParty(line=node.start_mark.line + 1, **kwargs)


def permission_group(value: str) -> str | None:
    """A group name (CAMERA) or a manifest name (CAMERA's android.permission.CAMERA) -> its group."""
    if value.upper() in permission_groups():
        return value.upper()
    return permission_group_of(full_name(value))


def _permission(w: _Walker, node: Node, where: str, seen: dict[str, int]) -> DeclaredPermission | None:
    fields = w.mapping(node, where, PERMISSION_KEYS, required=("permission",))
    if fields is None or "permission" not in fields:
        return None
    pnode = fields["permission"][1]
    name = w.text(pnode, f"{where}.permission", required=True)
    if name is None:
        return None
    group = permission_group(name)
    if group is None:
        groups = sorted(permission_groups())
        w.error(pnode, f"{where}.permission: {name!r} is neither a permission group nor a permission that "
                       f"reaches personal information{_hint(name.upper(), groups)}")
        return None
    if group in seen:
        w.error(pnode, f"{where}.permission: group {group} is already declared at line {seen[group]}")
        return None
    seen[group] = node.start_mark.line + 1
    purpose = w.text(fields["purpose"][1], f"{where}.purpose") if "purpose" in fields else None
    citation = _citation(w, fields["source"][1], f"{where}.source") if "source" in fields else ()
    return DeclaredPermission(group=group, purpose=purpose or "", line=node.start_mark.line + 1, citation=citation)


def _permissions(w: _Walker, node: Node) -> tuple[DeclaredPermission, ...]:
    seen: dict[str, int] = {}
    parsed = (_permission(w, item, f"permissions[{i}]", seen) for i, item in enumerate(w.sequence(node, "permissions") or []))
    return tuple(p for p in parsed if p is not None)


def parse_policy(text: str, label: str) -> tuple[Policy | None, list[str]]:
    """The Policy (None when there are errors) and every error line, for text read from `label`."""
    w = _Walker(label)
    try:
        check_yaml(text, label)
    except InputError as e:
        return None, [str(e)]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        problem = e.problem or e.context or "cannot parse"
        return None, [f"{label}:{where}: invalid YAML: {problem}"]
    except yaml.YAMLError as e:
        return None, [f"{label}:1:1: invalid YAML: {str(e).splitlines()[0]}"]
    if root is None or _is_null(root):
        return None, [f"{label}:1:1: empty policy (expected a mapping with at least 'app:')"]
    top = w.mapping(root, "", TOP_KEYS, required=("app",))
    if top is None:
        return None, w.errors
    app = _app(w, top["app"][1]) if "app" in top else None
    values: dict[str, Any] = {}
    if "version" in top:
        vnode = top["version"][1]
        version = w.typed(vnode, "version", (int,), "a whole number")
        if version is not None and version != SCHEMA_VERSION:
            w.error(vnode, f"version: this harness reads policy schema version {SCHEMA_VERSION}, got {version}")
    if "cross_border" in top:
        values["cross_border"] = w.boolean(top["cross_border"][1], "cross_border")
    features: list[str] = []
    if "features" in top:
        features.extend(w.text_list(top["features"][1], "features") or ())
    data: list[DataItem] = []
    if "data" in top:
        seen: dict[str, int] = {}
        for i, item in enumerate(w.sequence(top["data"][1], "data") or []):
            parsed = _data_item(w, item, f"data[{i}]", seen)
            if parsed is not None:
                data.append(parsed)
    parties: list[ThirdParty] = []
    if "third_parties" in top:
        seen_sdk: dict[str, int] = {}
        for i, item in enumerate(w.sequence(top["third_parties"][1], "third_parties") or []):
            parsed = _third_party(w, item, f"third_parties[{i}]", seen_sdk)
            if parsed is not None:
                parties.append(parsed)
    permissions = _permissions(w, top["permissions"][1]) if "permissions" in top else None
    if w.errors or app is None:
        return None, w.errors
    for d in data:
        if d.feature and d.feature not in features:
            features.append(d.feature)
    return Policy(app=app, data=tuple(data), third_parties=tuple(parties),
                  cross_border=bool(values.get("cross_border", False)), source=label,
                  features=tuple(features), permissions=permissions), []


def _read(path: str | Path) -> str:
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PolicyError(f"{path}: is a directory, expected a policy YAML file") from None
    except UnicodeDecodeError as e:
        raise PolicyError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except OSError as e:
        raise PolicyError(f"{path}: cannot read: {e.strerror}") from None


def check_policy(path: str | Path) -> list[str]:
    """Every problem of a policy file as `file:line:col: message`; [] when it is valid."""
    try:
        text = _read(path)
    except PolicyError as e:
        return [str(e)]
    return parse_policy(text, str(path))[1]


def load_policy(path: str | Path) -> Policy:
    """The Policy in a YAML file; PolicyFileError (exit 2) carrying all problems otherwise."""
    policy, errors = parse_policy(_read(path), str(path))
    if errors or policy is None:
        raise PolicyFileError(str(path), errors or [f"{path}: invalid policy"])
    return policy
