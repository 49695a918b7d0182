"""Real APKs built from source for tests and benchmarks, cached by source hash.

The Debian tool chain does the work (aapt, smali, zipalign, apksigner, keytool), so what
the tests read is what a real build produces: a binary manifest, resources.arsc, one or
more DEX files, v1/v2/v3 signatures. Sources live in tests/static/fixtures/<name>/
(AndroidManifest.xml, res/, assets/, smali/ for classes.dex, smali2/ for classes2.dex).

    from support.apks import build_apk          # in tests (tests/ is on sys.path via tests/conftest.py)
    from tests.support.apks import build_apk    # in bench (run from the repository root)
    apk = build_apk("app")          # Path to a signed APK, built once per source hash

Test code, not package code: it lives under tests/ so the wheel never ships it.

Outputs go to $HARNESS_APK_CACHE or <repo>/tests/.cache/apk; each is built in a private
temp dir and renamed into place, so concurrent test processes never see half a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from harness.errors import EnvironmentProblem

REPO = Path(__file__).resolve().parents[2]
"""The source checkout this module sits in: fixtures are test sources, never package data."""
FIXTURE_DIR = REPO / "tests" / "static" / "fixtures"
FRAMEWORK_RES = Path("/usr/share/android-framework-res/framework-res.apk")
BUILDER_VERSION = "3"
"""Bump to invalidate every cached APK when the build recipe changes."""


@dataclass(frozen=True, slots=True)
class Fixture:
    """One buildable APK: a manifest + resources dir and the smali dirs of each DEX file."""

    name: str
    manifest: str
    """Fixture dir holding AndroidManifest.xml (and res/, assets/ when present)."""
    dex: tuple[tuple[str, ...], ...]
    """Per DEX file (classes.dex, classes2.dex, ...): smali source dirs relative to FIXTURE_DIR."""
    description: str = ""


FIXTURES: dict[str, Fixture] = {f.name: f for f in (
    Fixture("app", "app", (("app/smali", "sdk/umeng", "sdk/tencent", "sdk/google_ads", "sdk/hidden"),),
            "own code and Umeng, Tencent, Google ads SDK code calling a dozen catalogue APIs"),
    Fixture("multidex", "multidex", (("multidex/smali",), ("sdk/tencent", "sdk/google_ads")),
            "app code in classes.dex, SDK code in classes2.dex"),
    Fixture("legacy22", "legacy22", (("legacy22/smali",),), "targetSdkVersion 22: permissions granted at install"),
    Fixture("obfuscated", "obfuscated", (("obfuscated/smali",),),
            "ProGuard-style a/b/c names: an SDK under com.umeng.a, JPush seen only by meta-data and components"),
    Fixture("split_base", "split_base", (("split_base/smali",),), "base APK of a split set"),
    Fixture("split_feature", "split_feature", (("split_feature/smali",),),
            "feature split: code with a location call and a URL"),
    Fixture("split_config", "split_config", (), "resource-only config split (no code)"),
)}


def cache_dir() -> Path:
    d = Path(os.environ.get("HARNESS_APK_CACHE") or REPO / "tests" / ".cache" / "apk")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _tree_hash(h: hashlib._Hash, root: Path) -> None:
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    except FileNotFoundError:
        raise EnvironmentProblem(f"{cmd[0]}: not installed (run 'make system-deps')") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise EnvironmentProblem(f"{cmd[0]} failed: {detail[-1] if detail else proc.returncode}")


def keystore() -> tuple[Path, str]:
    """A throwaway signing key, made once per cache dir."""
    ks = cache_dir() / "debug.keystore"
    if not ks.exists():
        with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
            tmp_ks = Path(tmp) / "debug.keystore"
            _run(["keytool", "-genkeypair", "-keystore", str(tmp_ks), "-storepass", "android",
                  "-keypass", "android", "-alias", "fixture", "-keyalg", "RSA", "-keysize", "2048",
                  "-validity", "10000", "-dname", "CN=Harness Fixture, O=App Privacy Harness, C=CN"])
            try:
                os.link(tmp_ks, ks)  # atomic: the first writer wins
            except FileExistsError:
                pass
    return ks, "android"


def assemble(manifest_dir: Path, dex_dirs: list[list[Path]], out: Path, *, api: int = 21) -> Path:
    """aapt package + smali + zip + zipalign + apksigner: a signed APK at `out`."""
    ks, password = keystore()
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        work = Path(tmp)
        unsigned = work / "unsigned.apk"
        cmd = ["aapt", "package", "-f", "-M", str(manifest_dir / "AndroidManifest.xml")]
        if (manifest_dir / "res").is_dir():
            cmd += ["-S", str(manifest_dir / "res")]
        if (manifest_dir / "assets").is_dir():
            cmd += ["-A", str(manifest_dir / "assets")]
        _run([*cmd, "-I", str(FRAMEWORK_RES), "-F", str(unsigned)])
        with zipfile.ZipFile(unsigned, "a", compression=zipfile.ZIP_DEFLATED) as z:
            for i, dirs in enumerate(dex_dirs):
                name = "classes.dex" if i == 0 else f"classes{i + 1}.dex"
                dex = work / name
                _run(["smali", "a", "--api", str(api), "-o", str(dex), *map(str, dirs)])
                z.write(dex, name)
        aligned = work / "aligned.apk"
        _run(["zipalign", "-f", "-p", "4", str(unsigned), str(aligned)])
        signed = work / "signed.apk"
        _run(["apksigner", "sign", "--ks", str(ks), "--ks-pass", f"pass:{password}",
              "--ks-key-alias", "fixture", "--key-pass", f"pass:{password}", "--out", str(signed), str(aligned)])
        os.replace(signed, out)
    return out


def build_apk(name: str) -> Path:
    """The signed APK of fixture `name`, built on first use and cached by source hash."""
    fx = FIXTURES[name]
    h = hashlib.sha256(BUILDER_VERSION.encode())
    if not FIXTURE_DIR.is_dir():
        raise EnvironmentProblem(f"{FIXTURE_DIR}: test fixtures missing: build_apk needs a source checkout")
    _tree_hash(h, FIXTURE_DIR / fx.manifest)
    for dirs in fx.dex:
        for d in dirs:
            h.update(d.encode())
            _tree_hash(h, FIXTURE_DIR / d)
    out = cache_dir() / f"{name}-{h.hexdigest()[:16]}.apk"
    if not out.exists():
        assemble(FIXTURE_DIR / fx.manifest, [[FIXTURE_DIR / d for d in dirs] for dirs in fx.dex], out)
    return out


# ---- split sets --------------------------------------------------------------------------------

SPLITS = ("split_base", "split_feature", "split_config")


def build_split_dir() -> Path:
    """A folder of split APKs (base + feature + config), as `adb install-multiple` takes them."""
    apks = [build_apk(n) for n in SPLITS]
    key = hashlib.sha256("".join(p.name for p in apks).encode()).hexdigest()[:16]
    out = cache_dir() / f"splits-{key}"
    if not out.exists():
        tmp = Path(tempfile.mkdtemp(dir=cache_dir()))
        for src, dst in zip(apks, ("base.apk", "split_feature.apk", "split_config.xxhdpi.apk"), strict=True):
            shutil.copyfile(src, tmp / dst)
        try:
            os.replace(tmp, out)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def build_apks() -> Path:
    """A bundletool-style .apks: splits/base-master.apk and the other splits in one zip."""
    d = build_split_dir()
    out = d.with_suffix(".apks")
    if not out.exists():
        _zip_atomic(out, {f"splits/{'base-master' if p.name == 'base.apk' else p.stem}.apk": p
                          for p in sorted(d.iterdir())})
    return out


def build_xapk() -> Path:
    """An APKPure-style .xapk: manifest.json + the APKs at the top level."""
    d = build_split_dir()
    out = d.with_suffix(".xapk")
    if not out.exists():
        manifest = {"xapk_version": 2, "package_name": "com.example.splitapp", "version_code": "3",
                    "split_apks": [{"file": p.name, "id": "base" if p.name == "base.apk" else p.stem}
                                   for p in sorted(d.iterdir())]}
        _zip_atomic(out, {p.name: p for p in sorted(d.iterdir())},
                    {"manifest.json": json.dumps(manifest).encode()})
    return out


def _zip_atomic(out: Path, files: dict[str, Path], extra: dict[str, bytes] | None = None) -> None:
    fd, tmp = tempfile.mkstemp(dir=cache_dir(), suffix=".zip")
    os.close(fd)
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in (extra or {}).items():
            z.writestr(name, data)
        for arc, path in files.items():
            z.write(path, arc)
    os.replace(tmp, out)


# ---- broken inputs -----------------------------------------------------------------------------

def build_broken(kind: str) -> Path:
    """Deliberately broken inputs: truncated, garbage_manifest, no_manifest, bad_dex, text, empty."""
    out = cache_dir() / f"broken-{kind}-{BUILDER_VERSION}.apk"
    if out.exists():
        return out
    fd, tmp = tempfile.mkstemp(dir=cache_dir(), suffix=".apk")
    os.close(fd)
    good = build_apk("app").read_bytes() if kind in ("truncated", "bad_dex") else b""
    if kind == "truncated":
        Path(tmp).write_bytes(good[: len(good) // 2])
    elif kind == "bad_dex":  # a real manifest, but a classes.dex cut short after its header
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(tmp, "w") as z:
            for item in src.infolist():
                data = src.read(item.filename)
                z.writestr(item.filename, data[:0x90] if item.filename == "classes.dex" else data)
    elif kind in ("garbage_manifest", "no_manifest"):
        with zipfile.ZipFile(tmp, "w") as z:
            if kind == "garbage_manifest":
                z.writestr("AndroidManifest.xml", b"\x03\x00\x08\x00" + bytes(range(256)) * 4)
            z.writestr("classes.dex", b"dex\n035\x00" + b"\x00" * 104)
            z.writestr("res/raw/readme.txt", b"not an app")
    elif kind == "text":
        Path(tmp).write_text("This is a text file, not an APK.\n", encoding="utf-8")
    elif kind == "empty":
        pass
    else:
        raise ValueError(f"unknown broken kind {kind!r}")
    os.replace(tmp, out)
    return out


# ---- large generated APK (benchmark) ------------------------------------------------------------

_LARGE_DESCRIBE = """.method public NAME(Ljava/lang/String;I)Ljava/lang/String;
    .registers 7
    new-instance v0, Ljava/lang/StringBuilder;
    invoke-direct {{v0}}, Ljava/lang/StringBuilder;-><init>()V
    const/4 v1, 0x0
    :loop
    if-ge v1, p2, :end
    invoke-virtual {{v0, p1}}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    const-string v2, "SEP{i}SEP"
    invoke-virtual {{v0, v2}}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {{v0, v1}}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {{p0, v1}}, L{pkg}/C{i};->work(I)I
    move-result v3
    rem-int/lit8 v4, v3, 0x7
    if-nez v4, :skip
    invoke-static {{v3}}, Ljava/lang/Integer;->valueOf(I)Ljava/lang/Integer;
    move-result-object v4
    invoke-virtual {{v4}}, Ljava/lang/Integer;->hashCode()I
    :skip
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :end
    invoke-virtual {{v0}}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method

