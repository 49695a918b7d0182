"""Fuzzing the readers through the CLI: `static`, `policy check`, `policy draft`, `traffic`, `analyze`.

Every mutated input must end in exit 0/1 or a one-line exit-2 error: no internal error, no
traceback, no hang over 10 s, peak memory under 1 GiB (tests/fuzz/fuzz_pool.py judges). The
budget is FUZZ_EXAMPLES inputs per target (small in `make test`, larger in `make fuzz`); runs
are derandomized unless FUZZ_RANDOM is set, so `make test` is reproducible.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fuzz_mutate import dumps, jsonl_text, mutated_bytes, mutated_json, mutated_zip
from fuzz_pool import Pool
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.apks import FIXTURE_DIR, build_apk, build_apks, cache_dir

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
PROBE_RUN = REPO / "tests" / "analysis" / "data" / "probe-run"
POLICY_TEXTS = sorted(p for p in (REPO / "tests" / "policy" / "data").glob("*")
                      if p.is_file() and p.suffix in (".txt", ".md", ".html") and "expected" not in p.name)
POLICIES = sorted((REPO / "harness" / "policies" / "examples").glob("*.yaml"))


def fuzz(pool: Pool, target: str, strategy: st.SearchStrategy[Any], argv: Callable[[Any], list[str]],
         examples: int = EXAMPLES) -> None:
    """Run `examples` generated inputs; fail with every bad outcome listed."""
    bad = []

    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              derandomize=not os.environ.get("FUZZ_RANDOM"), suppress_health_check=list(HealthCheck))
    @given(strategy)
    def once(value: Any) -> None:
        outcome = pool.run(target, argv(value))
        if outcome.problem:
            bad.append(f"{outcome.problem} <- {' '.join(outcome.argv)}")

    once()
    assert not bad, "\n".join(bad[:20])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def apks() -> dict[str, bytes]:
    return {"apk": build_apk("app").read_bytes(), "apks": build_apks().read_bytes()}


def test_static_apk(pool: Pool, apks: dict[str, bytes], tmp_path: Path) -> None:
    fuzz(pool, "static", st.sampled_from(["apk", "apks"]).flatmap(lambda k: mutated_zip(apks[k]).map(lambda b: (k, b))),
         lambda kb: ["static", str(_write(tmp_path / f"in.{kb[0]}", kb[1])), "--json", "--out", str(tmp_path / "o.json")],
         max(EXAMPLES // 2, 4))


def test_static_trackers(pool: Pool, tmp_path: Path) -> None:
    seed = json.loads((FIXTURE_DIR / "exodus_trackers.json").read_text(encoding="utf-8"))
    app = str(build_apk("app"))
    fuzz(pool, "static --trackers", mutated_json(seed),
         lambda doc: ["static", app, "--json", "--trackers",
                      str(_write(tmp_path / "t.json", dumps(doc).encode()))], max(EXAMPLES // 2, 4))


def _bomb(name: str, inner: str, size: int) -> Path:
    """`name`: the app APK plus `inner` holding `size` zero bytes, deflated (cached; ~5 MB on disk).

    Deflate level 1: a quarter of level 6's time on a fresh cache; the caps refuse by inflated size."""
    out = cache_dir() / name
    if not out.exists():
        tmp = out.with_suffix(".tmp")
        with (zipfile.ZipFile(build_apk("app")) as src,
              zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z):
            for info in src.infolist():
                z.writestr(info, src.read(info))
            with z.open(inner, "w", force_zip64=True) as fh:
                chunk = bytes(1 << 24)
                for _ in range(size >> 24):
                    fh.write(chunk)
        tmp.replace(out)
    return out


@pytest.mark.parametrize("inner", ["classes2.dex", "resources.arsc", "AndroidManifest2.xml"])
def test_static_zip_bomb_is_refused_within_memory(pool: Pool, inner: str) -> None:
    bomb = _bomb(f"bomb-{inner}.apk", inner, 1 << 30)
    outcome = pool.run("static bomb", ["static", str(bomb), "--json"])
    assert outcome.problem is None, outcome
    assert outcome.peak < 1 << 30


