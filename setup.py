"""The one C extension: the traffic matcher's byte scans (harness/detect/bodyscan.py). Everything else
about the package is in pyproject.toml; the extension is declared here because setuptools still marks
its pyproject.toml form experimental. Optional: a machine without a C compiler installs without it and
the Python twins give the same answers."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("harness.detect._scan", ["harness/detect/_scan.c"], optional=True)])
