"""The wheel works installed anywhere: built from the sources, installed into a fresh venv outside the
repository, `harness selftest` passes and `harness static` finds hooked APIs (so the hook catalogue,
baselines and example policy came with it as package data)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.apks import build_apk

pytestmark = pytest.mark.slow  # a wheel build and one selftest audit: about a minute, still part of `make test`

REPO = Path(__file__).resolve().parents[2]
SKIP_DIRS = {"node_modules", "__pycache__", ".cache", "build", ".venv", "runs"}


def _copy_sources(dst: Path) -> None:
    """What a source distribution holds: the package, pyproject, README, LICENSE (no venv, no node_modules)."""
    ignore = shutil.ignore_patterns(*SKIP_DIRS, "*.egg-info", "*.pyc")
    shutil.copytree(REPO / "harness", dst / "harness", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, dst / name)


def _run(argv: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> str:
    cp = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
    assert cp.returncode == 0, f"{argv[:4]} -> {cp.returncode}\n{cp.stdout[-2000:]}\n{cp.stderr[-2000:]}"
    return cp.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv (outside the repository) holding the built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    src = root / "src"
    _copy_sources(src)
    assert (src / "harness" / "agent" / "_bundle").is_dir(), "agent bundle not built (make agent)"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root / "dist"), str(src)],
         root, 300)
    wheel = next((root / "dist").glob("app_privacy_harness-*.whl"))
    # No pip inside the new venv (ensurepip costs ~10 s): this venv's pip installs into it through --python.
    _run([sys.executable, "-m", "venv", "--without-pip", str(root / "venv")], root, 120)
    bin_dir = root / "venv" / "bin"
    pip = [sys.executable, "-m", "pip", "--python", str(bin_dir / "python")]
    _run([*pip, "install", "-q", "--no-deps", str(wheel)], root, 300)
    # Dependencies: the test venv's already-installed wheels, appended as a plain path (its .pth files,
    # among them the editable install of this checkout, are not processed), so the harness that runs is
    # the wheel's; `pip check` proves the wheel's declared dependencies are what it gets.
    site = next(root.glob("venv/lib/python3*/site-packages"))
    (site / "zz_deps.pth").write_text(_deps_site() + "\n", encoding="utf-8")
    _run([*pip, "check"], root, 120)
    return bin_dir


def _deps_site() -> str:
    import sysconfig

    return sysconfig.get_paths()["purelib"]


def _env_outside(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return env


def test_wheel_holds_package_data_and_licence(installed: Path) -> None:
    code = ("import harness, harness.agent.catalogue as c, harness.policy.baseline as b;"
            "print(harness.__file__); print(len(c.default_catalogue().entries)); print(len(b.load_baselines()))")
    out = _run([str(installed / "python"), "-c", code], installed.parent.parent, 60, _env_outside(installed))
    where, hooks, categories = out.split()
    assert str(REPO) not in where and "site-packages" in where
    assert int(hooks) > 100 and int(categories) == 39
    dist_info = next(installed.parent.glob("lib/python3*/site-packages/app_privacy_harness-*.dist-info"))
    assert "Apache License" in next(dist_info.rglob("LICENSE")).read_text(encoding="utf-8")
    shipped = {line.split(",", 1)[0] for line in (dist_info / "RECORD").read_text(encoding="utf-8").splitlines()}
    assert "harness/__init__.py" in shipped  # the file list is the wheel's, read right
    # test-only builders live under tests/support/, never in the package
    assert not {"harness/static/testing.py", "harness/device/testing.py"} & shipped
    assert not any(name.startswith(("tests/", "support/")) for name in shipped)


def test_wheel_selftest_and_static(installed: Path) -> None:
    """Also the suite's one `harness selftest` (every stage named): the installed wheel's, so it proves both."""
    work = installed.parent.parent
    env = _env_outside(installed)
    out = _run([str(installed / "harness"), "selftest", "--out", str(work / "selftest-run")], work, 300, env)
    lines = out.strip().splitlines()
    stages = [line.split()[0] + " " + line[6:36].strip() for line in lines if line.startswith(("PASS", "FAIL"))]
    assert stages == ["PASS probe builds", "PASS audit runs", "PASS agent loads", "PASS hooks fire",
                      "PASS proxy sees traffic", "PASS matcher finds planted values", "PASS rules fire"], out
    assert lines[-1] == "7/7 stages passed", out
    apk = build_apk("app")
    report = json.loads(_run([str(installed / "harness"), "static", str(apk), "--json"], work, 300, env))
    # call sites are matched against the shipped catalogue: none would be found without package data
    assert len(report["call_sites"]) >= 10 and len(report["sdks"]) >= 3, report["notes"]
