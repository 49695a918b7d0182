"""Analysis of a synthetic trace: 1,000,000 hook events + 100,000 flows, time and peak memory.

Goal (issue 7): under 60 s and under 1 GiB, because the engine streams the JSONL once. The
trace is generated on disk first (not timed), then `analyze_run` runs in a child process so
its peak RSS (ru_maxrss) is its own. Everything is local; no network.
`APH_BENCH_EVENTS` / `APH_BENCH_FLOWS` scale it down for a quick look.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EVENTS = int(os.environ.get("APH_BENCH_EVENTS", 1_000_000))
FLOWS = int(os.environ.get("APH_BENCH_FLOWS", 100_000))
GOAL_SECONDS = 60.0
GOAL_BYTES = 1 << 30

ACTORS = [
    ({"kind": "first_party", "name": "app", "package": "com.example.bench", "frame":
      "com.example.bench.Main.run(Main.java:10)", "sdk_id": None}, "com.example.bench.Main.run(Main.java:10)"),
    ({"kind": "sdk", "name": "Umeng+ (友盟)", "package": "com.umeng.analytics", "frame":
      "com.umeng.analytics.Core.init(Core.java:7)", "sdk_id": "umeng"}, "com.umeng.analytics.Core.init(Core.java:7)"),
    ({"kind": "sdk", "name": "Tencent Bugly", "package": "com.tencent.bugly.crashreport", "frame":
      "com.tencent.bugly.crashreport.A.b(A.java:3)", "sdk_id": "bugly"}, "com.tencent.bugly.crashreport.A.b(A.java:3)"),
    ({"kind": "sdk", "name": "Google Mobile Ads (AdMob)", "package": "com.google.android.gms.ads", "frame":
      "com.google.android.gms.ads.X.y(X.java:1)", "sdk_id": "google_ads"}, "com.google.android.gms.ads.X.y(X.java:1)"),
    ({"kind": "unknown", "name": None, "package": "io.random.lib", "frame": "io.random.lib.Q.r(Q.java:5)",
      "sdk_id": None}, "io.random.lib.Q.r(Q.java:5)"),
]
VALUES = {
    "imei": "867530901234565", "android_id": "a3f1c9e27b5d4086", "mac_address": "02:00:5e:10:00:01",
    "oaid": "7d3f9a2e-1b4c-4e8d-a6f0-93c5b2d1e847", "advertising_id": "c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25",
    "location": "39.9087243,116.3974752", "serial_number": "PRB8A1X0Q2Z7", "imsi": "460011234567890",
    "phone_number": "+8613912340517", "clipboard": "copy-code-K8pQ2xZ7", "installed_apps": "[com.a, com.b]",
    "wifi_info": "ProbeNet-5G", "carrier_info": "46001", "device_info": "Pixel 7", "network_state": "WIFI",
    "contacts": "[Canary Zhang]", "sensors": "accelerometer", "accounts": "probe.user@example.com",
    "iccid": "89860112345678901234", "app_set_id": "0b7e4c1a-93d2-4f58-b6a0-2c8e5d1f7a39",
}
HOSTS = ([f"api{i}.bench.example.com" for i in range(10)] + ["alog.umeng.com", "android.bugly.qq.com",
         "googleads.g.doubleclick.net", "log.bench.example.com"] + [f"cdn{i}.other.example.org" for i in range(36)])
SCENARIOS = ("no_interaction", "accept", "reject", "deny_permissions", "background")


def generate(path: Path) -> None:
    """Write run.json, ui.jsonl, events.jsonl and flows.jsonl of a long synthetic run (streaming)."""
    from harness.trace import RunDir, RunStatus

    rng = random.Random(7)
    run = RunDir.create(path, app={"package": "com.example.bench", "name": "Bench"})
    duration = 3600.0
    span = duration / len(SCENARIOS)
    with open(path / RunDir.UI, "w", encoding="utf-8") as ui:
        for i, s in enumerate(SCENARIOS):
            t0 = i * span
            marks = [(t0, "scenario_start"), (t0 + 1, "app_launched"), (t0 + 2, "policy_shown")]
            if s in ("accept", "deny_permissions", "background"):
                marks.append((t0 + 5, "consent_accepted"))
            if s == "reject":
                marks += [(t0 + 5, "consent_declined"), (t0 + 6, "app_exited")]
            if s == "background":
                marks += [(t0 + 60, "app_background"), (t0 + 600, "app_foreground")]
            marks.append((t0 + span - 0.001, "scenario_end"))
            for t, m in marks:
                ui.write(json.dumps({"v": 1, "t": t, "kind": "marker", "scenario": s, "marker": m,
                                     "detail": None}) + "\n")
    types = list(VALUES)
    actor_json = [(json.dumps(a, ensure_ascii=False), f) for a, f in ACTORS]
    with open(path / RunDir.EVENTS, "w", encoding="utf-8") as ev:
        buf = []
        for seq in range(1, EVENTS + 1):
            t = duration * seq / (EVENTS + 1)
            dt = types[seq % len(types)]
            actor, frame = actor_json[rng.randrange(len(actor_json))]
            scen = SCENARIOS[min(len(SCENARIOS) - 1, int(t // span))]
            value = json.dumps(VALUES[dt], ensure_ascii=False)
            buf.append(
                f'{{"v":1,"t":{t:.6f},"kind":"hook","seq":{seq},"hook_id":"h.{dt}","api":"android.Api.get{dt}",'
                f'"data_type":"{dt}","event":"read","values":{{"return":{value}}},'
                f'"stack":["android.Api.get{dt}(Api.java:1)","{frame}","android.app.ActivityThread.main(AT.java:9)"],'
                f'"thread":"main","pid":4242,"foreground":null,"actor":{actor},"scenario":"{scen}"}}\n')
            if len(buf) >= 10_000:
                ev.writelines(buf)
                buf.clear()
        ev.writelines(buf)
    with open(path / RunDir.FLOWS, "w", encoding="utf-8") as fl:
        buf = []
        for i in range(1, FLOWS + 1):
            t = duration * i / (FLOWS + 1)
            host = HOSTS[rng.randrange(len(HOSTS))]
            scheme = "http" if host.startswith("log.") else "https"
            carry = rng.random() < 0.3
            dt = types[rng.randrange(len(types))]
            q = f"id={VALUES[dt]}&seq={i}" if carry and dt not in ("installed_apps", "contacts") else f"seq={i}"
            body = json.dumps({"event": "ping", "n": i, "payload": "x" * 200,
                               "device": {"aid": VALUES["android_id"]} if carry else {}})
            rec = {"v": 1, "t": round(t, 6), "kind": "flow", "id": f"flow{i}", "client": "127.0.0.1:5555",
                   "method": "POST", "scheme": scheme, "host": host, "port": 443, "path": "/v1/e", "query": q,
                   "url": f"{scheme}://{host}/v1/e?{q}", "http_version": "HTTP/1.1",
                   "request": {"headers": [["Host", host], ["Content-Type", "application/json"],
                                           ["User-Agent", "bench/1.0"]], "body": body, "body_encoding": "utf8",
                               "body_size": len(body), "truncated": False, "content_encoding": None},
                   "response": {"status": 200, "headers": [], "body_size": 2}, "tls": None, "error": None,
                   "websocket": [], "sink": True, "cleartext": scheme == "http"}
            buf.append(json.dumps(rec, separators=(",", ":")) + "\n")
            if len(buf) >= 5_000:
                fl.writelines(buf)
                buf.clear()
        fl.writelines(buf)
    run.finish(RunStatus.COMPLETE)


_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from harness.analysis import analyze_run
rep = analyze_run(sys.argv[1], None)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "findings": len(rep.findings), "counts": rep.summary["counts"]}))
"""


