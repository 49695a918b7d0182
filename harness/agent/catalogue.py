"""The hook catalogue: YAML files under hooks/ (data, not code) read into frozen entries.

A user adds a hook by adding a YAML entry; nothing else changes. Every entry is checked
here, once, so the agent never sees a malformed one: a bad entry is a one-line
CatalogueError naming the file, the entry and the field.

Entry fields (see hooks/README.md for the full story):
  id             stable, unique across all files ("telephony.get_device_id")
  class, method  Java class (binary name, `$` for nested) and method (`$init` = constructor)
  native         {module: libc.so | null (any module), symbol: open, args: [utf8, int, ...]}
                 instead of class/method; `args` says how to read each argument
  snapshot       {fields: [MODEL, ...]}: static fields read once (Build.*), not hooked
  overloads      "all" (default) or a list of parameter-type lists
  data_type      taxonomy id or null (context hooks: permission prompts, lifecycle)
  event          read | write | permission_request | lifecycle | sensor | native | snapshot
                 | tls (default: native for native hooks, snapshot for snapshots, else read)
  capture        {return: bool, args: [indexes], out_args: [indexes]} (out_args: native only,
                 read at return, e.g. the value buffer of __system_property_get)
  record_filter  {arg: N, equals | prefix | glob | authority | interface_token: [..], any_bit: [ints],
                 other_package: true}
                 decides only whether to RECORD a call, never what the app gets
  foreground     enter | exit: this lifecycle call moves the app to / from the foreground
  group          hook group (default: the method, or the native symbol): a call reached from
                 inside another call of the same group on the same thread is the same app call
                 (AOSP delegation, e.g. getImei() -> getImei(int), fopen -> open) and is not
                 recorded again; entries sharing a method or symbol share its group
  concrete_from  id of a factory entry: `class` is an interface (or obfuscated base) and the
                 method is hooked on the concrete class of the object that factory returns
                 (FusedLocationProviderClient is an interface since play-services-location 21)
  permission     Android permission involved, or null
  min_api, max_api  API levels where the method exists / reveals the data
  reasoning      why the entry is there (a source for the API behaviour)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from harness import resources
from harness.errors import CatalogueError
from harness.safeload import check_yaml
from harness.taxonomy import taxonomy

HOOKS_DIR = resources.located(*resources.HOOKS)
"""The shipped catalogue folder (package data; read through harness.resources so a missing one is an error)."""

EVENTS = frozenset({"read", "write", "permission_request", "lifecycle", "sensor", "native", "snapshot", "tls"})
NATIVE_ARG_TYPES = frozenset({"utf8", "int", "uint", "ptr", "ifreq_hwaddr", "skip"})
FILTER_MATCHERS = ("equals", "prefix", "glob", "authority", "interface_token")
_KNOWN_FIELDS = frozenset({
    "id", "class", "method", "native", "snapshot", "overloads", "data_type", "event", "capture",
    "record_filter", "foreground", "permission", "min_api", "max_api", "reasoning", "group", "concrete_from",
})


@dataclass(frozen=True, slots=True)
class Capture:
    """What an event carries: the return value and/or argument values (by index)."""

    ret: bool = True
    args: tuple[int, ...] = ()
    out_args: tuple[int, ...] = ()

    def to_spec(self) -> dict[str, Any]:
        return {"return": self.ret, "args": list(self.args), "out_args": list(self.out_args)}


@dataclass(frozen=True, slots=True)
class RecordFilter:
    """Record the call only when argument `arg` matches; the app's result is never touched.

    Matchers (any one matching is enough): `equals` exact strings, `prefix`, `glob`
    (`*` and `?` only, as the agent reads them; for native paths), `authority` (content:// URI authority), `interface_token` (the
    argument is an android.os.Parcel whose AIDL interface descriptor is one of these), `any_bit` (an int
    argument has one of these bits set: TelephonyManager.listen's event mask), and
    `other_package` (argument is a package name other than the app's own).
    """

    arg: int
    equals: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()
    glob: tuple[str, ...] = ()
    authority: tuple[str, ...] = ()
    interface_token: tuple[str, ...] = ()
    other_package: bool = False
    any_bit: int = 0
    """OR of the bits (0 = no bit test)."""

    def matches(self, value: str | None, app_packages: tuple[str, ...] = ()) -> bool:
        """Python twin of the agent's filter (used by tests and offline replays)."""
        if value is None:
            return False
        if value in self.equals or value.startswith(self.prefix or ("\0",)):
            return True
        if any(glob_match(value, g) for g in self.glob):
            return True
        if self.authority and uri_authority(value) in self.authority:
            return True
        if value in self.interface_token:   # `value` is the token the agent read from the Parcel
            return True
        if self.any_bit and value.lstrip("-").isdigit() and int(value) & self.any_bit:
            return True
        return self.other_package and value not in app_packages

    def to_spec(self) -> dict[str, Any]:
        return {"arg": self.arg, "equals": list(self.equals), "prefix": list(self.prefix),
                "glob": list(self.glob), "authority": list(self.authority),
                "interface_token": list(self.interface_token), "other_package": self.other_package, "any_bit": self.any_bit}


_PRIMITIVE_CODES = {"boolean": "Z", "byte": "B", "char": "C", "short": "S", "int": "I", "long": "J",
                    "float": "F", "double": "D"}


def frida_type(name: str) -> str:
    """Overload type as frida-java-bridge spells it: 'java.lang.String[]' -> '[Ljava.lang.String;'."""
    dims = 0
    while name.endswith("[]"):
        name, dims = name[:-2], dims + 1
    if not dims:
        return name
    return "[" * dims + (_PRIMITIVE_CODES.get(name) or f"L{name};")


@lru_cache(maxsize=1024)
def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile("".join("[\\s\\S]*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob) + r"\Z")


def glob_match(value: str, glob: str) -> bool:
    """The agent's glob (filter.ts): `*` any run of characters, `?` one; everything else literal (no [classes])."""
    return _glob_regex(glob).match(value) is not None


def uri_authority(uri: str) -> str | None:
    """'content://com.android.contacts/data' -> 'com.android.contacts'."""
    if "://" not in uri:
        return None
    rest = uri.split("://", 1)[1]
    return rest.split("/", 1)[0].split("?", 1)[0] or None


@dataclass(frozen=True, slots=True)
class HookEntry:
    """One catalogue entry: a Java method, a native symbol, or a static-field snapshot."""

    id: str
    java_class: str | None
    method: str | None
    overloads: str | tuple[tuple[str, ...], ...]
    """"all", or the parameter-type lists to hook."""
    native_module: str | None
    native_symbol: str | None
    native_args: tuple[str, ...]
    snapshot_fields: tuple[str, ...]
    data_type: str | None
    event: str
    capture: Capture
    record_filter: RecordFilter | None
    foreground: str | None
    permission: str | None
    min_api: int | None
    max_api: int | None
    reasoning: str
    source: str
    """"hooks/identifiers.yaml:12": where the entry is written."""
    group_name: str | None = None
    """Declared hook group, or None for the default (see `group`)."""
    concrete_from: str | None = None
    """Factory entry whose returned object's class is hooked instead of `java_class`."""

    @property
    def kind(self) -> str:
        """"java", "native" or "snapshot"."""
        if self.snapshot_fields:
            return "snapshot"
        return "native" if self.native_symbol else "java"

    @property
    def api(self) -> str:
        """'android.telephony.TelephonyManager.getDeviceId' or 'libc.so!open'."""
        if self.kind == "native":
            return f"{self.native_module or '*'}!{self.native_symbol}"
        return f"{self.java_class}.{self.method}" if self.method else str(self.java_class)

    @property
    def hook_point(self) -> str:
        """What one agent hook is installed on: 'Class#method' or 'native:symbol'."""
        if self.kind == "native":
            return f"native:{self.native_symbol}"
        return f"{self.java_class}#{self.method}"

    @property
    def group(self) -> str:
        """The hook group: nested calls within it on one thread are one app call."""
        return self.group_name or self.hook_point

    def applies_to(self, api_level: int | None) -> bool:
        """False when the device's API level is outside min_api..max_api."""
        if api_level is None:
            return True
        return not ((self.min_api and api_level < self.min_api) or (self.max_api and api_level > self.max_api))

    def to_spec(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "class": self.java_class, "method": self.method,
            "overloads": (self.overloads if isinstance(self.overloads, str)
                          else [[frida_type(t) for t in o] for o in self.overloads]),
            "module": self.native_module, "symbol": self.native_symbol, "native_args": list(self.native_args),
            "fields": list(self.snapshot_fields), "data_type": self.data_type, "event": self.event,
            "capture": self.capture.to_spec(),
            "filter": self.record_filter.to_spec() if self.record_filter else None,
            "foreground": self.foreground, "group": self.group, "concrete_from": self.concrete_from,
        }


@dataclass(frozen=True, slots=True)
class Catalogue:
    """All entries of the loaded files, in file then entry order."""

    entries: tuple[HookEntry, ...]
    files: tuple[Path, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # noqa: ANN204 - iterator of HookEntry
        return iter(self.entries)

    def get(self, hook_id: str) -> HookEntry | None:
        return next((e for e in self.entries if e.id == hook_id), None)

    def by_api(self, java_class: str, method: str) -> list[HookEntry]:
        return [e for e in self.entries if e.java_class == java_class and e.method == method]

    def select(self, *, api_level: int | None = None, ids: Iterable[str] | None = None,
               kinds: Iterable[str] | None = None) -> Catalogue:
        """A sub-catalogue: entries for this API level, only these ids / kinds."""
        wanted = set(ids) if ids is not None else None
        kind_set = set(kinds) if kinds is not None else None
        return Catalogue(tuple(
            e for e in self.entries
            if e.applies_to(api_level) and (wanted is None or e.id in wanted)
            and (kind_set is None or e.kind in kind_set)), self.files)

    def to_spec(self, *, api_level: int | None = None, app_packages: Iterable[str] = (),
                native: bool = True, tls_ca_pem: str | None = None,
                batch_size: int = 500, flush_ms: int = 50) -> dict[str, Any]:
        """The JSON-able spec the agent's `init` RPC takes (entries + run options)."""
        entries = [e.to_spec() for e in self.entries
                   if e.applies_to(api_level) and (native or e.kind != "native")]
        return {"entries": entries, "app_packages": list(app_packages), "batch_size": batch_size,
                "flush_ms": flush_ms, "tls_ca_pem": tls_ca_pem}


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers the line each mapping starts on (for `source`)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _EntryError(Exception):
    def __init__(self, fld: str, problem: str) -> None:
        super().__init__(f"field {fld!r}: {problem}")


def _str(raw: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise _EntryError(key, "missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _EntryError(key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any, fld: str) -> tuple[str, ...]:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise _EntryError(fld, f"expected a string or a list of strings, got {value!r}")
    return tuple(str(v) for v in value)


def _int_list(value: Any, fld: str) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                               for v in value):
        raise _EntryError(fld, f"expected a list of argument indexes, got {value!r}")
    return tuple(value)


def _overloads(value: Any) -> str | tuple[tuple[str, ...], ...]:
    if value is None or value == "all":
        return "all"
    if not isinstance(value, list) or not value:
        raise _EntryError("overloads", f"expected 'all' or a list of parameter-type lists, got {value!r}")
    out = []
    for sig in value:
        if not isinstance(sig, list) or not all(isinstance(t, str) and t for t in sig):
            raise _EntryError("overloads", f"signature {sig!r} is not a list of type names")
        out.append(tuple(sig))
    return tuple(out)


def _capture(value: Any, *, native: bool) -> Capture:
    if value is None:
        return Capture()
    if not isinstance(value, dict):
        raise _EntryError("capture", f"expected a mapping {{return, args}}, got {value!r}")
    unknown = set(value) - {"return", "args", "out_args", "__line__"}
    if unknown:
        raise _EntryError("capture", f"unknown key(s) {', '.join(sorted(unknown))}")
    ret = value.get("return", True)
    if not isinstance(ret, bool):
        raise _EntryError("capture", f"'return' must be true or false, got {ret!r}")
    out_args = _int_list(value.get("out_args"), "capture")
    if out_args and not native:
        raise _EntryError("capture", "'out_args' is for native hooks only")
    return Capture(ret=ret, args=_int_list(value.get("args"), "capture"), out_args=out_args)


def _filter(value: Any) -> RecordFilter | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _EntryError("record_filter", f"expected a mapping, got {value!r}")
    unknown = set(value) - {"arg", "other_package", "any_bit", "__line__", *FILTER_MATCHERS}
    if unknown:
        raise _EntryError("record_filter", f"unknown key(s) {', '.join(sorted(unknown))}")
    arg = value.get("arg")
    if not isinstance(arg, int) or isinstance(arg, bool) or arg < 0:
        raise _EntryError("record_filter", f"'arg' must be an argument index, got {arg!r}")
    lists = {k: _str_list(value[k], "record_filter") if k in value else () for k in FILTER_MATCHERS}
    other = value.get("other_package", False)
    if not isinstance(other, bool):
        raise _EntryError("record_filter", f"'other_package' must be true or false, got {other!r}")
    bits = _int_list(value.get("any_bit"), "record_filter")
    if not other and not bits and not any(lists.values()):
        raise _EntryError("record_filter", f"needs one of {', '.join(FILTER_MATCHERS)}, any_bit or other_package")
    mask = 0
    for b in bits:
        mask |= b
    return RecordFilter(arg=arg, other_package=other, any_bit=mask, **lists)


def _api(value: Any, fld: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 99:
        raise _EntryError(fld, f"expected an API level (1-99), got {value!r}")
    return value


def _entry(raw: Mapping[str, Any], source: str) -> HookEntry:
    unknown = set(raw) - _KNOWN_FIELDS - {"__line__"}
    if unknown:
        first = sorted(unknown)[0]
        raise _EntryError(first, "unknown field (typo?)")
    hook_id = _str(raw, "id", required=True)
    java_class, method = _str(raw, "class"), _str(raw, "method")
    native, snapshot = raw.get("native"), raw.get("snapshot")
    module = symbol = None
    native_args: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    if native is not None:
        if java_class or method:
            raise _EntryError("native", "an entry hooks a Java method or a native symbol, not both")
        if not isinstance(native, dict):
            raise _EntryError("native", f"expected {{module, symbol, args}}, got {native!r}")
        symbol = _str(native, "symbol")
        if symbol is None:
            raise _EntryError("native", "'symbol' is missing")
        module = _str(native, "module")
        native_args = _str_list(native.get("args", []), "native")
        bad = [a for a in native_args if a not in NATIVE_ARG_TYPES]
        if bad:
            raise _EntryError("native", f"unknown argument type {bad[0]!r} (known: {', '.join(sorted(NATIVE_ARG_TYPES))})")
    elif snapshot is not None:
        if not java_class:
            raise _EntryError("class", "a snapshot needs the class whose static fields it reads")
        if not isinstance(snapshot, dict) or "fields" not in snapshot:
            raise _EntryError("snapshot", f"expected {{fields: [...]}}, got {snapshot!r}")
        fields = _str_list(snapshot["fields"], "snapshot")
    else:
        if not java_class:
            raise _EntryError("class", "missing (or give 'native' / 'snapshot')")
        if not method:
            raise _EntryError("method", "missing")
    data_type = raw.get("data_type")
    if data_type is not None and (not isinstance(data_type, str) or data_type not in taxonomy()):
        raise _EntryError("data_type", f"unknown data type {data_type!r}")
    default_event = "native" if symbol else "snapshot" if fields else "read"
    event = raw.get("event", default_event)
    if event not in EVENTS:
        raise _EntryError("event", f"unknown event {event!r} (known: {', '.join(sorted(EVENTS))})")
    foreground = raw.get("foreground")
    if foreground not in (None, "enter", "exit"):
        raise _EntryError("foreground", f"expected enter or exit, got {foreground!r}")
    capture = _capture(raw.get("capture"), native=bool(symbol))
    rfilter = _filter(raw.get("record_filter"))
    if symbol and rfilter and rfilter.arg >= len(native_args):
        raise _EntryError("record_filter", f"argument {rfilter.arg} has no type in native.args")
    if symbol:
        worst = max(capture.args + capture.out_args, default=-1)
        if worst >= len(native_args):
            raise _EntryError("capture", f"argument {worst} has no type in native.args")
    permission = _str(raw, "permission")
    min_api, max_api = _api(raw.get("min_api"), "min_api"), _api(raw.get("max_api"), "max_api")
    if min_api and max_api and min_api > max_api:
        raise _EntryError("max_api", f"{max_api} is below min_api {min_api}")
    reasoning = _str(raw, "reasoning", required=True) or ""
    overloads = _overloads(raw.get("overloads")) if not (symbol or fields) else "all"
    group = _str(raw, "group")
    concrete_from = _str(raw, "concrete_from")
    if concrete_from and (symbol or fields):
        raise _EntryError("concrete_from", "only Java method entries can hook a factory's concrete class")
    return HookEntry(
        id=hook_id or "", java_class=java_class, method=method, overloads=overloads,
        native_module=module, native_symbol=symbol, native_args=native_args, snapshot_fields=fields,
        data_type=data_type, event=event, capture=capture, record_filter=rfilter, foreground=foreground,
        permission=permission, min_api=min_api, max_api=max_api, reasoning=reasoning, source=source,
        group_name=group, concrete_from=concrete_from)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(HOOKS_DIR.parent))
    except ValueError:
        return str(path)


def load_file(path: Path) -> list[HookEntry]:
    """Entries of one YAML file; CatalogueError (one line: file, entry, field) when malformed."""
    where = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise CatalogueError(f"{where}: cannot read: {e.strerror}") from e
    check_yaml(text, where, error=CatalogueError)
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise CatalogueError(f"{where}: not valid YAML{line}: {problem}") from e
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get("hooks"), list):
        raise CatalogueError(f"{where}: expected a mapping with a 'hooks:' list")
    entries = []
    for i, item in enumerate(raw["hooks"], start=1):
        if not isinstance(item, dict):
            raise CatalogueError(f"{where}: entry #{i}: expected a mapping, got {item!r}")
        name = item.get("id") if isinstance(item.get("id"), str) else "?"
        try:
            entries.append(_entry(item, f"{where}:{item.get('__line__', '?')}"))
        except _EntryError as e:
            raise CatalogueError(f"{where}: entry {name!r} (#{i}): {e}") from None
    return entries


def default_paths() -> list[Path]:
    """Every shipped hooks/*.yaml, sorted by name; CatalogueError when there are none."""
    paths = sorted(resources.data_path(*resources.HOOKS).glob("*.yaml"))
    if not paths:
        raise CatalogueError(f"{HOOKS_DIR}: no hook catalogue files (*.yaml): broken install?")
    return paths


def load_catalogue(paths: list[Path] | None = None) -> Catalogue:
    """Read the given YAML files (default: every hooks/*.yaml); ids must be unique across them."""
    files = [Path(p) for p in (default_paths() if paths is None else paths)]
    entries: list[HookEntry] = []
    seen: dict[str, str] = {}
    for path in files:
        for entry in load_file(path):
            if entry.id in seen:
                raise CatalogueError(f"{entry.source.rsplit(':', 1)[0]}: entry {entry.id!r}: field 'id': "
                                     f"duplicate of {seen[entry.id]}")
            seen[entry.id] = entry.source
            entries.append(entry)
    if not entries:
        raise CatalogueError(f"{', '.join(map(_display, files)) or 'hook catalogue'}: no hooks: "
                             "a run with an empty catalogue would observe nothing")
    _check_groups(entries)
    _check_factories(entries)
    return Catalogue(tuple(entries), tuple(files))


def _check_factories(entries: list[HookEntry]) -> None:
    """`concrete_from` names a Java method entry without record_filter (its every return counts)."""
    by_id = {e.id: e for e in entries}
    for e in entries:
        if e.concrete_from is None:
            continue
        factory = by_id.get(e.concrete_from)
        problem = ("is not an entry" if factory is None else "is not a Java method entry" if factory.kind != "java"
                   else "has a record_filter (the factory must be seen on every call)" if factory.record_filter
                   else None)
        if problem:
            raise CatalogueError(f"{e.source.rsplit(':', 1)[0]}: entry {e.id!r}: field 'concrete_from': "
                                 f"{e.concrete_from!r} {problem}")


def _check_groups(entries: list[HookEntry]) -> None:
    """Entries on one method or symbol share one agent hook, hence one hook group."""
    first: dict[str, HookEntry] = {}
    for e in entries:
        if e.kind == "snapshot":
            continue
        other = first.setdefault(e.hook_point, e)
        if other.group != e.group:
            raise CatalogueError(f"{e.source.rsplit(':', 1)[0]}: entry {e.id!r}: field 'group': {e.group!r} differs "
                                 f"from {other.group!r} of {other.id!r} on the same hook point {e.hook_point}")


@cache
def default_catalogue() -> Catalogue:
    """The repo's catalogue (every hooks/*.yaml), read and checked once per process.

    Each agent session (one per app launch / scenario) and each static analysis would
    otherwise re-read and re-check every YAML file; a Catalogue is immutable, so one serves all.
    """
    return load_catalogue()
