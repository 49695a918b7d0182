"""Static analysis: default DEX-table path vs androguard AnalyzeAPK on a generated ~3,000-class APK.

Each variant runs in its own subprocess so peak memory is its own, not a shared heap. Peak
memory is VmHWM from /proc/self/status, not ru_maxrss: Linux carries ru_maxrss over from the
parent across fork and exec, so a big parent (the analysis benchmark before this one) would
inflate every child's figure. Imports and the hook catalogue are loaded before the clock starts (both paths need
them); peak memory is the whole process, imports included. Goal: the default path takes at
most 1/5 of AnalyzeAPK's time and memory, and finds the same API set as --deep.
"""

from __future__ import annotations

import json
import subprocess
import sys

GOAL = 0.2

_CHILD = r"""
import json, re, sys, time
mode, path = sys.argv[1], sys.argv[2]
def hwm_kib():
    with open("/proc/self/status") as fh:
        return int(re.search(r"VmHWM:\s+(\d+)", fh.read()).group(1))
from loguru import logger
logger.disable("androguard")
from harness.agent.catalogue import load_catalogue
from harness.static import analyze_apk
if mode == "analyzeapk":
    from androguard.misc import AnalyzeAPK
else:
    from androguard.core.apk import APK  # the default path's only androguard module
    if mode == "deep":
        import androguard.misc
entries = load_catalogue().entries
rss0 = hwm_kib()
t = time.perf_counter()
out = {}
if mode == "analyzeapk":
    a, d, dx = AnalyzeAPK(path)
    out["methods"] = sum(1 for _ in dx.get_methods())
else:
    rep = analyze_apk(path, deep=(mode == "deep"), catalogue=entries)
    out["api_set"] = sorted(map(list, rep.api_set()))
    out["classes"] = sum(s.evidence.class_count for s in rep.sdks)
out["seconds"] = time.perf_counter() - t
out["rss_mib"] = hwm_kib() / 1024
out["rss_before_mib"] = rss0 / 1024
print(json.dumps(out))
"""


def _run(mode: str, path: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode, path], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{mode}: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> bool:
    from tests.support.apks import build_large_apk

    path = str(build_large_apk(3000))
    tables, deep, full = _run("tables", path), _run("deep", path), _run("analyzeapk", path)
    same = tables["api_set"] == deep["api_set"]
    t_ratio = tables["seconds"] / full["seconds"]
    m_ratio = tables["rss_mib"] / full["rss_mib"]
    print(f"  APK: {path.rsplit('/', 1)[-1]} (3000 classes, 2 DEX files)")
    print(f"  {'variant':<28}{'time s':>9}{'peak MiB':>10}{'MiB before':>12}")
    for name, r in (("default (DEX tables)", tables), ("--deep (AnalyzeAPK+match)", deep), ("AnalyzeAPK alone", full)):
        print(f"  {name:<28}{r['seconds']:>9.2f}{r['rss_mib']:>10.0f}{r['rss_before_mib']:>12.0f}")
    print(f"  default / AnalyzeAPK: time {t_ratio:.3f}, memory {m_ratio:.3f} (goal <= {GOAL}); "
          f"memory above imports {(tables['rss_mib'] - tables['rss_before_mib']):.0f} vs "
          f"{(full['rss_mib'] - full['rss_before_mib']):.0f} MiB")
    print(f"  same API set as --deep: {same} ({len(tables['api_set'])} (hook, actor) pairs)")
    return same and t_ratio <= GOAL and m_ratio <= GOAL
