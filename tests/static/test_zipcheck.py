"""Zip limits before androguard: ../ names, bombs whose real inflated size is over the cap."""

from __future__ import annotations

import io
import zipfile

import pytest

from harness.errors import ApkError
from harness.static import zipcheck


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["../evil.apk", "splits/../../x.apk", "/abs.apk", "a\\..\\b.apk"])
def test_entries_pointing_outside_are_refused(name: str) -> None:
    with pytest.raises(ApkError, match="points outside the archive"):
        zipcheck.check("set.apks", _zip({name: b"PK"}), inner_apks=True)


def test_a_dex_that_inflates_past_its_cap_is_refused_even_if_it_declares_less(monkeypatch) -> None:
    monkeypatch.setattr(zipcheck, "DEX_CAP", 1 << 20)
    raw = _zip({"AndroidManifest.xml": b"x", "classes2.dex": bytes(4 << 20)})
    with pytest.raises(ApkError, match="classes2.dex: declares 4194304 bytes"):
        zipcheck.check("a.apk", raw)
    # The same bomb with a lying central directory: still refused by the streamed size.
    lying = raw.replace((4 << 20).to_bytes(4, "little"), (1000).to_bytes(4, "little"))
    with pytest.raises(ApkError, match="classes2.dex: inflates to over 1 MiB"):
        zipcheck.check("a.apk", lying)


def test_ordinary_entries_pass_and_unread_entries_are_not_inflated() -> None:
    zipcheck.check("a.apk", _zip({"AndroidManifest.xml": b"x" * 100, "classes.dex": b"dex\n035\x00",
                                  "assets/big.bin": bytes(2 << 20)}))
