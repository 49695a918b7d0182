"""The one-event-per-app-call check shared by the agent and audit tests (tests/ is on sys.path via conftest)."""

from __future__ import annotations

from harness.agent.catalogue import load_catalogue


def nested_events(records: list[dict]) -> list[str]:
    """Events whose Java stack passes through another hooked method of their own hook group.

    One app call reaching several hooked methods of a group (AOSP delegation) must give one event:
    an event recorded inside another call of its group shares thread, group and app call with it.
    """
    cat = load_catalogue()
    methods: dict[str, set[str]] = {}
    for e in cat.entries:
        if e.kind == "java":
            methods.setdefault(e.group, set()).add(f"{e.java_class}.{e.method}(")
    bad = []
    for r in records:
        entry = cat.get(r.get("hook_id") or "")
        if r["kind"] != "hook" or entry is None or entry.kind != "java" or not r.get("stack"):
            continue
        frames = [f for f in r["stack"] if f.startswith(tuple(methods[entry.group]))]
        if len(frames) > 1:
            bad.append(f"{r['hook_id']} seq {r['seq']}: {frames}")
    return bad
