"""Package data (hook catalogue, baselines, example policies), found the same way everywhere.

`importlib.resources` resolves the data next to the installed `harness` package, so a wheel
installed anywhere and a source checkout read the same files; nothing walks up from
`__file__` to a repository that may not exist. A missing data folder is an error, never an
empty result: a security tool that silently hooks nothing is worse than one that stops.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from harness.errors import EnvironmentProblem


def located(*parts: str) -> Path:
    """Filesystem path of `harness/<parts>` as installed (a wheel's site-packages or a checkout)."""
    return Path(str(files("harness").joinpath(*parts)))


def data_path(*parts: str) -> Path:
    """Like located(), but EnvironmentProblem when the install lacks it."""
    path = located(*parts)
    if not path.exists():
        raise EnvironmentProblem(f"{path}: package data missing (broken install of app-privacy-harness?)")
    return path


HOOKS = ("hooks",)
BASELINE = ("policies", "baselines", "necessary-pi-39.yaml")
PROBE_POLICY = ("policies", "examples", "probe.yaml")
