"""A small DEX table reader: class names, strings and which methods invoke which method refs.

Why not androguard's DEX object: on a 3,000-class app it alone costs about as much memory
as the whole budget of the default path, and it builds objects for every item. Here the
header tables (string_ids, type_ids, method_ids, class_defs) are read with struct, code
items are located through class_data, and only the code of methods whose bytes can hold a
wanted method index is decoded (one regex over each code item), so cost grows with the
few call sites that matter, not with the app. Format: source.android.com/docs/core/runtime/dex-format.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from harness.errors import ApkError

_U4 = struct.Struct("<I")

# Width in 16-bit code units of each opcode (payload pseudo-ops handled separately).
_WIDTH = bytearray([1] * 256)
for _op, _w in {
    0x02: 2, 0x03: 3, 0x05: 2, 0x06: 3, 0x08: 2, 0x09: 3, 0x13: 2, 0x14: 3, 0x15: 2, 0x16: 2,
    0x17: 3, 0x18: 5, 0x19: 2, 0x1a: 2, 0x1b: 3, 0x1c: 2, 0x1f: 2, 0x20: 2, 0x22: 2, 0x23: 2,
    0x24: 3, 0x25: 3, 0x26: 3, 0x29: 2, 0x2a: 3, 0x2b: 3, 0x2c: 3, 0xfa: 4, 0xfb: 4, 0xfc: 3,
    0xfd: 3, 0xfe: 2, 0xff: 2,
}.items():
    _WIDTH[_op] = _w
for _op in (*range(0x2d, 0x3e), *range(0x44, 0x6e), *range(0x90, 0xb0), *range(0xd0, 0xe3)):
    _WIDTH[_op] = 2
for _op in (*range(0x6e, 0x73), *range(0x74, 0x79)):
    _WIDTH[_op] = 3
_INVOKES = frozenset((*range(0x6e, 0x73), *range(0x74, 0x79), 0xfa, 0xfb))
_CONST_STRING, _CONST_STRING_JUMBO, _SGET_OBJECT = 0x1a, 0x1b, 0x62
NO_INDEX = 0xFFFFFFFF


class _Everything(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


_ALL = _Everything()


def _uleb(buf: bytes, off: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[off]
        off += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, off
        shift += 7


def _mutf8(raw: bytes) -> str:
    """Modified UTF-8 (CESU surrogates, 0xC0 0x80 for NUL) to str."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass").encode(
            "utf-16", "surrogatepass").decode("utf-16", "replace")


def descriptor_to_java(desc: str) -> str:
    """'Lcom/a/B$C;' -> 'com.a.B$C'; '[I' -> 'int[]'; primitives by name."""
    dims = len(desc) - len(desc.lstrip("["))
    base = desc[dims:]
    name = _PRIMS.get(base) or (base[1:-1].replace("/", ".") if base.startswith("L") else base)
    return name + "[]" * dims


_PRIMS = {"V": "void", "Z": "boolean", "B": "byte", "S": "short", "C": "char", "I": "int", "J": "long",
          "F": "float", "D": "double"}


@dataclass(frozen=True, slots=True)
class MethodRef:
    cls: str
    """Java class name ('android.telephony.TelephonyManager')."""
    name: str
    params: tuple[str, ...]
    """Java type names of the parameters."""
    descriptor: str
    """'(Ljava/lang/String;)Ljava/lang/String;'"""


@dataclass(frozen=True, slots=True)
class CallSite:
    caller_class: str
    caller_method: str
    callee: MethodRef
    strings: tuple[str, ...]
    """const-string literals of the calling method (filters such as 'android_id' match these)."""
    fields: tuple[str, ...]
    """Static object fields the calling method reads ('android.provider.ContactsContract$Contacts.CONTENT_URI')."""


