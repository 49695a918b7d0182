"""--deep: the same code facts from androguard's full Analysis (AnalyzeAPK) and its xrefs.

Slower and much larger in memory than harness.static.dex, but built on androguard's own
decoder: a second opinion the tests hold the default path against (same API set).
"""

from __future__ import annotations

import re
from typing import Any

from harness.static.apis import ApiIndex
from harness.static.code import CodeFacts
from harness.static.dex import CallSite, DexFile, MethodRef, descriptor_to_java
from harness.static.inputs import ApkSet

_TYPE = re.compile(r"\[*(?:L[^;]+;|[VZBSCIJFD])")


def _params(descriptor: str) -> tuple[tuple[str, ...], str]:
    """'(Ljava/lang/String; I)V' -> (('java.lang.String', 'int'), '(Ljava/lang/String;I)V')."""
    desc = descriptor.replace(" ", "")
    inner, _, ret = desc[1:].partition(")")
    return tuple(descriptor_to_java(t) for t in _TYPE.findall(inner)), f"({inner}){ret}"


def analysis(aset: ApkSet, dex_blobs: list[tuple[str, bytes]]) -> Any:
    """androguard Analysis with xrefs: AnalyzeAPK for one APK, the same steps for a split set."""
    if aset.kind == "apk":
        from androguard.misc import AnalyzeAPK

        _, _, dx = AnalyzeAPK(aset.base.raw, raw=True)
        return dx
    from androguard.core.analysis.analysis import Analysis
    from androguard.core.dex import DEX

    dx = Analysis()
    for _, data in dex_blobs:
        dx.add(DEX(data))
    dx.create_xref()
    return dx


def scan_deep(aset: ApkSet, dex_blobs: list[tuple[str, bytes]], index: ApiIndex) -> CodeFacts:
    dx = analysis(aset, dex_blobs)
    hierarchy: dict[str, str] = {}
    classes: list[str] = []
    owner: dict[str, str] = {}
    for ca in dx.get_internal_classes():
        name = descriptor_to_java(ca.name)
        classes.append(name)
        if ca.extends:
            hierarchy[name] = descriptor_to_java(ca.extends)
    # Which DEX file defines each class (for the call site's `dex`), as the table reader names them.
    dexes = [DexFile(data, name) for name, data in dex_blobs]
    for dex in dexes:
        for cls in dex.class_names():
            owner.setdefault(cls, dex.name)

    sites: list[tuple[str, CallSite]] = []
    for ma in dx.get_methods():
        if ma.is_external():
            continue
        callees: dict[MethodRef, None] = {}
        for _, callee, _ in ma.get_xref_to():
            if callee.name not in index.names:
                continue
            params, desc = _params(callee.descriptor)
            ref = MethodRef(descriptor_to_java(callee.class_name), callee.name, params, desc)
            if index.candidates(ref, hierarchy):
                callees[ref] = None
        if not callees:
            continue
        strings, fields = _literals(ma)
        caller_class = descriptor_to_java(ma.class_name)
        for ref in callees:
            sites.append((owner.get(caller_class, "classes.dex"),
                          CallSite(caller_class, ma.name, ref, strings, fields)))
    strings_by_dex = [(dex.name, list(dict.fromkeys(dex.strings()))) for dex in dexes]
    return CodeFacts(sites, classes, hierarchy, strings_by_dex)


def _literals(ma: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    strings: list[str] = []
    fields: list[str] = []
    method = ma.get_method()
    for ins in method.get_instructions():
        op = ins.get_op_value()
        if op in (0x1A, 0x1B):
            strings.append(ins.cm.vm.get_cm_string(ins.get_ref_kind()))
        elif op == 0x62:
            cls, _, name = ins.cm.vm.get_cm_field(ins.get_ref_kind())
            fields.append(f"{descriptor_to_java(cls)}.{name}")
    return tuple(dict.fromkeys(strings)), tuple(dict.fromkeys(fields))
