"""The run's one clock: seconds since the run started, on the host's monotonic clock.

CLOCK_MONOTONIC is system-wide on Linux, so the mitmdump child process and the
conductor share it by passing `origin` along. Events from a device's own clock are
converted with an offset measured at agent start (see harness.agent.loader).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RunClock:
    """Seconds since `origin` (a `time.monotonic()` value), plus the wall time it corresponds to."""

    origin: float = field(default_factory=time.monotonic)
    wall_origin: float = field(default_factory=time.time)

    def now(self) -> float:
        """Seconds since the run started, rounded to microseconds."""
        return round(time.monotonic() - self.origin, 6)

    def from_monotonic(self, value: float) -> float:
        """Convert a raw host `time.monotonic()` reading into run time."""
        return round(value - self.origin, 6)

    def to_wall(self, t: float) -> float:
        """Unix time of run time `t`, for people reading reports."""
        return self.wall_origin + t

    def as_json(self) -> dict[str, float]:
        return {"origin_monotonic": self.origin, "origin_wall": self.wall_origin}

    @classmethod
    def from_json(cls, data: dict[str, float]) -> RunClock:
        return cls(origin=float(data["origin_monotonic"]), wall_origin=float(data["origin_wall"]))
