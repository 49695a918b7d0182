"""The probe app: a Java stand-in for an Android app, hooked on a HotSpot JVM by the same agent.

Its stand-in classes carry Android's package, class and method names; its app code lives in
com.example.probe and its SDK stand-ins under the real SDK prefixes (Umeng, Bugly, Google ads,
MSA OAID). Scenarios drive it over a TCP control channel (see control.py).
"""

from harness.probe.build import build_probe
from harness.probe.control import ProbeCommandError, ProbeProcess, java_command, make_truststore, wait_exit

PROBE_PACKAGE = "com.example.probe"

__all__ = ["PROBE_PACKAGE", "ProbeCommandError", "ProbeProcess", "build_probe", "java_command", "make_truststore",
           "wait_exit"]
