"""The default DEX-table path against androguard: same API set as --deep, same xrefs as AnalyzeAPK."""

from __future__ import annotations

import pytest
from androguard.misc import AnalyzeAPK
from support.apks import build_apk

from harness.static.deep import _params
from harness.static.dex import DexFile, descriptor_to_java
from harness.static.inputs import open_input

ALL = ["app", "multidex", "legacy22", "obfuscated", "splits_dir", "splits_apks", "splits_xapk"]


@pytest.mark.parametrize("name", ALL)
def test_deep_gives_the_same_report(report, name: str) -> None:
    fast, deep = report(name), report(name, deep=True)
    assert (fast.mode, deep.mode) == ("tables", "deep")
    assert fast.api_set() == deep.api_set() and fast.api_set()
    a, b = fast.to_json(), deep.to_json()
    a.pop("mode"), b.pop("mode")
    assert a == b


@pytest.mark.parametrize("name", ["app", "multidex", "legacy22", "obfuscated"])
def test_every_invoke_matches_androguard_xrefs(name: str) -> None:
    """The reader's decoder, run over ALL methods, finds exactly androguard's method xrefs."""
    path = build_apk(name)
    mine = set()
    for dex_name, data in open_input(path).base.dex_files():
        for s in DexFile(data, dex_name).call_sites(None):
            mine.add((s.caller_class, s.caller_method, s.callee.cls, s.callee.name, s.callee.descriptor))
    _, _, dx = AnalyzeAPK(str(path))
    theirs = {(descriptor_to_java(ma.class_name), ma.name, descriptor_to_java(callee.class_name), callee.name,
               _params(callee.descriptor)[1])
              for ma in dx.get_methods() if not ma.is_external() for _, callee, _ in ma.get_xref_to()}
    assert mine == theirs and len(mine) > 4


def test_descriptor_names() -> None:
    assert descriptor_to_java("Landroid/provider/Settings$Secure;") == "android.provider.Settings$Secure"
    assert descriptor_to_java("[[I") == "int[][]"
    assert descriptor_to_java("[Ljava/lang/String;") == "java.lang.String[]"
    assert _params("(Landroid/content/ContentResolver; Ljava/lang/String;)Ljava/lang/String;") == (
        ("android.content.ContentResolver", "java.lang.String"),
        "(Landroid/content/ContentResolver;Ljava/lang/String;)Ljava/lang/String;")


def test_pinned_catalogue_mirrors_the_shipped_one(report) -> None:
    """The fixture APIs are real catalogue APIs: the shipped hooks/ find at least the pinned call sites."""
    from support.apks import build_apk

    from harness.agent.catalogue import load_catalogue
    from harness.static import analyze_apk

    shipped = analyze_apk(build_apk("app"), catalogue=load_catalogue().entries)
    pinned = report("app")
    assert {(c.hook_id, c.caller, c.actor_key) for c in pinned.call_sites} <= {
        (c.hook_id, c.caller, c.actor_key) for c in shipped.call_sites}