"""
"""Three copies of this method (NAME, SEP below) give each generated class realistic weight."""

_LARGE_CLASS = (""".class public L{pkg}/C{i};
.super Ljava/lang/Object;

.field private count:I

.method public constructor <init>()V
    .registers 1
    invoke-direct {{p0}}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public work(I)I
    .registers 4
    iget v0, p0, L{pkg}/C{i};->count:I
    add-int/2addr v0, p1
    iput v0, p0, L{pkg}/C{i};->count:I
    new-instance v1, Ljava/lang/StringBuilder;
    invoke-direct {{v1}}, Ljava/lang/StringBuilder;-><init>()V
    const-string v2, "item-{i}"
    invoke-virtual {{v1, v2}}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {{v1, v0}}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {{v1}}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v2
    invoke-virtual {{v2}}, Ljava/lang/String;->length()I
    move-result v1
    if-lez v1, :done
    div-int/lit8 v0, v0, 0x2
    :done
    return v0
.end method

"""
                + "".join(_LARGE_DESCRIBE.replace("NAME", name).replace("SEP", sep)
                          for name, sep in (("describe", "-"), ("describeAgain", "+"), ("describeOnceMore", "*")))
                + """.method public static hash(Ljava/lang/String;)J
    .registers 8
    const-wide/16 v0, 0x7
    const/4 v2, 0x0
    invoke-virtual {{p0}}, Ljava/lang/String;->length()I
    move-result v3
    :loop
    if-ge v2, v3, :end
    invoke-virtual {{p0, v2}}, Ljava/lang/String;->charAt(I)C
    move-result v4
    const-wide/16 v5, 0x1f
    mul-long/2addr v0, v5
    int-to-long v5, v4
    add-long/2addr v0, v5
    add-int/lit8 v2, v2, 0x1
    goto :loop
    :end
    return-wide v0
