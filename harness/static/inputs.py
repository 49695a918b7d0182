"""Open what the user gave: one APK, a split set (.apks, .xapk, a folder), into parsed APKs.

Every way an input can be unreadable ends here as one ApkError line naming the file, so
nothing below has to guess: corrupt or truncated zip, not a zip at all, no manifest, a
manifest that is not binary XML, a split set without (or with two) base APKs.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loguru import logger

from harness.errors import ApkError
from harness.static import zipcheck
from harness.static.report import InputFile

logger.disable("androguard")  # androguard logs through loguru; stdlib logging.disable has no effect

MAX_INNER = zipcheck.INNER_APK_CAP


@dataclass(slots=True)
class Part:
    """One parsed APK of the input."""

    name: str
    raw: bytes
    apk: Any
    """androguard.core.apk.APK"""
    split: str | None

    def dex_files(self) -> list[tuple[str, bytes]]:
        names = sorted((n for n in self.apk.get_files() if _is_dex_name(n)), key=_dex_order)
        return [(n if self.split is None else f"{self.name}!{n}", self.apk.get_file(n)) for n in names]


@dataclass(slots=True)
class ApkSet:
    path: Path
    kind: str
    base: Part
    parts: list[Part]
    files: list[InputFile]


def _is_dex_name(n: str) -> bool:
    return n.startswith("classes") and n.endswith(".dex") and "/" not in n


def _dex_order(n: str) -> int:
    mid = n[len("classes"):-len(".dex")]
    return int(mid) if mid.isdigit() else 1


def _parse(name: str, raw: bytes) -> Part:
    from androguard.core.apk import APK

    if not raw:
        raise ApkError(f"{name}: empty file, not an APK")
    if not raw.startswith(b"PK"):
        raise ApkError(f"{name}: not an APK (no zip signature)")
    zipcheck.check(name, raw)
    try:
        with _quiet():
            apk = APK(raw, raw=True)
    except Exception as e:  # noqa: BLE001 - androguard raises anything for a broken zip
        raise ApkError(f"{name}: corrupt or truncated zip ({_short(e)})") from None
    files = apk.get_files()
    if "AndroidManifest.xml" not in files:
        raise ApkError(f"{name}: no AndroidManifest.xml (not an APK)")
    xml = apk.get_android_manifest_xml()
    if xml is None or not apk.is_valid_APK() or not apk.get_package():
        raise ApkError(f"{name}: AndroidManifest.xml is missing its package or is not valid binary XML")
    return Part(name, raw, apk, xml.get("split"))


@contextmanager
def _quiet() -> Iterator[None]:
    """apkInspector prints warnings ("Does not seem to be the start of a local header!") to stdout:
    they would break the one-line error and --json output."""
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        yield


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[0][:120] if text else type(e).__name__


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise ApkError(f"{path}: cannot read: {e.strerror}") from None


def _inner_apks(path: Path, raw: bytes) -> list[tuple[str, bytes]] | None:
    """APK entries of a split-set zip (.apks / .xapk), or None when the zip is itself an APK."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
        names = z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "AndroidManifest.xml" in names:
        return None
    zipcheck.check(str(path), raw, inner_apks=True)
    inner = [n for n in names if n.lower().endswith(".apk") and not n.endswith("/")]
    if not inner:
        return None
    if any(n.startswith("splits/") for n in inner):  # bundletool: standalone/universal APKs are alternatives
        inner = [n for n in inner if n.startswith("splits/")]
    out = []
    for n in sorted(inner):
        info = z.getinfo(n)
        if info.file_size > MAX_INNER:
            raise ApkError(f"{path}: {n}: too large ({info.file_size} bytes)")
        try:
            out.append((n, z.read(n)))
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as e:
            raise ApkError(f"{path}: {n}: cannot extract ({_short(e)})") from None
    return out


def open_input(path: Path) -> ApkSet:
    """Parse an .apk, .apks, .xapk or a folder of split APKs; ApkError (one line) when unreadable."""
    path = Path(path)
    if not path.exists():
        raise ApkError(f"{path}: no such file")
    if path.is_dir():
        members = sorted(p for p in path.iterdir() if p.suffix.lower() == ".apk" and p.is_file())
        if not members:
            raise ApkError(f"{path}: folder holds no .apk files")
        blobs = [(p.name, _read(p)) for p in members]
        kind = "dir"
    else:
        raw = _read(path)
        inner = _inner_apks(path, raw) if raw.startswith(b"PK") else None
        if inner is not None:
            blobs = inner
            kind = "xapk" if path.suffix.lower() == ".xapk" else "apks"
        else:
            blobs = [(path.name, raw)]
            kind = "apk"
    where = {"apk": lambda n: str(path), "dir": lambda n: str(path / n)}.get(kind, lambda n: f"{path}!{n}")
    parts = [_parse(where(name), data) for name, data in blobs]
    for part, (name, _) in zip(parts, blobs, strict=True):
        part.name = name  # inside the set, a member is named by its path in the container
    if kind == "apk":
        if parts[0].split is not None:
            raise ApkError(f"{path}: is split '{parts[0].split}' of {parts[0].apk.get_package()}; "
                           "give the whole split set (.apks, .xapk or a folder)")
    bases = [p for p in parts if p.split is None]
    if not bases:
        raise ApkError(f"{path}: split set has no base APK (every APK declares a split name)")
    if len(bases) > 1:
        raise ApkError(f"{path}: split set has {len(bases)} base APKs ({', '.join(p.name for p in bases)})")
    base = bases[0]
    others = [p for p in parts if p is not base]
    for p in others:
        if p.apk.get_package() != base.apk.get_package():
            raise ApkError(f"{path}: split {p.name} belongs to {p.apk.get_package()}, "
                           f"not {base.apk.get_package()}")
    files = [InputFile(p.name, hashlib.sha256(p.raw).hexdigest(), len(p.raw), p.split)
             for p in [base, *others]]
    return ApkSet(path, kind, base, [base, *others], files)
