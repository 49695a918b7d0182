"""Compile the probe app with javac into a cache keyed by its sources, once per source change.

The exercise class is one template compiled into several packages (the app's and the SDKs'),
because a hook attributes a call by the package of the calling frame: the same calls must come
from code that really lives in each package.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from harness.errors import DeviceError, EnvironmentProblem

PROBE_DIR = Path(__file__).resolve().parent
JAVA_DIR = PROBE_DIR / "java"
TEMPLATE = PROBE_DIR / "templates" / "ProbeExercise.java.in"
GMS_DIR = PROBE_DIR / "gms"
"""Play services' own code (ProviderInstallerImpl): compiled apart, loaded by a class loader of its own."""
GMS_PACKAGE = "gms-package"
"""Folder inside the classes dir holding the Play services "package" (not on the app's class path: its
paths do not match its packages, so only the Play services loader rooted there can load it)."""
SHADE = ("com.android.org.conscrypt", "com.google.android.gms.org.conscrypt")
"""Play services ships Conscrypt shaded to its own package: the stand-in's copy is made the same way."""
MAIN_CLASS = "com.example.probe.ProbeApp"
RELEASE = "17"
# Real libraries the SDK stand-ins send through, as Debian ships them (make system-deps installs
# libokhttp-java, which pulls libokio-java): real SDKs bundle OkHttp rather than reimplement it.
LIBRARY_DIR = Path("/usr/share/java")
LIBRARIES: dict[str, str] = {"okhttp.jar": "libokhttp-java", "okio.jar": "libokio-java"}
# package the generated ProbeExercise lives in -> actor label in the values log
EXERCISE_PACKAGES: dict[str, str] = {
    "com.example.probe": "app",
    "com.umeng.analytics.pro": "umeng",
    "com.tencent.bugly.crashreport.inner": "bugly",
    "com.google.android.gms.ads.internal": "google_ads",
}


def cache_root() -> Path:
    """$XDG_CACHE_HOME/app-privacy-harness/probe (~/.cache/... when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "app-privacy-harness" / "probe"


def library_jars(lib_dir: Path | None = None) -> list[Path]:
    """The real OkHttp 3 and okio jars (compile and runtime classpath of the probe and the TLS tests)."""
    root = Path(lib_dir) if lib_dir is not None else LIBRARY_DIR
    jars = [root / name for name in LIBRARIES]
    missing = [LIBRARIES[j.name] for j in jars if not j.is_file()]
    if missing:
        raise EnvironmentProblem(f"{root}: {', '.join(j.name for j in jars if not j.is_file())} not found: "
                                 f"apt-get install {' '.join(missing)} (make system-deps)")
    return [j.resolve() for j in jars]


def library_fingerprint() -> str:
    """Name, size and mtime of each jar (Debian's okhttp.jar carries no version): an upgrade recompiles."""
    return ";".join(f"{j.name}:{j.stat().st_size}:{int(j.stat().st_mtime)}" for j in library_jars())


def runtime_classpath(classes: Path) -> str:
    """`java -cp` value: the compiled probe followed by its library jars."""
    return os.pathsep.join([str(classes), *map(str, library_jars())])


def _sources() -> list[Path]:
    return sorted(JAVA_DIR.rglob("*.java"))


def _gms_sources() -> list[Path]:
    return sorted(GMS_DIR.rglob("*.java"))


def _shade(dest: Path) -> list[Path]:
    """Conscrypt's stand-in sources with their package renamed, as Play services' build shades them."""
    src_pkg, dst_pkg = SHADE
    out = []
    for path in sorted((JAVA_DIR / src_pkg.replace(".", "/")).glob("*.java")):
        target = dest / dst_pkg.replace(".", "/") / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8").replace(f"package {src_pkg};", f"package {dst_pkg};", 1),
                          encoding="utf-8")
        out.append(target)
    return out


def source_hash() -> str:
    """Hash of every source, the template and the compile settings (the cache key)."""
    h = hashlib.sha256(f"release={RELEASE};packages={sorted(EXERCISE_PACKAGES.items())};"
                       f"libs={library_fingerprint()}".encode())
    for path in [*_sources(), *_gms_sources(), TEMPLATE]:
        h.update(path.relative_to(PROBE_DIR).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def _generate(dest: Path) -> list[Path]:
    template = TEMPLATE.read_text(encoding="utf-8")
    out = []
    for package, actor in EXERCISE_PACKAGES.items():
        path = dest / package.replace(".", "/") / "ProbeExercise.java"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.replace("@PACKAGE@", package).replace("@ACTOR@", actor), encoding="utf-8")
        out.append(path)
    return out


def _javac(javac: str, argfile: Path, sources: list[Path], classpath: list[Path], out: Path) -> None:
    argfile.write_text("\n".join(f'"{p.as_posix()}"' for p in sources) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [javac, "--release", RELEASE, "-encoding", "UTF-8", "-nowarn", "-g", "-cp",
         os.pathsep.join(map(str, classpath)), "-d", str(out), f"@{argfile}"],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if "error" in ln), proc.stderr.strip()[:300])
        raise DeviceError(f"{JAVA_DIR}: javac failed: {first.strip()}")


def build_probe(cache_dir: Path | None = None, force: bool = False) -> Path:
    """Compile the probe (javac --release 17) and return its classpath directory.

    Reuses `<cache>/<hash>/classes` when the sources did not change; concurrent builders each
    compile into a temporary folder and the first rename wins.
    """
    javac = shutil.which("javac")
    if javac is None:
        raise EnvironmentProblem("javac not found: install a JDK 17+ (apt-get install default-jdk-headless)")
    root = Path(cache_dir) if cache_dir is not None else cache_root()
    final = root / source_hash()
    classes = final / "classes"
    if classes.is_dir() and not force:
        return classes
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=root))
    try:
        generated = _generate(work / "gen")
        out = work / "classes"
        out.mkdir()
        _javac(javac, work / "sources.txt", [*_sources(), *generated], library_jars(), out)
        gms_sources = [*_gms_sources(), *_shade(work / "gms-gen")]
        _javac(javac, work / "gms-sources.txt", gms_sources, [out, *library_jars()], out / GMS_PACKAGE)
        (work / "classes" / "probe.hash").write_text(final.name + "\n", encoding="utf-8")
        if force and final.exists():
            shutil.rmtree(final, ignore_errors=True)
        final.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(out, classes)
        except OSError:
            if not classes.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return classes
