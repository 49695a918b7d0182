"""The stand-ins carry the exact names the hook catalogue targets (class, method, overload)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from harness.agent import catalogue
from harness.probe import build_probe

_GENERIC = re.compile(r"<[^<>]*>")
_HEADER = re.compile(r"^(?:[\w ]+ )?(?:class|interface) ([\w.$]+)", re.M)


def methods_by_class(classpath: Path, classes: list[str]) -> dict[str, set[tuple[str, tuple[str, ...]]]]:
    """{class: {(method, param types)}} from one `javap -p` run over all classes."""
    out = subprocess.run(["javap", "-p", "-cp", str(classpath), *classes], capture_output=True, text=True,
                         timeout=120).stdout
    while (erased := _GENERIC.sub("", out)) != out:  # Map<K, V> -> Map: overloads are matched by erasure
        out = erased
    heads = list(_HEADER.finditer(out))
    result: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for i, head in enumerate(heads):
        block = out[head.end(): heads[i + 1].start() if i + 1 < len(heads) else len(out)]
        name = head.group(1)
        simple = name.rsplit(".", 1)[-1]
        sigs = set()
        for m in re.finditer(r"([\w$.]+)\(([^)]*)\)", block):
            method = m.group(1).rsplit(".", 1)[-1]
            if m.group(1) == name or method == simple:
                method = "$init"
            params = tuple(p.strip() for p in m.group(2).split(",") if p.strip())
            sigs.add((method, params))
        result[name] = sigs
    return result


def test_every_java_catalogue_entry_has_its_stand_in() -> None:
    classpath = build_probe()
    entries = [e for e in catalogue.load_catalogue().entries
               if e.java_class and e.method and not e.java_class.startswith(("java.", "javax."))]
    assert len(entries) >= 100
    classes = sorted({e.java_class for e in entries})
    missing_classes = [c for c in classes if not (classpath / (c.replace(".", "/") + ".class")).is_file()]
    table = methods_by_class(classpath, [c for c in classes if c not in missing_classes])
    missing = [f"{e.id}: class {e.java_class}" for e in entries if e.java_class in missing_classes]
    for e in entries:
        if e.java_class in missing_classes:
            continue
        have = {params for method, params in table.get(e.java_class, set()) if method == e.method}
        if not have:
            missing.append(f"{e.id}: {e.java_class}.{e.method}")
        elif e.overloads != "all":
            missing += [f"{e.id}: {e.java_class}.{e.method}({', '.join(ov)})" for ov in e.overloads
                        if tuple(ov) not in have]
    assert not missing, "catalogue entries without a probe stand-in:\n" + "\n".join(missing)