.end method

.method public toString()Ljava/lang/String;
    .registers 4
    const-string v0, "C{i}"
    iget v1, p0, L{pkg}/C{i};->count:I
    invoke-virtual {{p0, v0, v1}}, L{pkg}/C{i};->describe(Ljava/lang/String;I)Ljava/lang/String;
    move-result-object v2
    invoke-static {{v2}}, L{pkg}/C{i};->hash(Ljava/lang/String;)J
    return-object v2
.end method

.method public next(I)I
    .registers 3
    new-instance v0, L{pkg}/C{j};
    invoke-direct {{v0}}, L{pkg}/C{j};-><init>()V
    invoke-virtual {{v0, p1}}, L{pkg}/C{j};->work(I)I
    move-result v1
    return v1
.end method
{extra}""")

_LARGE_CALL = """
.method public static probe(Landroid/content/Context;)Ljava/lang/String;
    .registers 3
    const-string v0, "{service}"
    invoke-virtual {{p0, v0}}, Landroid/content/Context;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, L{cls};
    invoke-virtual {{v0}}, L{cls};->{method}()L{ret};
    move-result-object v1
    const-string v0, "https://collect{i}.example-large.test/v1"
    invoke-virtual {{v1}}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v1
    return-object v1
.end method
"""

_LARGE_APIS = (
    ("phone", "android/telephony/TelephonyManager", "getDeviceId", "java/lang/String"),
    ("phone", "android/telephony/TelephonyManager", "getSubscriberId", "java/lang/String"),
    ("phone", "android/telephony/TelephonyManager", "getLine1Number", "java/lang/String"),
    ("wifi", "android/net/wifi/WifiManager", "getConnectionInfo", "android/net/wifi/WifiInfo"),
    ("clipboard", "android/content/ClipboardManager", "getPrimaryClip", "android/content/ClipData"),
    ("activity", "android/app/ActivityManager", "getRunningAppProcesses", "java/util/List"),
)

_LARGE_MANIFEST = """<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.example.large"
    android:versionCode="1" android:versionName="1.0">
    <uses-sdk android:minSdkVersion="21" android:targetSdkVersion="30" />
    <uses-permission android:name="android.permission.READ_PHONE_STATE" />
    <uses-permission android:name="android.permission.ACCESS_WIFI_STATE" />
    <application android:label="Large">
        <meta-data android:name="UMENG_APPKEY" android:value="5f0000000000000000000000" />
    </application>