def main() -> bool:
    tmp = Path(tempfile.mkdtemp(prefix="aph-bench-analysis-"))
    try:
        t0 = time.perf_counter()
        generate(tmp / "run")
        gen = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in (tmp / "run").iterdir() if p.is_file())
        print(f"  synthetic trace: {EVENTS:,} hook events + {FLOWS:,} flows, {size / 1e6:.0f} MB "
              f"(generated in {gen:.1f} s)")
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(tmp / "run")], capture_output=True, text=True,
                              check=False, cwd=Path(__file__).resolve().parents[1])
        if proc.returncode != 0:
            print("  analysis failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1])
            return False
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        rss = res["maxrss_kb"] * 1024
        c = res["counts"]
        print(f"  analysed {c['events']:,} events ({c['pi_reads']:,} PI reads) + {c['flows']:,} flows "
              f"({c['pi_flows']:,} with PI) -> {res['findings']} findings")
        print(f"  time        {res['seconds']:8.1f} s   goal < {GOAL_SECONDS:.0f} s   "
              f"ratio {res['seconds'] / GOAL_SECONDS:.2f} of budget   "
              f"{(c['events'] + c['flows']) / res['seconds']:,.0f} records/s")
        print(f"  peak memory {rss / 2**20:8.0f} MiB goal < 1024 MiB ratio {rss / GOAL_BYTES:.2f} of budget")
        return res["seconds"] < GOAL_SECONDS and rss < GOAL_BYTES
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
