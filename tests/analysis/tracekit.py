"""Hand-built traces for the analysis and report tests: a tiny writer over the real RunDir and JsonlWriter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.policy.model import AppInfo, DataItem, Policy, ThirdParty
from harness.trace import RunDir, RunStatus
from harness.trace.records import record

APP = "com.example.app"
SDKS = {
    "umeng": ("Umeng+ (友盟)", "com.umeng.analytics"),
    "bugly": ("Tencent Bugly", "com.tencent.bugly.crashreport"),
    "google_ads": ("Google Mobile Ads (AdMob)", "com.google.android.gms.ads"),
}
API = {
    "imei": "android.telephony.TelephonyManager.getDeviceId",
    "android_id": "android.provider.Settings$Secure.getString",
    "mac_address": "android.net.wifi.WifiInfo.getMacAddress",
    "location": "android.location.LocationManager.getLastKnownLocation",
    "installed_apps": "android.app.ApplicationPackageManager.getInstalledPackages",
    "clipboard": "android.content.ClipboardManager.getPrimaryClip",
    "advertising_id": "com.google.android.gms.ads.identifier.AdvertisingIdClient$Info.getId",
    "contacts": "android.content.ContentResolver.query",
}
VALUES = {
    "imei": "867530901234565", "android_id": "a3f1c9e27b5d4086", "mac_address": "02:00:5e:10:00:01",
    "location": "39.9087243,116.3974752", "clipboard": "ClipData { text/plain {T:copy-code-K8pQ2xZ7} }",
    "advertising_id": "c2a9e6d4-57b1-4f3e-9a08-1d6e4b7c3f25", "installed_apps": "[com.a, com.b]",
    "contacts": "[Canary Zhang +8613712345670]",
}


def actor_of(who: str) -> tuple[dict[str, Any], list[str]]:
    if who == "app":
        frame = f"{APP}.MainActivity.onCreate(MainActivity.java:12)"
        return ({"kind": "first_party", "name": "app", "package": APP, "frame": frame, "sdk_id": None}, [frame])
    name, pkg = SDKS[who]
    frame = f"{pkg}.Core.init(Core.java:7)"
    return ({"kind": "sdk", "name": name, "package": pkg, "frame": frame, "sdk_id": who},
            [frame, f"{APP}.App.onCreate(App.java:5)"])


class Trace:
    """Collects records, then writes a real run directory."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.events: list[dict[str, Any]] = []
        self.flows: list[dict[str, Any]] = []
        self.ui: list[dict[str, Any]] = []
        self.seq = 0
        self.nflow = 0

    def marker(self, t: float, marker: str, scenario: str = "accept", detail: Any = None) -> None:
        self.ui.append(record("marker", t, scenario=scenario, marker=marker, detail=detail, screenshot=None))

    def step(self, t: float, action: str, scenario: str = "accept", step: int = 0, result: str = "ok",
             detail: Any = None, screenshot: str | None = None) -> None:
        self.ui.append(record("step", t, scenario=scenario, step=step, action=action, args={}, result=result,
                              detail=detail, screenshot=screenshot))

    def hook(self, t: float, data_type: str | None, who: str = "app", *, value: Any = None, event: str = "read",
             scenario: str | None = "accept", foreground: bool | None = True, api: str | None = None,
             values: dict[str, Any] | None = None) -> int:
        self.seq += 1
        actor, stack = actor_of(who)
        api = api or API.get(data_type or "", "android.app.Activity.requestPermissions")
        stack = [f"{api}(Native Method)"] + stack
        vals = values if values is not None else {"return": value if value is not None else VALUES.get(data_type or "")}
        self.events.append(record("hook", t, seq=self.seq, hook_id=f"h.{data_type}", api=api, data_type=data_type,
                                  event=event, values=vals, stack=stack, thread="main", pid=4242,
                                  foreground=foreground, actor=actor, scenario=scenario))
        return self.seq

    def flow(self, t: float, url: str, *, method: str = "POST", headers: list[list[str]] | None = None,
             body: str = "", scenario: str | None = None) -> str:
        self.nflow += 1
        fid = f"f{self.nflow}"
        scheme, rest = url.split("://", 1)
        host = rest.split("/", 1)[0]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        self.flows.append(record(
            "flow", t, id=fid, client="127.0.0.1:5555", method=method, scheme=scheme, host=host,
            port=443 if scheme == "https" else 80, path=path.split("?")[0],
            query=path.split("?", 1)[1] if "?" in path else "", url=url, http_version="HTTP/1.1",
            request={"headers": headers or [["Host", host]], "body": body, "body_encoding": "utf8",
                     "body_size": len(body), "truncated": False, "content_encoding": None},
            response={"status": 200, "headers": [], "body_size": 2}, tls=None, error=None, websocket=[],
            sink=True, cleartext=scheme == "http"))
        return fid

    def consent_run(self, scenario: str = "accept", t0: float = 0.0, *, accept_at: float = 5.0,
                    policy_at: float = 2.0, end: float = 60.0, declined: bool = False) -> None:
        self.marker(t0, "scenario_start", scenario)
        self.marker(t0 + 0.5, "app_launched", scenario, {"pid": 4242})
        if policy_at is not None:
            self.marker(t0 + policy_at, "policy_shown", scenario)
        self.marker(t0 + accept_at, "consent_declined" if declined else "consent_accepted", scenario)
        self.marker(t0 + end, "scenario_end", scenario)

    def write(self, status: RunStatus = RunStatus.COMPLETE, *, static: dict | None = None,
              device: dict | None = None, app: dict | None = None) -> Path:
        run = RunDir.create(self.path, app=app or {"package": APP, "name": "Example"})
        for name, recs in ((RunDir.EVENTS, self.events), (RunDir.FLOWS, self.flows),
                           (RunDir.UI, sorted(self.ui, key=lambda r: r["t"]))):
            with run.writer(name) as w:
                w.write_batch(recs)
        if static is not None:
            run.write_json(RunDir.STATIC, static)
        if device is not None:
            run.write_json(RunDir.DEVICE, device)
        if status is not RunStatus.RUNNING:
            run.finish(status)
        return self.path


def make_policy(*, data: tuple[DataItem, ...] = (), third_parties: tuple[ThirdParty, ...] = (),
                category: str = "news", first_party: tuple[str, ...] = ("example.com",)) -> Policy:
    return Policy(app=AppInfo(package=APP, category=category, name="Example", first_party_domains=first_party),
                  data=data, third_parties=third_parties, source="test-policy.yaml")


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)
