"""Real parts for the fleet tests: a Redis server from Debian on a free loopback port (stopped
afterwards), Celery workers as real processes, and an embedded batch to compare engines with."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fleetkit import Workers, copy_probes, free_port  # noqa: E402

REDIS = shutil.which("redis-server")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if REDIS is None:
        pytest.skip("redis-server not installed (make system-deps)")
    port = free_port()
    tmp = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"redis-server did not come up on port {port}") from None
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def workers(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    w = Workers(redis_url, tmp_path_factory.mktemp("workers"))
    yield w
    w.stop_all()


EMBEDDED_APPS = ["news-1", "news-2", "bare"]


@pytest.fixture(scope="session")
def embedded_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three probe variants through the embedded engine on two JVM stand-ins (the CLI, no server)."""
    from harness.cli.main import main

    tmp = tmp_path_factory.mktemp("embedded")
    apps = copy_probes(tmp / "apps", EMBEDDED_APPS)
    code = main(["batch", str(apps), "--device", "jvm", "--device", "jvm", "--out", str(tmp / "batch"),
                 "--quiet", "--timeout", "150"])
    assert code == 0
    return tmp / "batch"