class DexFile:
    """Lazy views over one DEX file's tables."""

    def __init__(self, data: bytes, name: str = "classes.dex") -> None:
        self.data, self.name = data, name
        if len(data) < 0x70 or not data.startswith(b"dex\n") or data[7] != 0:
            raise ApkError(f"{name}: not a DEX file")
        try:
            (self.string_ids_size, self.string_ids_off, self.type_ids_size, self.type_ids_off,
             self.proto_ids_size, self.proto_ids_off, self.field_ids_size, self.field_ids_off,
             self.method_ids_size, self.method_ids_off, self.class_defs_size,
             self.class_defs_off) = struct.unpack_from("<12I", data, 0x38)
            end = max(self.string_ids_off + 4 * self.string_ids_size, self.method_ids_off + 8 * self.method_ids_size,
                      self.class_defs_off + 32 * self.class_defs_size)
        except struct.error:
            raise ApkError(f"{name}: truncated DEX header") from None
        if end > len(data):
            raise ApkError(f"{name}: DEX tables run past the end of the file")
        self._strings: dict[int, str] = {}
        self._types: dict[int, str] = {}
        self._protos: dict[int, tuple[tuple[str, ...], str]] = {}

    # ---- tables -------------------------------------------------------------------------------
    def string(self, idx: int) -> str:
        s = self._strings.get(idx)
        if s is None:
            off = _U4.unpack_from(self.data, self.string_ids_off + 4 * idx)[0]
            _, off = _uleb(self.data, off)
            end = self.data.index(b"\x00", off)
            s = self._strings[idx] = _mutf8(self.data[off:end])
        return s

    def strings(self) -> Iterator[str]:
        """Every string of the table, without caching (the table can be large)."""
        data, base = self.data, self.string_ids_off
        for i in range(self.string_ids_size):
            off = _U4.unpack_from(data, base + 4 * i)[0]
            while data[off] & 0x80:
                off += 1
            off += 1
            yield _mutf8(data[off:data.index(b"\x00", off)])

    def type_desc(self, idx: int) -> str:
        t = self._types.get(idx)
        if t is None:
            t = self._types[idx] = self.string(_U4.unpack_from(self.data, self.type_ids_off + 4 * idx)[0])
        return t

    def proto(self, idx: int) -> tuple[tuple[str, ...], str]:
        """(parameter descriptors, descriptor string) of a proto_id."""
        p = self._protos.get(idx)
        if p is None:
            _, ret, params_off = struct.unpack_from("<III", self.data, self.proto_ids_off + 12 * idx)
            params: tuple[str, ...] = ()
            if params_off:
                n = _U4.unpack_from(self.data, params_off)[0]
                params = tuple(self.type_desc(i) for i in struct.unpack_from(f"<{n}H", self.data, params_off + 4))
            p = self._protos[idx] = (params, f"({''.join(params)}){self.type_desc(ret)}")
        return p

    def method_ref(self, idx: int) -> MethodRef:
        cls_idx, proto_idx, name_idx = struct.unpack_from("<HHI", self.data, self.method_ids_off + 8 * idx)
        params, desc = self.proto(proto_idx)
        return MethodRef(descriptor_to_java(self.type_desc(cls_idx)), self.string(name_idx),
                         tuple(descriptor_to_java(p) for p in params), desc)

    def string_index(self, value: str) -> int | None:
        """Index of a string in the table (string_ids are sorted by content: binary search)."""
        lo, hi = 0, self.string_ids_size - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.string(mid)
            if s == value:
                return mid
            if s < value:
                lo = mid + 1
            else:
                hi = mid - 1
        return None

    def methods_named(self, names: Iterable[str]) -> list[int]:
        """Indexes of the method_ids whose name is one of `names`, without decoding other names."""
        wanted = {i for n in names if (i := self.string_index(n)) is not None}
        if not wanted:
            return []
        data, off = self.data, self.method_ids_off
        return [i for i in range(self.method_ids_size) if _U4.unpack_from(data, off + 8 * i + 4)[0] in wanted]

    def field_name(self, idx: int) -> str:
        cls_idx, _, name_idx = struct.unpack_from("<HHI", self.data, self.field_ids_off + 8 * idx)
        return f"{descriptor_to_java(self.type_desc(cls_idx))}.{self.string(name_idx)}"

    def class_names(self) -> Iterator[str]:
        """Java names of the classes this file defines."""
        for i in range(self.class_defs_size):
            yield descriptor_to_java(self.type_desc(_U4.unpack_from(self.data, self.class_defs_off + 32 * i)[0]))

    # ---- code ---------------------------------------------------------------------------------
    def _methods_with_code(self) -> Iterator[tuple[str, int, int]]:
        """(class name, method_idx, code_off) of every method with code."""
        data = self.data
        for i in range(self.class_defs_size):
            base = self.class_defs_off + 32 * i
            cls_idx = _U4.unpack_from(data, base)[0]
            class_data_off = _U4.unpack_from(data, base + 24)[0]
            if not class_data_off:
                continue
            off = class_data_off
            sf, off = _uleb(data, off)
            inf, off = _uleb(data, off)
            dm, off = _uleb(data, off)
            vm, off = _uleb(data, off)
            for _ in range(sf + inf):
                _, off = _uleb(data, off)
                _, off = _uleb(data, off)
            cls = None
            for count in (dm, vm):
                midx = 0
                for _ in range(count):
                    diff, off = _uleb(data, off)
                    _, off = _uleb(data, off)
                    code_off, off = _uleb(data, off)
                    midx += diff
                    if code_off:
                        if cls is None:
                            cls = descriptor_to_java(self.type_desc(cls_idx))
                        yield cls, midx, code_off

    def call_sites(self, wanted: Iterable[int] | None) -> Iterator[CallSite]:
        """Every invoke of a wanted method index (None: of any method), with the caller and its literals."""
        if wanted is None:
            wanted, probe = _ALL, None
        else:
            wanted = frozenset(wanted)
            if not wanted:
                return
            # A code item can only call index i if it holds an invoke opcode, any byte, then the two
            # bytes of i: one regex search per method rules out almost every method without decoding it.
            probe = re.compile(rb"[\x6e-\x72\x74-\x78\xfa\xfb][\x00-\xff](?:"
                               + b"|".join(re.escape(struct.pack("<H", i)) for i in sorted(wanted)) + b")", re.DOTALL)
        data = self.data
        for cls, midx, code_off in self._methods_with_code():
            insns_size = _U4.unpack_from(data, code_off + 12)[0]
            start = code_off + 16
            end = start + 2 * insns_size
            if probe is not None and not probe.search(data, start, end):
                continue
            callees, strings, fields = self._scan(start, end, wanted)
            if callees:
                caller = self.method_ref(midx)
                for callee_idx in dict.fromkeys(callees):
                    yield CallSite(cls, caller.name, self.method_ref(callee_idx), tuple(dict.fromkeys(strings)),
                                   tuple(dict.fromkeys(fields)))

    def _scan(self, pc: int, end: int, wanted: frozenset[int]) -> tuple[list[int], list[str], list[str]]:
        data = self.data
        callees: list[int] = []
        strings: list[str] = []
        fields: list[str] = []
        while pc < end:
            op = data[pc]
            if op == 0 and data[pc + 1]:  # payload pseudo-instructions
                kind = data[pc + 1]
                size = struct.unpack_from("<H", data, pc + 2)[0]
                if kind == 1:
                    units = 4 + 2 * size
                elif kind == 2:
                    units = 2 + 4 * size
                elif kind == 3:
                    count = _U4.unpack_from(data, pc + 4)[0]
                    units = 4 + (size * count + 1) // 2
                else:
                    units = 1
                pc += 2 * units
                continue
            if op in _INVOKES:
                idx = struct.unpack_from("<H", data, pc + 2)[0]
                if idx in wanted:
                    callees.append(idx)
            elif op == _CONST_STRING:
                strings.append(self.string(struct.unpack_from("<H", data, pc + 2)[0]))
            elif op == _CONST_STRING_JUMBO:
                strings.append(self.string(_U4.unpack_from(data, pc + 2)[0]))
            elif op == _SGET_OBJECT:
                fields.append(self.field_name(struct.unpack_from("<H", data, pc + 2)[0]))
            pc += 2 * _WIDTH[op]
        return callees, strings, fields

    def superclasses(self) -> Iterator[tuple[str, str]]:
        """(class, superclass) Java names of the classes this file defines."""
        data = self.data
        for i in range(self.class_defs_size):
            cls_idx, _, super_idx = struct.unpack_from("<III", data, self.class_defs_off + 32 * i)
            if super_idx != NO_INDEX:
                yield descriptor_to_java(self.type_desc(cls_idx)), descriptor_to_java(self.type_desc(super_idx))