</manifest>
"""

LARGE_VERSION = "2"
"""Bump when the generator below changes (its text is not part of the cache key)."""
LARGE_PACKAGES = ("com/example/large", "com/umeng/commonsdk/gen", "com/tencent/bugly/gen", "com/qq/e/gen")


def build_large_apk(classes: int = 3000, dex_files: int = 2) -> Path:
    """A generated APK with `classes` classes over `dex_files` DEX files, app code and three SDK
    packages; in every block of 50 classes one class per package calls a catalogue API (_LARGE_APIS)."""
    key = hashlib.sha256(f"{BUILDER_VERSION}{LARGE_VERSION}{_LARGE_CLASS}{_LARGE_CALL}{_LARGE_MANIFEST}"
                         f"{_LARGE_APIS}{LARGE_PACKAGES}{classes}{dex_files}"
                         .encode()).hexdigest()[:16]
    out = cache_dir() / f"large-{classes}-{key}.apk"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        root = Path(tmp)
        (root / "m").mkdir()
        (root / "m" / "AndroidManifest.xml").write_text(_LARGE_MANIFEST, encoding="utf-8")
        per_dex = -(-classes // dex_files)
        dex_dirs: list[list[Path]] = []
        for i in range(classes):
            d = root / f"smali{i // per_dex}"
            if not dex_dirs or dex_dirs[-1][0] != d:
                dex_dirs.append([d])
            pkg = LARGE_PACKAGES[i % len(LARGE_PACKAGES)]
            j = i + len(LARGE_PACKAGES) if i + len(LARGE_PACKAGES) < classes else i % len(LARGE_PACKAGES)
            extra = ""
            if i % 50 < len(LARGE_PACKAGES):  # one caller per package every 50 classes
                service, cls, method, ret = _LARGE_APIS[(i // 50 + i) % len(_LARGE_APIS)]
                extra = _LARGE_CALL.format(service=service, cls=cls, method=method, ret=ret, i=i)
            f = d / pkg / f"C{i}.smali"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(_LARGE_CLASS.format(pkg=pkg, i=i, j=j, extra=extra), encoding="utf-8")
        assemble(root / "m", dex_dirs, root / "large.apk")
        os.replace(root / "large.apk", out)
    return out


# ---- real SDK package layouts (attribution coverage) ---------------------------------------------

REAL_LAYOUTS = FIXTURE_DIR / "real_layouts"
_LAYOUT_APIS: dict[str, tuple[str, str, str]] = {
    # key: (receiver class, method, descriptor)
    "imei": ("android/telephony/TelephonyManager", "getDeviceId", "()Ljava/lang/String;"),
    "imsi": ("android/telephony/TelephonyManager", "getSubscriberId", "()Ljava/lang/String;"),
    "line1": ("android/telephony/TelephonyManager", "getLine1Number", "()Ljava/lang/String;"),
    "operator": ("android/telephony/TelephonyManager", "getNetworkOperator", "()Ljava/lang/String;"),
    "cells": ("android/telephony/TelephonyManager", "getAllCellInfo", "()Ljava/util/List;"),
    "mac": ("android/net/wifi/WifiInfo", "getMacAddress", "()Ljava/lang/String;"),
    "bssid": ("android/net/wifi/WifiInfo", "getBSSID", "()Ljava/lang/String;"),
    "wifi": ("android/net/wifi/WifiManager", "getConnectionInfo", "()Landroid/net/wifi/WifiInfo;"),
    "clip": ("android/content/ClipboardManager", "getPrimaryClip", "()Landroid/content/ClipData;"),
    "procs": ("android/app/ActivityManager", "getRunningAppProcesses", "()Ljava/util/List;"),
    "location": ("android/location/LocationManager", "getLastKnownLocation",
                 "(Ljava/lang/String;)Landroid/location/Location;"),
}
_LAYOUT_CLASS = """.class public L{cls};
.super Ljava/lang/Object;

