"""The probe compiles with the Debian JDK, into a cache keyed by its sources."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from harness.errors import EnvironmentProblem
from harness.probe import build
from harness.probe.build import EXERCISE_PACKAGES, build_probe, source_hash


@pytest.fixture(scope="module")
def classpath() -> Path:
    return build_probe()


def test_build_gives_the_app_and_every_exercise_package(classpath: Path) -> None:
    assert (classpath / "com/example/probe/ProbeApp.class").is_file()
    for package in EXERCISE_PACKAGES:
        assert (classpath / package.replace(".", "/") / "ProbeExercise.class").is_file(), package
    # stand-ins carry Android's names, nested classes nested
    for cls in ("android/provider/Settings$Secure", "android/telephony/TelephonyManager",
                "android/app/ApplicationPackageManager", "android/content/pm/PackageManager",
                "com/google/android/gms/ads/identifier/AdvertisingIdClient$Info",
                "com/bun/miitmdid/supplier/msa/MsaIdSupplier", "androidx/core/app/ActivityCompat"):
        assert (classpath / f"{cls}.class").is_file(), cls
    assert classpath.parent.name == source_hash()


def test_second_build_reuses_the_cache(classpath: Path) -> None:
    stamp = (classpath / "probe.hash").stat().st_mtime_ns
    started = time.monotonic()
    again = build_probe()
    assert again == classpath
    assert (again / "probe.hash").stat().st_mtime_ns == stamp  # not recompiled
    assert time.monotonic() - started < 5


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert build.cache_root() == tmp_path / "app-privacy-harness" / "probe"


def test_source_change_changes_the_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    java = tmp_path / "java"
    shutil.copytree(build.JAVA_DIR, java)
    monkeypatch.setattr(build, "JAVA_DIR", java)
    monkeypatch.setattr(build, "PROBE_DIR", tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(build.TEMPLATE.parent, templates)
    monkeypatch.setattr(build, "TEMPLATE", templates / build.TEMPLATE.name)
    gms = tmp_path / "gms"
    shutil.copytree(build.GMS_DIR, gms)
    monkeypatch.setattr(build, "GMS_DIR", gms)
    before = source_hash()
    target = java / "android/os/Build.java"
    target.write_text(target.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert source_hash() != before
    before = source_hash()
    impl = next(gms.rglob("ProviderInstallerImpl.java"))   # Play services' own code is part of the key too
    impl.write_text(impl.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    assert source_hash() != before


def test_missing_javac_is_one_line_environment_problem(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no javac anywhere
    with pytest.raises(EnvironmentProblem) as info:
        build_probe(cache_dir=tmp_path / "cache")
    message = str(info.value)
    assert "javac" in message and "\n" not in message
    assert not os.path.exists(tmp_path / "cache")


def test_real_okhttp_is_on_the_compile_and_runtime_classpath(classpath: Path, tmp_path: Path) -> None:
    from harness.probe.control import java_command

    jars = build.library_jars()
    assert [j.name for j in jars] == ["okhttp.jar", "okio.jar"] and all(j.is_file() for j in jars)
    argv = java_command(classpath, java="java")
    assert argv[argv.index("-cp") + 1] == os.pathsep.join([str(classpath), *map(str, jars)])
    # the SDK stand-ins were compiled against the real client (no okhttp3 class of our own)
    assert not (classpath / "okhttp3").exists()
    with pytest.raises(EnvironmentProblem) as e:
        build.library_jars(tmp_path)
    assert "apt-get install libokhttp-java libokio-java" in str(e.value) and "\n" not in str(e.value)
