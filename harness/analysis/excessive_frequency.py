"""excessive_frequency: a data type read more often than declared or than the scenario needs.

Rationale: collection frequency must match the business need (认定方法 4.4; MIIT 164号 1.2,
whose scenario list names reading IMEI/location every 2 s or at a fixed 30 s frequency;
TC260-PG-20204A 4.2(b)). Per (data type, actor, API) and scenario, a rolling window counts
calls per API and per process (a relaunch starts afresh; one fix read as getLastKnownLocation +
getLatitude + getLongitude is one read per API):
the policy's declared frequency is the limit when given, else DEFAULT_LIMIT reads per
DEFAULT_WINDOW seconds; short bursts are judged by their rate once MIN_READS reads are seen.
Example: location polled every 2 s while in the background -> 30 reads/minute.
"""

from __future__ import annotations

from collections import deque

from harness.analysis.base import BaseCheck
from harness.analysis.context import Observation
from harness.analysis.findings import FindingBuilder, LegalAnchors, RuleInfo, Severity

RULE = RuleInfo(
    id="excessive_frequency",
    severity=Severity.MEDIUM,
    anchors=LegalAnchors(pipl=("6",), rending=("4.4",), miit164=("1.2",),
                         tc260=("TC260-PG-20202A 4.4(a)", "TC260-PG-20204A 4.2(b)")),
)

DEFAULT_LIMIT = 6
DEFAULT_WINDOW = 60.0
MIN_READS = 4
MINUTES_KEPT = 240


class _State:
    __slots__ = ("window", "limit", "recent", "minutes", "peak", "declared", "builder", "api")

    def __init__(self, limit: int, window: float, declared: bool) -> None:
        self.limit, self.window, self.declared = limit, window, declared
        self.recent: deque[tuple[float, Observation]] = deque()
        self.minutes: dict[int, int] = {}
        self.peak = 0.0
        self.builder: FindingBuilder | None = None
        self.api = ""


class Check(BaseCheck):
    rule = RULE

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.states: dict[tuple[str, str, str | None, int, str | None], _State] = {}
        self.limits: dict[str, tuple[int, float, bool]] = {}

    def _limit(self, data_type: str) -> tuple[int, float, bool]:
        lim = self.limits.get(data_type)
        if lim is None:
            item = self.ctx.declared_item(data_type)
            if item is not None and item.frequency is not None and item.frequency.per_seconds > 0:
                lim = (max(1, int(item.frequency.count)), float(item.frequency.per_seconds), True)
            else:
                lim = (DEFAULT_LIMIT, DEFAULT_WINDOW, False)
            self.limits[data_type] = lim
        return lim

    def on_hook(self, o: Observation) -> None:
        key = (o.data_type, o.actor_key, o.scenario, o.phase.launch, o.record.get("hook_id") or o.record.get("api"))
        st = self.states.get(key)
        if st is None:
            st = self.states[key] = _State(*self._limit(o.data_type))
            st.api = str(o.record.get("api") or o.record.get("hook_id") or "")
        minute = int(o.t // 60)
        if len(st.minutes) < MINUTES_KEPT or minute in st.minutes:
            st.minutes[minute] = st.minutes.get(minute, 0) + 1
        b = st.builder
        if b is not None:
            b.count += 1
            if o.t > (b.last_t or 0.0):
                b.last_t = o.t
            return
        q = st.recent
        q.append((o.t, o))
        while q and o.t - q[0][0] > st.window:
            q.popleft()
        n = len(q)
        span = o.t - q[0][0]
        allowed_rate = st.limit / st.window
        rate = (n - 1) / span if span > 0 else float("inf")
        if n > st.limit or (n >= MIN_READS and rate > allowed_rate):
            st.peak = rate
            for _, prev in q:
                b = self.ctx.emit_obs(RULE, prev)
            st.builder = b
            b.extra["limit"] = {"count": st.limit, "per_seconds": st.window, "declared": st.declared}
            b.extra["_states"] = b.extra.get("_states", []) + [st]
            q.clear()

    def finish(self) -> None:
        """Per finding: the busiest API's reads per minute (one poll = one read of each API it uses)."""
        for b in self.builders():
            states = b.extra.pop("_states", [])
            per_api: dict[str, dict[int, int]] = {}
            for st in states:
                row = per_api.setdefault(st.api, {})
                for m, c in st.minutes.items():
                    row[m] = row.get(m, 0) + c
            api, row = max(per_api.items(), key=lambda kv: (sum(kv[1].values()), kv[0]), default=("", {}))
            b.extra["api"] = api
            b.extra["reads_by_api"] = {a: sum(r.values()) for a, r in sorted(per_api.items())}
            b.extra["reads_total"] = sum(row.values())
            b.extra["reads_per_minute"] = {str(m): c for m, c in sorted(row.items())}
            b.extra["peak_per_minute"] = max(row.values(), default=0)
            rates = [st.peak for st in states if st.peak != float("inf")]
            b.extra["burst_reads_per_minute"] = round(max(rates) * 60, 1) if rates else None

    def describe(self, b: FindingBuilder) -> str:
        lim = b.extra.get("limit", {})
        what, who, _ = self.words(b)
        peak, burst, total = b.extra.get("peak_per_minute"), b.extra.get("burst_reads_per_minute"), b.extra.get("reads_total")
        api = str(b.extra.get("api") or "").rsplit(".", 1)[-1]
        rate = self.say("rate", burst=burst) if burst else self.say("rate_burst")
        limit = (self.say("limit", count=lim.get("count"), per_seconds=lim.get("per_seconds"))
                 + (self.say("declared") if lim.get("declared") else ""))
        return self.say("describe", what=what, who=who, api=api, total=total, peak=peak, rate=rate, limit=limit)
