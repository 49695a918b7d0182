"""Zip limits checked before androguard sees an APK: entry count, names, and decompressed sizes.

androguard (through apkInspector) inflates whole entries with no bound, so a 1 MB APK holding a
1 GiB `classes2.dex` would take gigabytes before failing. Here every entry the harness reads is
inflated as a stream from its raw bytes (all of them, not just the declared size) and refused at
a cap; `../` and absolute names are refused as well. Errors are one ApkError line naming the entry.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from harness.errors import ApkError
from harness.static.urls import TEXT_ASSET

MAX_ENTRIES = 100_000
CAPS = {"AndroidManifest.xml": 8 << 20, "resources.arsc": 64 << 20}
DEX_CAP = 64 << 20
"""Per classes*.dex: the 64K-method limit keeps real DEX files near 10 MB."""
INNER_APK_CAP = 512 << 20
"""Per APK inside a split set (.apks/.xapk)."""
XML_CAP = 8 << 20
ASSET_CAP = 64 << 20
"""Text assets scanned for URLs (larger ones are skipped after reading, so reading must be bounded)."""
TOTAL_CAP = 768 << 20
_CHUNK = 1 << 20


def entry_cap(name: str, inner_apks: bool) -> int | None:
    """Cap for an entry the harness reads, None for entries it never inflates (assets, res/...)."""
    if name in CAPS:
        return CAPS[name]
    if name.startswith("classes") and name.endswith(".dex") and "/" not in name:
        return DEX_CAP
    if inner_apks and name.lower().endswith(".apk"):
        return INNER_APK_CAP
    if name.startswith(("res/xml/", "res/raw/")) and name.endswith(".xml"):
        return XML_CAP
    if name.startswith("assets/") and TEXT_ASSET.search(name):
        return ASSET_CAP
    return None


def _bad_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or "\x00" in name


def check(where: str, raw: bytes, *, inner_apks: bool = False) -> None:
    """ApkError when the zip `raw` has too many entries, an unsafe name or an entry over its cap."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise ApkError(f"{where}: corrupt or truncated zip ({str(e)[:100]})") from None
    if len(infos) > MAX_ENTRIES:
        raise ApkError(f"{where}: {len(infos)} zip entries (limit {MAX_ENTRIES})")
    total = 0
    for info in infos:
        if _bad_name(info.filename):
            raise ApkError(f"{where}: zip entry {info.filename[:80]!r} points outside the archive")
        cap = entry_cap(info.filename, inner_apks)
        if cap is None:
            continue
        if info.file_size > cap:
            raise ApkError(f"{where}: {info.filename}: declares {info.file_size} bytes uncompressed "
                           f"(limit {cap >> 20} MiB): refused as a zip bomb")
        total += _inflated_size(where, raw, info, cap)
        if total > TOTAL_CAP:
            raise ApkError(f"{where}: entries inflate to over {TOTAL_CAP >> 20} MiB: refused as a zip bomb")


def _inflated_size(where: str, raw: bytes, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes the entry's raw data really inflates to (streamed, stopping past `cap`)."""
    start = info.header_offset
    if raw[start:start + 4] != b"PK\x03\x04" or len(raw) < start + 30:
        raise ApkError(f"{where}: {info.filename}: bad local header")
    name_len, extra_len = struct.unpack("<HH", raw[start + 26:start + 30])
    data = memoryview(raw)[start + 30 + name_len + extra_len:start + 30 + name_len + extra_len + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(data)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ApkError(f"{where}: {info.filename}: unsupported compression method {info.compress_type}")
    inflater = zlib.decompressobj(-15)
    size = 0
    try:
        for i in range(0, len(data), _CHUNK):
            chunk = inflater.decompress(data[i:i + _CHUNK], cap + 1 - size)
            size += len(chunk)
            while inflater.unconsumed_tail and size <= cap:
                size += len(inflater.decompress(inflater.unconsumed_tail, cap + 1 - size))
            if size > cap:
                raise ApkError(f"{where}: {info.filename}: inflates to over {cap >> 20} MiB: refused as a zip bomb")
    except zlib.error as e:
        raise ApkError(f"{where}: {info.filename}: corrupt compressed data ({e})") from None
    return size
