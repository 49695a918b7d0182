"""One error base with a few layer errors; the CLI maps each to an exit code.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 bad usage or bad
input (a file the user gave), 3 environment problem (device, tool, frida, proxy).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3


class HarnessError(Exception):
    """Base of every error the harness raises on purpose; its text is one line for the user."""

    exit_code = EXIT_USAGE


class InputError(HarnessError):
    """A file or value the user gave is missing or malformed (exit 2)."""

    exit_code = EXIT_USAGE


class PolicyError(InputError):
    """A declared-policy, hook-catalogue or baseline file is invalid."""


class CatalogueError(InputError):
    """A hook catalogue entry is malformed."""


class ApkError(InputError):
    """An APK (or split set) cannot be read."""


class TraceError(InputError):
    """A run directory cannot be read."""


class EnvironmentProblem(HarnessError):
    """Something on the machine is missing or broken: a tool, a device, frida, the proxy (exit 3)."""

    exit_code = EXIT_ENVIRONMENT


class DeviceError(EnvironmentProblem):
    """The device (Android or JVM stand-in) cannot be used."""


class AgentError(EnvironmentProblem):
    """The Frida agent cannot be built, loaded or talked to."""


class ProxyError(EnvironmentProblem):
    """mitmproxy cannot be started or reached."""
