"""Agent messages -> trace records (harness/trace/records.py shapes), without frida.

The agent sends compact events (hook id, values, stack as one string); the catalogue
fills in api / data_type / event, the stack is attributed once per distinct stack, and
the agent's clock (ms) is moved onto the run clock with the offset measured at init.
Anything unexpected becomes an `agent` diagnostic record, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harness.agent.catalogue import Catalogue, HookEntry
from harness.detect.attribution import attribute_stack
from harness.detect.sdk_db import SdkDatabase
from harness.trace.records import RecordKind, record

_MAX_STACKS = 50_000


def parse_stack(text: str | None) -> list[str]:
    """'[java.lang.Thread.getStackTrace(Thread.java:1610), a.B.c(B.java:3)]' -> frames after getStackTrace.

    The agent sends Arrays.toString(Thread.currentThread().getStackTrace()); a frame never
    contains ", ". Older agents (and tests) may send frames joined by newlines.
    """
    if not text:
        return []
    if text.startswith("[") and text.endswith("]"):
        frames = text[1:-1].split(", ") if len(text) > 2 else []
    else:
        frames = text.split("\n")
    i = 0
    while i < len(frames) and "java.lang.Thread.getStackTrace(" in frames[i]:
        i += 1
    return frames[i:]


_UNKNOWN_ACTOR = {"kind": "unknown", "name": None, "package": None, "frame": None, "sdk_id": None}


class MessageConverter:
    """Turns one frida message into zero or more records; keeps sequence and attribution state."""

    def __init__(self, catalogue: Catalogue, *, app_packages: tuple[str, ...] = (), pid: int | None = None,
                 db: SdkDatabase | None = None, seq_start: int = 0,
                 scenario: Callable[[], str | None] = lambda: None,
                 now: Callable[[], float] = lambda: 0.0) -> None:
        self._entries: dict[str, HookEntry] = {e.id: e for e in catalogue.entries}
        self.app_packages = app_packages
        self.pid = pid
        self.db = db
        self.offset = 0.0
        """run time = agent ms / 1000 + offset (set by the loader at init)."""
        self.seq_start = seq_start
        self.last_agent_seq = 0
        self.scenario = scenario
        self.now = now
        self._actors: dict[tuple[str, str | None], dict[str, Any]] = {}
        self._stacks: dict[int, list[str]] = {}
        """Stacks by the agent's stack id: the text arrives once, later events carry only `sid`."""

    def run_time(self, agent_ms: float | None) -> float:
        if agent_ms is None:
            return 0.0
        return round(agent_ms / 1000.0 + self.offset, 6)

    @property
    def last_seq(self) -> int:
        """Last run-wide sequence number written (seq_start + agent sequence)."""
        return self.seq_start + self.last_agent_seq

    def convert(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """Records for one frida message ({"type": "send", "payload": ...} or {"type": "error", ...})."""
        mtype = message.get("type")
        if mtype == "error":
            return [self.diag("error", None, str(message.get("description", "script error")),
                              {"stack": message.get("stack"), "file": message.get("fileName"),
                               "line": message.get("lineNumber")})]
        payload = message.get("payload")
        if mtype != "send" or not isinstance(payload, dict):
            return [self.diag("error", None, f"unknown message type {mtype!r}", {"message": repr(message)[:500]})]
        kind = payload.get("type")
        try:
            if kind == "events":
                return self._events(payload.get("events") or [])
            if kind == "agent":
                return [self.diag(str(payload.get("status")), payload.get("hook_id"), payload.get("reason"),
                                  payload.get("detail"), t=self.run_time(payload.get("time")))]
            if kind == "snapshot":
                return [record(RecordKind.SNAPSHOT, self.run_time(payload.get("time")),
                               hook_id=payload.get("hook_id"), data_type=payload.get("data_type"),
                               values=payload.get("values") or {}, missing=payload.get("missing") or [],
                               pid=self.pid, scenario=self.scenario())]
        except (TypeError, ValueError, KeyError, AttributeError) as e:
            return [self.diag("error", None, f"malformed {kind!r} message: {e}", {"payload": repr(payload)[:500]})]
        return [self.diag("error", None, f"unknown message type {kind!r}", {"payload": repr(payload)[:500]})]

    def diag(self, status: str, hook_id: str | None, reason: str | None, detail: Any = None,
             *, t: float | None = None) -> dict[str, Any]:
        return record(RecordKind.AGENT, self.now() if t is None else t, status=status, hook_id=hook_id,
                      reason=reason, detail=detail, pid=self.pid, scenario=self.scenario())

    def _actor(self, stack: list[str], entry: HookEntry | None, native_stack: list[str] | None,
               sid: Any = None) -> dict[str, Any]:
        if not stack:
            if native_stack:
                return {**_UNKNOWN_ACTOR, "frame": native_stack[0]}
            return dict(_UNKNOWN_ACTOR)
        hooked = entry.java_class if entry is not None else None
        # Same stack id -> same stack: no need to join the frames for the cache key.
        key = (f"#{sid}" if sid is not None else "\n".join(stack), hooked)
        actor = self._actors.get(key)
        if actor is None:
            # The hooked class itself is never the caller (a stand-in or an SDK class such as
            # AdvertisingIdClient is not under a framework prefix).
            skip = (hooked,) if hooked else ()
            if entry is not None and entry.concrete_from:
                # hooked on the factory's concrete class: the top frame is that class's method
                skip += (stack[0].split("(", 1)[0].rsplit(".", 1)[0],)
            actor = attribute_stack(stack, self.app_packages, db=self.db, skip_classes=skip)
            if len(self._actors) > 10_000:
                self._actors.clear()
            self._actors[key] = actor
        return actor

    def _stack(self, ev: dict[str, Any]) -> list[str]:
        sid = ev.get("sid")
        if "stack" in ev:
            stack = parse_stack(ev["stack"])
            if sid is not None:
                if len(self._stacks) >= _MAX_STACKS:
                    self._stacks.pop(next(iter(self._stacks)))
                self._stacks[int(sid)] = stack
            return stack
        if sid is not None:
            return self._stacks.get(int(sid), [])
        return []

    def _events(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        scenario = self.scenario()
        for ev in events:
            seq = int(ev["seq"])
            if seq != self.last_agent_seq + 1:
                out.append(self.diag("error", None, f"sequence gap: expected {self.last_agent_seq + 1}, got {seq}",
                                     t=self.run_time(ev.get("time"))))
            self.last_agent_seq = max(self.last_agent_seq, seq)
            hook_id = ev.get("hook")
            entry = self._entries.get(hook_id)
            stack = self._stack(ev)
            native_stack = ev.get("native_stack")
            if isinstance(ev.get("socket"), dict):
                out.append(self._socket(ev, seq, stack, native_stack, scenario))
                continue
            rec = record(
                RecordKind.HOOK, self.run_time(ev.get("time")),
                seq=self.seq_start + seq, hook_id=hook_id,
                api=entry.api if entry is not None else ev.get("api"),
                data_type=entry.data_type if entry is not None else ev.get("data_type"),
                event=entry.event if entry is not None else ev.get("event", "read"),
                values=ev.get("values") or {}, stack=stack, thread=ev.get("thread"), pid=self.pid,
                foreground=ev.get("fg"), actor=self._actor(stack, entry, native_stack, ev.get("sid")),
                scenario=scenario)
            if native_stack is not None:
                rec["native_stack"] = native_stack
            out.append(rec)
        return out

    def _socket(self, ev: dict[str, Any], seq: int, stack: list[str], native_stack: list[str] | None,
                scenario: str | None) -> dict[str, Any]:
        """The socket census's record: a connection that did not go to the proxy (records.py, kind "socket")."""
        s = ev["socket"]
        return record(
            RecordKind.SOCKET, self.run_time(ev.get("time")), seq=self.seq_start + seq,
            call=s.get("call"), transport=s.get("transport"), family=s.get("family"), address=s.get("address"),
            port=s.get("port"), quic=bool(s.get("quic")), purpose=s.get("purpose"), result=s.get("result"),
            stack=stack, native_stack=native_stack or [], thread=ev.get("thread"), pid=self.pid,
            foreground=ev.get("fg"), actor=self._actor(stack, None, native_stack, ev.get("sid")), scenario=scenario)
