"""Per-app facts the workers share through Redis: final result, live lease, tries, last attempt.

Celery redelivers a message whose worker died (acks_late; after the broker's visibility
timeout) and the coordinator re-sends apps whose lease lapsed, so a message may arrive more
than once. The ledger makes that harmless: an app with a result is answered from it, an app
leased by a live worker is left to it, and only the lease holder audits.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PREFIX = "aph:fleet"
LEASE_TTL_MS = 8000
HEARTBEAT_S = 2.0
RESULT_TTL_S = 30 * 24 * 3600


class Ledger:
    def __init__(self, client: Any) -> None:
        self.r = client

    @classmethod
    def from_url(cls, url: str) -> Ledger:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5))

    @staticmethod
    def _k(kind: str, key: str) -> str:
        return f"{PREFIX}:{kind}:{key}"

    def done(self, key: str) -> dict[str, Any] | None:
        raw = self.r.get(self._k("done", key))
        return json.loads(raw) if raw else None

    def set_done(self, key: str, result: dict[str, Any]) -> None:
        self.r.set(self._k("done", key), json.dumps(result, ensure_ascii=False), ex=RESULT_TTL_S)

    def acquire(self, key: str, holder: dict[str, Any]) -> bool:
        return bool(self.r.set(self._k("lease", key), json.dumps(holder), nx=True, px=LEASE_TTL_MS))

    def lease(self, key: str) -> dict[str, Any] | None:
        raw = self.r.get(self._k("lease", key))
        return json.loads(raw) if raw else None

    def release(self, key: str) -> None:
        self.r.delete(self._k("lease", key))

    @contextmanager
    def held(self, key: str) -> Iterator[None]:
        """Keep the lease alive while the audit runs; it lapses LEASE_TTL_MS after the holder dies."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT_S):
                try:
                    self.r.pexpire(self._k("lease", key), LEASE_TTL_MS)
                except Exception:  # noqa: BLE001 - a broker hiccup: try again next beat
                    pass

        thread = threading.Thread(target=beat, daemon=True, name="lease-heartbeat")
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(5)

    def next_try(self, key: str) -> int:
        return int(self.r.incr(self._k("tries", key)))

    def tries(self, key: str) -> int:
        raw = self.r.get(self._k("tries", key))
        return int(raw) if raw else 0

    def set_last(self, key: str, attempt: dict[str, Any]) -> None:
        self.r.set(self._k("last", key), json.dumps(attempt), ex=RESULT_TTL_S)

    def last(self, key: str) -> dict[str, Any] | None:
        raw = self.r.get(self._k("last", key))
        return json.loads(raw) if raw else None

    def forget(self, key: str) -> None:
        """--force: start the app afresh."""
        self.r.delete(*(self._k(k, key) for k in ("done", "tries", "last")))
