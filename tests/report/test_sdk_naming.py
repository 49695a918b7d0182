"""Reports name the SDK and its organisation with the matching signature, and call a library a library."""

from __future__ import annotations

import json
from pathlib import Path

from harness.analysis.engine import analyze_run
from harness.report.html import render_html
from harness.trace.records import record
from tests.analysis.tracekit import APP, VALUES, Trace, make_policy


def _run(tmp_path: Path) -> Path:
    tr = Trace(tmp_path / "run")
    tr.consent_run("accept", accept_at=1.0)
    for seq, (dt, api, frame) in enumerate([
        ("location", "android.location.LocationManager.getLastKnownLocation",
         "org.osmdroid.views.overlay.mylocation.GpsMyLocationProvider.start(Unknown Source)"),
        ("imei", "android.telephony.TelephonyManager.getDeviceId", "com.facebook.c.c.a(Unknown Source)"),
    ], start=1):
        tr.events.append(record("hook", 2.0 + seq, seq=seq, hook_id=f"h.{dt}", api=api, data_type=dt, event="read",
                                values={"return": VALUES[dt]}, stack=[f"{api}(Native Method)", frame,
                                                                      f"{APP}.MainActivity.onCreate(MainActivity.java:3)"],
                                thread="main", pid=4242, foreground=True, actor=None, scenario="accept"))
    tr.flow(6.0, "https://ms4.applovin.com/1.0/event/load", body=json.dumps({"imei": VALUES["imei"]}),
            scenario="accept")
    return tr.write()


def test_actors_carry_organisation_signature_and_library_kind(tmp_path: Path) -> None:
    rep = analyze_run(_run(tmp_path), make_policy())
    by_actor = {(f.rule, f.actor_key): f for f in rep.findings}
    fb = by_actor[("undeclared_third_party", "sdk:facebook")].actor
    assert (fb["org"], fb["signature"]) == ("Meta", "package com.facebook")
    assert ("undeclared_third_party", "lib:osmdroid") not in by_actor  # a library sends nothing by itself
    assert by_actor[("over_collection", "lib:osmdroid")].actor["kind"] == "library"
    host = next(h for h in rep.hosts if h["host"] == "ms4.applovin.com")
    assert (host["org"], host["signature"]) == ("AppLovin", "domain ms4.applovin.com")
    html = render_html(rep)
    assert "osmdroid — library (sends nothing by itself) [package org.osmdroid]" in html
    assert "Facebook SDK (Meta) [package com.facebook]" in html
    assert "AppLovin MAX mediation (AppLovin)" in html
    assert "osmdroid: library (sends nothing by itself)" in html  # the finding message