.method public static probe(L{recv};)Ljava/lang/Object;
    .registers 2
    const-string v0, "gps"
    invoke-virtual {{{regs}}}, L{recv};->{method}{desc}
    move-result-object v0
    return-object v0
.end method
"""


def layout_callers() -> list[tuple[str, str]]:
    """(class name, API key) of tests/static/fixtures/real_layouts/callers.txt."""
    out = []
    for line in (REAL_LAYOUTS / "callers.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            cls, api = line.split()
            out.append((cls, api))
    return out


def build_real_layouts_apk() -> Path:
    """An APK whose sensitive call sites sit in classes named as real SDKs and libraries ship them."""
    callers = layout_callers()
    h = hashlib.sha256(f"{BUILDER_VERSION}{_LAYOUT_CLASS}{sorted(_LAYOUT_APIS.items())}".encode())
    _tree_hash(h, REAL_LAYOUTS)
    out = cache_dir() / f"real_layouts-{h.hexdigest()[:16]}.apk"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory(dir=cache_dir()) as tmp:
        smali = Path(tmp) / "smali"
        for cls, api in callers:
            recv, method, desc = _LAYOUT_APIS[api]
            regs = "p0, v0" if "(L" in desc else "p0"
            f = smali / (cls.replace(".", "/") + ".smali")
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(_LAYOUT_CLASS.format(cls=cls.replace(".", "/"), recv=recv, method=method, desc=desc,
                                              regs=regs), encoding="utf-8")
        assemble(REAL_LAYOUTS, [[smali]], Path(tmp) / "out.apk")
        os.replace(Path(tmp) / "out.apk", out)
    return out