def test_static_split_set_with_bomb_split(pool: Pool, tmp_path: Path) -> None:
    inner = _bomb("bomb-classes2.dex.apk", "classes2.dex", 1 << 30)
    apks = tmp_path / "bomb.apks"
    with zipfile.ZipFile(build_apks()) as src, zipfile.ZipFile(apks, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.write(inner, "splits/bomb.apk")
    outcome = pool.run("static bomb split", ["static", str(apks), "--json"])
    assert outcome.problem is None, outcome


def test_policy_check(pool: Pool, tmp_path: Path) -> None:
    seeds = [p.read_bytes() for p in POLICIES]
    fuzz(pool, "policy check", st.sampled_from(seeds).flatmap(mutated_bytes),
         lambda b: ["policy", "check", str(_write(tmp_path / "p.yaml", b))])


def test_policy_draft(pool: Pool, tmp_path: Path) -> None:
    seeds = [(p.suffix, p.read_bytes()[:20_000]) for p in POLICY_TEXTS if "expected" not in p.name]
    fuzz(pool, "policy draft", st.sampled_from(seeds).flatmap(lambda s: mutated_bytes(s[1]).map(lambda b: (s[0], b))),
         lambda sb: ["policy", "draft", str(_write(tmp_path / f"in{sb[0]}", sb[1])), "--out", str(tmp_path / "o.yaml")])


def test_traffic_har(pool: Pool, tmp_path: Path) -> None:
    seed = json.loads((REPO / "tests" / "proxy" / "fixtures" / "other_tool.har").read_text(encoding="utf-8"))
    fuzz(pool, "traffic har", mutated_json(seed),
         lambda doc: ["traffic", str(_write(tmp_path / "c.har", dumps(doc).encode())), "--json"])


def _flow_file() -> bytes:
    from mitmproxy import io as mio
    from mitmproxy.test import tflow

    buf = io.BytesIO()
    writer = mio.FlowWriter(buf)
    for i in range(3):
        f = tflow.tflow(resp=True)
        f.request.path = f"/collect?imei=35{i}0000000000&x=1"
        writer.add(f)
    return buf.getvalue()


def test_traffic_flow_file(pool: Pool, tmp_path: Path) -> None:
    fuzz(pool, "traffic mitm", mutated_bytes(_flow_file(), ["0:~", "9999999:", ";", ",", "]", "}"]),
         lambda b: ["traffic", str(_write(tmp_path / "c.mitm", b)), "--json"])


RUN_FILES = ["events.jsonl", "flows.jsonl", "ui.jsonl", "run.json", "device.json"]


def _run_copy(tmp_path: Path, name: str, data: bytes) -> Path:
    run = tmp_path / "run"
    if not run.exists():
        run.mkdir()
        for p in PROBE_RUN.iterdir():
            (run / p.name).write_bytes(p.read_bytes())
    for p in PROBE_RUN.iterdir():
        (run / p.name).write_bytes(data if p.name == name else p.read_bytes())
    return run


def _records(name: str) -> Any:
    text = (PROBE_RUN / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else [json.loads(x) for x in text.splitlines()[:60]]


def test_analyze(pool: Pool, tmp_path: Path) -> None:
    def encode(name: str, doc: Any) -> bytes:
        return dumps(doc).encode() if name.endswith(".json") else jsonl_text(doc)

    structural = st.sampled_from(RUN_FILES).flatmap(
        lambda n: mutated_json(_records(n)).map(lambda d: (n, encode(n, d))))
    raw = st.sampled_from(RUN_FILES).flatmap(
        lambda n: mutated_bytes((PROBE_RUN / n).read_bytes()[:60_000]).map(lambda b: (n, b)))
    fuzz(pool, "analyze", st.one_of(structural, raw),
         lambda nb: ["analyze", str(_run_copy(tmp_path, *nb)), "--policy", str(PROBE_RUN / "policy.yaml"),
                     "--format", "json", "--out", str(tmp_path / "r.json")])


def test_traffic_run_folder(pool: Pool, tmp_path: Path) -> None:
    fuzz(pool, "traffic jsonl", mutated_json(_records("flows.jsonl")).map(jsonl_text),
         lambda b: ["traffic", str(_run_copy(tmp_path, "flows.jsonl", b)), "--json"])


def test_deep_nesting_and_big_har_body(pool: Pool, tmp_path: Path) -> None:
    """The cases the issue named, deterministically: 100k-deep JSON; a 50 MB HAR body (4 MB cap)."""
    deep_json = _write(tmp_path / "t.json", b"[" * 100_000 + b"]" * 100_000)
    assert pool.run("static --trackers", ["static", str(build_apk("app")), "--json", "--trackers",
                                          str(deep_json)]).problem is None
    har = {"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": [{
        "startedDateTime": "2026-01-01T00:00:00Z", "time": 1,
        "request": {"method": "POST", "url": "http://a.example/x", "httpVersion": "HTTP/1.1", "headers": [
            {"name": "Content-Encoding", "value": "deflate"}], "queryString": [], "cookies": [], "headersSize": -1,
            "bodySize": -1, "postData": {"mimeType": "text/plain", "text": "x" * (50 << 20)}},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                     "content": {"size": 0, "mimeType": "text/plain", "text": "\x1bc\u202e"}, "redirectURL": "",
                     "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0}}]}}
    out = pool.run("traffic har", ["traffic", str(_write(tmp_path / "big.har", json.dumps(har).encode())), "--json"])
    assert out.problem is None, out
