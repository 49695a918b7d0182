"""A hand-built run (tests/analysis/tracekit.py) that reads, sends and shares, for the label tests."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "analysis"))

from tracekit import VALUES, Trace  # noqa: E402

DATA = Path(__file__).parent / "data"


def busy_run(trace: Trace) -> Path:
    """App reads location and Android ID and posts location home over HTTPS; Umeng reads the IMEI and posts
    it over cleartext HTTP; AdMob sends the advertising ID to doubleclick."""
    trace.consent_run(accept_at=5.0)
    trace.hook(6.0, "location", "app")
    trace.hook(6.5, "android_id", "app")
    trace.flow(7.0, "https://api.example.com/v1/pos", body=f"loc={VALUES['location']}", scenario="accept")
    trace.hook(8.0, "imei", "umeng")
    trace.flow(8.5, "http://alog.umeng.com/app_logs", body=f"imei={VALUES['imei']}", scenario="accept")
    trace.hook(9.0, "advertising_id", "google_ads")
    trace.flow(9.5, "https://googleads.g.doubleclick.net/mads/gma",
               body=f"rdid={VALUES['advertising_id']}", scenario="accept")
    return trace.write()
