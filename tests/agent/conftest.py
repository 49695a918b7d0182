"""Agent test fixtures: a tiny Java app (stand-in classes with Android names) compiled by javac
once per source hash, a way to drive it over stdin/stdout, and the agent bundle built once."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from agent_helpers import MiniApp

from harness.agent.build import ensure_built
from harness.agent.catalogue import default_paths, load_catalogue
from harness.probe.build import library_fingerprint, library_jars

HERE = Path(__file__).resolve().parent
JAVA_SRC = HERE / "java"
EXTRA_YAML = HERE / "data" / "extra.yaml"
CACHE = Path(os.environ.get("HARNESS_TEST_CACHE", HERE.parents[0] / ".cache")) / "agent"


def _javac(out: Path, sources: list[Path]) -> None:
    javac = shutil.which("javac")
    if javac is None:
        pytest.skip("javac is not installed")
    # the real OkHttp 3 (Debian's libokhttp-java) is on the mini app's classpath, as in an app
    subprocess.run([javac, "--release", "17", "-encoding", "UTF-8", "-cp", os.pathsep.join(map(str, library_jars())),
                    "-d", str(out), *map(str, sources)], check=True, capture_output=True)


@pytest.fixture(scope="session")
def mini_build() -> dict[str, Path]:
    """{"classes": classpath of the mini app, "late": a class dir only a URLClassLoader sees}."""
    sources = sorted(JAVA_SRC.rglob("*.java"))
    digest = hashlib.sha256(b"".join(p.read_bytes() + str(p.relative_to(JAVA_SRC)).encode() for p in sources)
                            + library_fingerprint().encode())
    root = CACHE / digest.hexdigest()[:16]
    if not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        _javac(root / "classes", sorted((JAVA_SRC / "src").rglob("*.java")))
        _javac(root / "late", sorted((JAVA_SRC / "late").rglob("*.java")))
        (root / "done").write_text("ok")
    return {"classes": root / "classes", "late": root / "late"}


@pytest.fixture(scope="session")
def bundle() -> Path:
    return ensure_built()


@pytest.fixture(scope="session")
def catalogue():  # noqa: ANN201 - Catalogue
    return load_catalogue([*default_paths(), EXTRA_YAML])


@pytest.fixture
def mini(mini_build: dict[str, Path]) -> Iterator[MiniApp]:
    app = MiniApp(mini_build["classes"])
    yield app
    app.close()
