"""Builders and replays the tests (and `bench`) share; never shipped in the wheel.

Imported as `support.*` in tests: tests/conftest.py puts tests/ on sys.path (pytest's prepend import
mode, tests/ is no package), as it does for `nesting`. `bench` runs from the repository root and imports
`tests.support.*`.
"""
