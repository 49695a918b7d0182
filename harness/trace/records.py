"""The record shapes of every trace file: the one event currency of the harness.

Every JSONL record is a JSON object with `v` (schema version), `t` (seconds on the run
clock, see clock.py) and `kind`. Producers (agent loader, proxy addon, scenario runner,
static analysis) write these; analysis reads only these and never imports frida,
mitmproxy or androguard.

events.jsonl
  kind "hook": one observed API call
    seq        int, per run, gap-free in agent order
    hook_id    catalogue entry id (e.g. "telephony.get_device_id")
    api        "android.telephony.TelephonyManager.getDeviceId"
    data_type  taxonomy id or null (context hooks such as permission requests)
    event      "read" | "write" | "permission_request" | "lifecycle" | "sensor" | "native" | "tls"
    values     {"return": <as the app saw it, stringified>, "args": {"0": ...}}
               optional: "return_count" (arrays / collections: item count; the return text is
               bounded to 50 items / 4096 chars), "<i>_count" in args (same for an argument),
               "location" ("lat,lng" when the return is an android.location.Location),
               "thrown" (the original threw: exception text; the app got that exception)
    stack      list of "pkg.Class.method(File.java:12)" frames, innermost first
    native_stack  list of strings (native hooks only; "libc.so.6!0x1234" frames)
    thread     thread name
    pid        process id
    foreground true | false | null (unknown)
    actor      {"kind": "first_party"|"sdk"|"library"|"unknown"|"system", "name": str|null,
                "package": str|null, "frame": str|null, "sdk_id": str|null}
    scenario   scenario name the event happened in (set by the conductor) or null
  kind "agent": agent diagnostics
    status     "loaded" | "hook_installed" | "hook_skipped" | "detached" | "process_exit" | "error"
    hook_id, reason, detail, pid, scenario
    (hook ids "tls.*" are the TLS trust/unpinning pieces, not catalogue entries; their
    hook records have event "tls" and data_type null)
  kind "socket": the socket census (agent/src/sockets.ts): a connection the app opened that does
    NOT go to the audit proxy, so its traffic was not seen. One per TCP connect; UDP once per
    socket and destination.
    seq        shared with hook records (same agent sequence)
    call       "connect" | "sendto" | "sendmsg"
    transport  "tcp" | "udp";  family "ipv4" | "ipv6";  address (IPv4-mapped IPv6 as IPv4), port
    quic       true for UDP to port 443 (a QUIC guess: HTTP/3 the proxy never sees)
    purpose    "quic" | "dns" | "dns_over_tls" | null (a guess from transport and port)
    result     connect's outcome: "ok" | "in_progress" (non-blocking) | "errno N"; null for UDP sends
    stack, native_stack, thread, pid, foreground, actor, scenario: as for "hook"
  kind "snapshot": one-time snapshots that cannot be hooked (Build.* static fields)
    hook_id, data_type, values ({"android.os.Build.MODEL": "Pixel 6", ...}), missing (fields
    absent on this device), pid, scenario

flows.jsonl
  kind "flow": one HTTP(S)/websocket exchange
    id, client ("127.0.0.1:5555"), method, scheme, host, port, path, query (raw string),
    url, http_version, request {headers: [[name, value]], body, body_encoding ("utf8"|"base64"),
    body_size, truncated, content_encoding}, response {status, headers, body_size} | null,
    tls {sni, version, cipher} | null, error str | null, websocket [{from_client, t, content}]
    added by harness.proxy: request.decode_error (content-encoding could not be undone; body is
    raw), tls.alpn, websocket[].encoding ("utf8"|"base64"|"note"), sink (answered locally by the
    proxy's sink mode, never sent upstream), cleartext (scheme http/ws), t_end (run time of the
    response end or null). request.body is content-decoded and capped; truncated says it was cut.
  kind "tls_failure": the client refused our certificate (likely pinning)
    host, port, sni, error; also written when a client completed the TLS handshake and hung up
    without a request (pinning checked after the handshake, e.g. OkHttp): then port is null
  kind "raw": traffic the proxy could not read as HTTP (noted, never silently dropped)
    host, port, protocol ("tcp"|"udp"), detail, bytes_up, bytes_down

ui.jsonl
  kind "step": a scenario step ran
    scenario, step (index), action, args, result ("ok"|"failed"|"not_found"|"skipped"), detail, screenshot
    t is when the step started; t_end when it finished. screenshot: "screens/<scenario>-<NN>-<action>.png"
    (Android screencap) or ".xml" (the JVM stand-in has no pixels: its `ui` dump), or null.
    detail.environment = true when the step failed because the device/agent/proxy did.
  kind "marker": a consent-phase or app-state marker (see Marker)
    scenario, marker, detail, screenshot (null)
    kind "transition": one explorer action (harness.explore): scenario, n, action {kind, label, ...},
    from / to (abstract state ids), new (first time `to` was seen), to_activity, left_app, screenshot,
    t_end. The explore step's detail holds the site map (states with tap paths and texts) and coverage.
    Markers a user action causes (consent_accepted/declined, app_background/foreground, user_paste,
    app_relaunched) carry t taken JUST BEFORE the action was sent; app_exited carries t when seen.

device.json (not JSONL): {"device": {...}, "build": {...}, "known_values": [
    {"data_type": id, "value": str, "source": "device_profile"|"canary"|"hook"}]}
static.json: the static analysis result (see harness.static).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1


class RecordKind(StrEnum):
    HOOK = "hook"
    AGENT = "agent"
    SNAPSHOT = "snapshot"
    SOCKET = "socket"
    FLOW = "flow"
    TLS_FAILURE = "tls_failure"
    RAW = "raw"
    STEP = "step"
    MARKER = "marker"
    TRANSITION = "transition"


class Marker(StrEnum):
    """Consent-phase and app-state markers in ui.jsonl; analysis derives phases from them."""

    SCENARIO_START = "scenario_start"
    SCENARIO_END = "scenario_end"
    APP_LAUNCHED = "app_launched"
    POLICY_SHOWN = "policy_shown"
    CONSENT_ACCEPTED = "consent_accepted"
    CONSENT_DECLINED = "consent_declined"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    PERMISSION_PROMPT = "permission_prompt"
    PERMISSION_GRANTED = "permission_granted"
    PERMISSION_DENIED = "permission_denied"
    APP_BACKGROUND = "app_background"
    APP_FOREGROUND = "app_foreground"
    APP_EXITED = "app_exited"
    APP_RELAUNCHED = "app_relaunched"
    DATA_CLEARED = "data_cleared"
    USER_PASTE = "user_paste"
    FEATURE_USED = "feature_used"
    PERSONALISATION_CHECK = "personalisation_check"
    """detail.phase "before" | "after" | "end": windows in which the app was used around the switch."""
    PERSONALISATION_OFF = "personalisation_off"


def record(kind: RecordKind | str, t: float, **fields: Any) -> dict[str, Any]:
    """A trace record with schema version, run time and kind first."""
    return {"v": SCHEMA_VERSION, "t": t, "kind": str(kind), **fields}


# ---- shape checks for readers ------------------------------------------------------------------
# A tiny validation layer instead of a schema library: one table per record kind, field -> (allowed
# types, required; fields are optional so older and partial writers still read). It runs per record on every read (hundreds of thousands per run), so it stays a
# dict lookup and isinstance per field; nested dicts (flow.request) get their own table. Readers turn a
# record that fails into a counted "corrupt" line, so analysis never meets a wrong type.
_S, _N, _L, _D, _B, _I, _NUM = str, type(None), list, dict, bool, int, (int, float)
Spec = dict[str, tuple[tuple[type, ...], bool]]

REQUEST: Spec = {"headers": ((_L,), False), "body": ((_S, _N), False), "body_encoding": ((_S, _N), False),
                 "body_size": ((_I, _N), False), "truncated": ((_B, _N), False),
                 "content_encoding": ((_S, _N), False), "decode_error": ((_S, _N), False)}
RESPONSE: Spec = {"status": ((_I, _N), False), "headers": ((_L,), False), "body_size": ((_I, _N), False)}
SHAPES: dict[str, Spec] = {
    "hook": {"hook_id": ((_S,), False), "seq": ((_I, _N), False), "api": ((_S, _N), False),
             "data_type": ((_S, _N), False), "event": ((_S, _N), False), "values": ((_D, _N), False),
             "stack": ((_L, _N), False), "native_stack": ((_L, _N), False), "thread": ((_S, _N), False),
             "pid": ((_I, _N), False), "foreground": ((_B, _N), False), "actor": ((_D, _N), False),
             "scenario": ((_S, _N), False)},
    "agent": {"status": ((_S,), False), "hook_id": ((_S, _N), False), "reason": ((_S, _N), False),
              "pid": ((_I, _N), False), "scenario": ((_S, _N), False)},
    "snapshot": {"hook_id": ((_S,), False), "data_type": ((_S, _N), False), "values": ((_D,), False),
                 "missing": ((_L, _N), False), "scenario": ((_S, _N), False)},
    "flow": {"host": ((_S,), False), "method": ((_S, _N), False), "scheme": ((_S, _N), False),
             "port": ((_I, _N), False), "path": ((_S, _N), False), "query": ((_S, _N), False),
             "url": ((_S, _N), False), "http_version": ((_S, _N), False), "request": ((_D, _N), False),
             "response": ((_D, _N), False), "tls": ((_D, _N), False), "error": ((_S, _N), False),
             "websocket": ((_L, _N), False), "sink": ((_B, _N), False), "cleartext": ((_B, _N), False),
             "t_end": ((*_NUM, _N), False), "client": ((_S, _N), False), "scenario": ((_S, _N), False)},
    "tls_failure": {"host": ((_S, _N), False), "port": ((_I, _N), False), "sni": ((_S, _N), False),
                    "error": ((_S, _N), False)},
    "raw": {"host": ((_S, _N), False), "port": ((_I, _N), False), "protocol": ((_S, _N), False),
            "bytes_up": ((_I, _N), False), "bytes_down": ((_I, _N), False)},
    "step": {"scenario": ((_S, _N), False), "step": ((_I,), False), "action": ((_S,), False),
             "args": ((_D, _N), False), "result": ((_S,), False), "detail": ((_D, _N), False),
             "screenshot": ((_S, _N), False), "t_end": ((*_NUM, _N), False)},
    "marker": {"scenario": ((_S, _N), False), "marker": ((_S,), False), "detail": ((_D, _N), False)},
}
NESTED: dict[tuple[str, str], Spec] = {("flow", "request"): REQUEST, ("flow", "response"): RESPONSE}
MAX_T = 1e9
"""Run-clock seconds beyond this (31 years) are corrupt, not a long run: they overflow date maths."""


_ABSENT = object()


def _check(rec: dict[str, Any], spec: Spec) -> str | None:
    """The first field of `spec` that `rec` lacks (when required) or holds with the wrong type.

    Run once per trace record, so one lookup per field; `bool` is an `int` to isinstance, hence
    its own test."""
    for name, (types, required) in spec.items():
        value = rec.get(name, _ABSENT)
        if value is _ABSENT:
            if required:
                return f"missing {name!r}"
        elif type(value) is bool:
            if bool not in types:
                return f"{name!r} is bool"
        elif not isinstance(value, types):
            return f"{name!r} is {type(value).__name__}"
    return None


def _pairs(value: Any) -> bool:
    return all(isinstance(h, list) and len(h) == 2 and all(isinstance(x, str) for x in h) for h in value)


def shape_problem(rec: Any) -> str | None:
    """Why `rec` is not a well-formed trace record (None when it is)."""
    if not isinstance(rec, dict):
        return f"a record is an object, got {type(rec).__name__}"
    kind, t = rec.get("kind"), rec.get("t")
    if not isinstance(kind, str):
        return "no 'kind'"
    if t is not None and (not isinstance(t, int | float) or isinstance(t, bool) or not -MAX_T < t < MAX_T):
        return f"'t' is not a run time: {str(t)[:40]}"
    spec = SHAPES.get(kind)
    if spec is None:
        return None  # a kind from a newer writer: readers skip what they do not know
    problem = _check(rec, spec)
    for (k, field), sub in NESTED.items():
        if problem is None and k == kind and isinstance(rec.get(field), dict):
            problem = _check(rec[field], sub)
            if problem is None and not _pairs(rec[field].get("headers") or []):
                problem = f"{field}.headers is not a list of [name, value] pairs"
            problem = f"{field}.{problem}" if problem and not problem.startswith(field) else problem
    return problem
