"""`--system-ca`: the run's CA in Android's system store for the run only, on every release.

Android 14 (API 34) moved the system store into the Conscrypt APEX
(/apex/com.android.conscrypt/cacerts), read-only and mounted per mount namespace, so copying a
file into /system/etc/security/cacerts no longer reaches apps. What works (HTTP Toolkit's
adb-commands.ts in httptoolkit/httptoolkit-server, and mitmproxy's "install system trusted CA on
Android" how-to, describe it): copy the current store plus the CA to a staging folder, then in
each mount namespace that matters, the adb shell's own, every zygote's (apps forked later copy
it) and every running app's, mount a tmpfs over the store folder and fill it from the staging
folder. Below API 34 the folder is /system/etc/security/cacerts, the same way (no
-writable-system needed). A tmpfs lives in memory: unmounting it restores the store exactly,
and a reboot does too.

The decisions (which namespaces, what succeeded) are made here in Python from the device's own
outputs (`pidof`, `ps -A`, the script's `aph-*` lines), so they are tested with recorded outputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

APEX_CACERTS = "/apex/com.android.conscrypt/cacerts"
SYSTEM_CACERTS = "/system/etc/security/cacerts"
STAGE = "/data/local/tmp/aph-cacerts"
LABEL = "u:object_r:system_file:s0"
"""SELinux label the store files get (the one HTTP Toolkit's script gives them; readable by apps)."""
APEX_API = 34
SHELL = "shell"
"""The adb shell's own mount namespace (no nsenter)."""
# nsenter runs the target namespace's own binaries: /bin/mount is missing on some devices
# ("nsenter: exec /bin/mount: No such file or directory", httptoolkit/httptoolkit-website#106).
MOUNT = "/system/bin/mount"
UMOUNT = "/system/bin/umount"
_LINE = re.compile(r"^aph-(mounted|failed|unmounted) (\S+)(?: (.*))?$")


def store_path(api_level: int) -> str:
    """The folder Conscrypt reads system CAs from on this release."""
    return APEX_CACERTS if api_level >= APEX_API else SYSTEM_CACERTS


def parse_pids(pidof_output: str) -> list[int]:
    """`pidof zygote zygote64`: one line, pids separated by spaces (zygote64 may have two)."""
    return [int(p) for p in pidof_output.split() if p.isdigit()]


def children_of(ps_output: str, parents: set[int]) -> list[int]:
    """Pids whose parent is in `parents`, from `ps -A` (columns USER PID PPID ...; header optional)."""
    out: list[int] = []
    for line in ps_output.splitlines():
        cols = line.split()
        if len(cols) >= 3 and cols[1].isdigit() and cols[2].isdigit() and int(cols[2]) in parents:
            out.append(int(cols[1]))
    return out


def _fill(target: str) -> str:
    """Shell commands that put a tmpfs over `target` and fill it from the staging folder."""
    return (f"{MOUNT} -t tmpfs tmpfs {target} && cp {STAGE}/* {target}/ && chmod 755 {target} "
            f"&& chmod 644 {target}/* && chcon {LABEL} {target} {target}/*")


def install_script(target: str, ca_remote: str, ca_name: str, namespaces: list[str]) -> str:
    """One `sh -c` script: stage the store and the CA, then a tmpfs per namespace; one `aph-*` line each."""
    lines = [
        f"rm -rf {STAGE} && mkdir -p -m 700 {STAGE} || exit 3",
        f"cp {target}/* {STAGE}/ || exit 3",
        f"cp {ca_remote} {STAGE}/{ca_name} || exit 3",
        f"chown root:root {STAGE}/* && chmod 644 {STAGE}/* && chcon {LABEL} {STAGE}/*",
    ]
    for ns in namespaces:
        fill = _fill(target)
        cmd = fill if ns == SHELL else f"nsenter --mount=/proc/{ns}/ns/mnt -- /system/bin/sh -c '{fill}'"
        lines.append(f"if out=$({cmd} 2>&1); then echo 'aph-mounted {ns}'; "
                     f"else echo \"aph-failed {ns} $out\" | head -n 1; fi")
    return "\n".join(lines)


def uninstall_script(target: str, ca_remote: str, namespaces: list[str]) -> str:
    """Unmount the tmpfs in each namespace that got one (gone processes are skipped), drop the staging."""
    lines = []
    for ns in namespaces:
        if ns == SHELL:
            cmd = f"{UMOUNT} {target}"
        else:
            cmd = f"[ -e /proc/{ns}/ns/mnt ] && nsenter --mount=/proc/{ns}/ns/mnt -- {UMOUNT} {target}"
        lines.append(f"if out=$({cmd} 2>&1); then echo 'aph-unmounted {ns}'; "
                     f"else echo \"aph-failed {ns} $out\" | head -n 1; fi")
    lines.append(f"rm -rf {STAGE} {ca_remote}")
    return "\n".join(lines)


@dataclass
class ScriptResult:
    """What the script said per namespace."""

    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def parse_result(output: str) -> ScriptResult:
    res = ScriptResult()
    for line in output.splitlines():
        m = _LINE.match(line.strip())
        if m is None:
            continue
        verb, ns, detail = m.groups()
        if verb == "failed":
            res.failed[ns] = (detail or "").strip()
        else:
            res.done.append(ns)
    return res
