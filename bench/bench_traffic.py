"""Traffic benchmarks, measured side by side in one run (loopback only, bounded counts).

1. Matcher: 50 known values x all encodings (about 1,000 patterns) over realistic JSON and
   form bodies, one core: the multi-pattern pass (Hyperscan, or the Aho-Corasick automaton where it
   is missing) vs a naive per-variant `find` loop with the same verification, same matches. Goal
   >= 100 MB/s and >= 20x. And scan_flow on flow records
   (JSON paths, form fields, base64/hex/JWT decoding): goal >= 100 MB/s with exactly the matches of
   the full decode of every field (scan_flow(exhaustive=True), the reference).
2. Proxy: requests/s through mitmdump with the harness addon vs bare mitmdump, same
   upstream, same client, alternating rounds. Goal >= 90%, judged on requests per CPU-second
   of the mitmdump process (wall-clock rates are printed too; on a shared machine they swing).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import http.client
import json
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from harness.detect.known_values import KnownValue
from harness.detect.matcher import Matcher, bounded, build_matcher
from harness.proxy.runner import ProxyRunner
from harness.trace import RunDir

MB = 1024 * 1024


def known_values(rng: random.Random) -> list[KnownValue]:
    """50 values of the kinds SDKs send: IMEIs, mixed-case ids, UUIDs, MACs, phones, locations."""
    vals = []
    for i in range(10):
        vals.append(KnownValue("imei", f"86{rng.randrange(10**12, 10**13):013d}"))
        vals.append(KnownValue("android_id", "".join(rng.choice("0123456789abcdef") for _ in range(16))))
        vals.append(KnownValue("oaid", "-".join("".join(rng.choice("0123456789ABCDEFabcdef") for _ in range(n))
                                                 for n in (8, 4, 4, 4, 12))))
        vals.append(KnownValue("mac_address", ":".join(f"{rng.randrange(256):02x}" for _ in range(6))))
        if i % 2:
            vals.append(KnownValue("phone_number", f"+86139{rng.randrange(10**8):08d}"))
        else:
            vals.append(KnownValue("location", f"{rng.uniform(20, 45):.7f},{rng.uniform(100, 125):.7f}"))
    return vals


def bodies(rng: random.Random, values: list[KnownValue], total: int) -> list[str]:
    """Analytics-style JSON and form bodies, a few carrying a value (plain, md5 or base64)."""
    out, size = [], 0
    words = ["page_view", "click", "launch", "home", "detail", "zh-CN", "wifi", "okhttp/4.9.3", "release"]
    while size < total:
        events = [{"event": rng.choice(words), "ts": 1714961730000 + rng.randrange(10**6), "seq": rng.randrange(10**5),
                   "props": {"screen": rng.choice(words), "dur": round(rng.random() * 100, 3),
                             "ref": f"https://m.example.com/p/{rng.randrange(10**6)}?from={rng.choice(words)}"}}
                  for _ in range(rng.randrange(5, 25))]
        doc = {"app": {"pkg": "com.example.shop", "ver": "5.2.1", "channel": "huawei"},
               "device": {"os": "Android 13", "model": "SM-G9910", "lang": "zh-CN", "net": "wifi"}, "events": events}
        if rng.random() < 0.2:
            kv = rng.choice(values)
            doc["device"]["id"] = rng.choice([kv.value, hashlib.md5(kv.value.encode()).hexdigest(),
                                              base64.b64encode(kv.value.encode()).decode()])
        text = json.dumps(doc) if rng.random() < 0.7 else "&".join(
            f"{k}={v}" for k, v in [("ak", "5f1a2b3c4d"), ("d", json.dumps(doc["device"])), ("e", json.dumps(events))])
        out.append(text)
        size += len(text)
    return out


def naive_find(m: Matcher, buf: bytes) -> list[tuple[object, int, int]]:
    """The per-variant loop the multi-pattern pass replaces: same verification, same result."""
    low = buf.lower()
    out = []
    for key, variants, pats in zip(m._keys, m._variants, m._pattern_bytes, strict=True):
        start = low.find(key)
        while start != -1:
            end = start + len(key)
            for variant, pat in zip(variants, pats, strict=True):
                if variant.case_sensitive and buf[start:end] != pat:
                    continue
                if variant.bounded and not bounded(buf, start, end, pat):
                    continue
                out.append((variant, start, end))
            start = low.find(key, start + 1)
    return out


def bench_matcher() -> bool:
    rng = random.Random(4)
    values = known_values(rng)
    m = build_matcher(values)
    docs = [d.encode() for d in bodies(rng, values, 8 * MB)]
    size = sum(map(len, docs))
    # CPU time of this (single-threaded) process: MB/s on one core, whatever else the machine runs.
    t_fast = float("inf")
    for _ in range(3):
        t = time.process_time()
        fast = [sorted((id(v), s) for v, s, _ in m.find(d)) for d in docs]
        t_fast = min(t_fast, time.process_time() - t)
    sample = docs[: max(1, len(docs) // 8)]  # the naive loop is slow: time an eighth and scale
    t = time.process_time()
    slow = [sorted((id(v), s) for v, s, _ in naive_find(m, d)) for d in sample]
    t_slow = (time.process_time() - t) * len(docs) / len(sample)
    same = slow == fast[: len(sample)]
    hits = sum(map(len, fast))
    flows = [{"id": str(i), "host": "h", "scheme": "https", "request": {"headers": [], "body": d.decode()}}
             for i, d in enumerate(docs[: len(docs) // 4])]
    flow_mbps, full_mbps, flow_same = bench_scan_flow(m, flows)
    mbps, naive_mbps = size / MB / t_fast, size / MB / t_slow
    print(f"  matcher: {len(values)} values, {m.pattern_count} patterns, {size / MB:.1f} MB in {len(docs)} bodies, "
          f"{hits} hits")
    print(f"    {m.engine.name + ' pass':<19} {mbps:8.1f} MB/s")
    print(f"    naive find loop     {naive_mbps:8.1f} MB/s   speed-up {mbps / naive_mbps:.1f}x  same matches: {same}")
    print(f"    decoded scan_flow   {flow_mbps:8.1f} MB/s   (JSON paths, form, base64/hex/JWT decoding)")
    print(f"    full decode         {full_mbps:8.1f} MB/s   (every field; the reference)  speed-up "
          f"{flow_mbps / full_mbps:.1f}x  same matches: {flow_same}")
    ok = same and mbps >= 100 and mbps / naive_mbps >= 20
    print(f"    goal >= 100 MB/s and >= 20x: {'met' if ok else 'NOT met'}")
    ok_flow = flow_same and flow_mbps >= 100
    print(f"    goal decoded scan_flow >= 100 MB/s, same matches: {'met' if ok_flow else 'NOT met'} "
          f"({flow_mbps:.1f} MB/s)")
    return ok and ok_flow


def bench_scan_flow(m: Matcher, flows: list[dict]) -> tuple[float, float, bool]:
    """MB/s of scan_flow (best of seven cold passes, CPU time) and of the full decode of every field
    (scan_flow(exhaustive=True), the reference), and whether both found exactly the same."""
    size = sum(len(f["request"]["body"]) for f in flows)
    best = float("inf")
    for _ in range(7):  # a 20 ms pass: the best of seven rides out another tenant's burst on a shared machine
        m.forget()  # each pass starts cold: a rerun over the same flows must not be served from memory
        t = time.process_time()
        got = [m.scan_flow(f) for f in flows]
        best = min(best, time.process_time() - t)
    t = time.process_time()
    reference = [m.scan_flow(f, exhaustive=True) for f in flows]
    t_full = time.process_time() - t
    return size / MB / best, size / MB / t_full, got == reference


# ---- proxy throughput -------------------------------------------------------------------------

async def _upstream(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def start_upstream() -> int:
    ready = threading.Event()
    port: list[int] = []

    def run() -> None:
        async def main() -> None:
            server = await asyncio.start_server(_upstream, "127.0.0.1", 0)
            port.append(server.sockets[0].getsockname()[1])
            ready.set()
            async with server:
                await server.serve_forever()
        asyncio.run(main())

    threading.Thread(target=run, daemon=True).start()
    ready.wait(10)
    return port[0]


def drive(proxy_port: int, upstream: int, n: int, conns: int = 4) -> float:
    """Requests per second for n POSTs over `conns` keep-alive connections."""
    body = json.dumps({"device": {"imei": "867530012345674", "model": "SM-G9910"}, "events": list(range(40))})

    def worker(count: int) -> None:
        c = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=30)
        for i in range(count):
            c.request("POST", f"http://127.0.0.1:{upstream}/log?i={i}", body=body,
                      headers={"Content-Type": "application/json"})
            c.getresponse().read()
        c.close()

    threads = [threading.Thread(target=worker, args=(n // conns,)) for _ in range(conns)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return (n // conns * conns) / (time.perf_counter() - t)


BARES = ("bare mitmdump", "bare again (noise)")
"""Two bare mitmdump processes: their pooled capacity is the 100%, and how far apart they land is
the noise of the machine (identical processes differ by a few per cent on a shared host)."""


def bench_proxy(batch: int = 32, rounds: int = 30) -> bool:
    """All proxies run at once and take turns in short batches, so load from other processes on
    the machine hits each of them alike; the totals are compared. CPU time is read to the
    nanosecond and covers every thread of mitmdump; the capture writer (flows.jsonl records,
    flows.mitm) is a child process, reported on its own line."""
    batch -= batch % 4  # drive() splits a batch over 4 connections
    upstream = start_upstream()
    configs = (("bare mitmdump", {"addon": False, "save_mitm": False}),
               ("with harness addon", {"save_mitm": False}),
               ("addon + flows.mitm", {}),
               ("bare again (noise)", {"addon": False, "save_mitm": False}))
    elapsed = {name: 0.0 for name, _ in configs}
    done = {name: 0 for name, _ in configs}
    per_round: dict[str, list[float]] = {name: [] for name, _ in configs}
    cpu = {name: 0.0 for name, _ in configs}
    side_cpu = {name: 0.0 for name, _ in configs}
    """CPU of mitmdump's child processes (the capture writer), off the proxy's event loop."""
    with tempfile.TemporaryDirectory() as tmp:
        proxies = {}
        try:
            for name, kw in configs:
                run = RunDir.create(Path(tmp) / name.replace(" ", "_"))
                proxies[name] = (ProxyRunner(run, **kw).start(), run)
                drive(proxies[name][0].port, upstream, 40)  # warm-up
            for r in range(rounds):
                order = configs if r % 2 == 0 else configs[::-1]
                for name, _ in order:
                    pid = proxies[name][0].pid
                    cpu0, side0 = cpu_seconds(pid), children_cpu_seconds(pid)
                    rps = drive(proxies[name][0].port, upstream, batch)
                    cpu[name] += cpu_seconds(pid) - cpu0
                    side_cpu[name] += children_cpu_seconds(pid) - side0
                    elapsed[name] += batch / rps
                    done[name] += batch
                    per_round[name].append(rps)
        finally:
            for proxy, _ in proxies.values():
                proxy.stop()
        written = _mitm_flows(proxies["addon + flows.mitm"][1].path / RunDir.FLOWS_MITM)
        assert (proxies["with harness addon"][1].path / RunDir.FLOWS).stat().st_size > 0
    sent = done["addon + flows.mitm"] + 40
    assert written == sent, f"flows.mitm holds {written} flows, {sent} were sent"
    capacity = _report_proxy(batch, rounds, done, elapsed, per_round, cpu)
    per_flow, handoff = addon_cost_per_flow(), handoff_cost_per_flow()
    bare_cost = sum(cpu[k] for k in BARES) / sum(done[k] for k in BARES)
    print(f"    addon hooks in-process: {per_flow * 1e6:.0f} us CPU per flow = {per_flow / bare_cost * 100:.1f}% of bare "
          f"mitmdump's {bare_cost * 1e6:.0f} us per request (pickling a flow for the writer, timed alone: "
          f"{handoff * 1e6:.0f} us)")
    side = {k: side_cpu[k] / done[k] * 1e6 for k in ("with harness addon", "addon + flows.mitm")}
    print(f"    capture writer process (off the event loop): {side['with harness addon']:.0f} us CPU per request "
          f"(flows.jsonl), {side['addon + flows.mitm']:.0f} us (flows.jsonl + flows.mitm); "
          f"all {written} flows read back by mitmproxy's FlowReader")
    ok = True
    for name, goal in (("with harness addon", "addon"), ("addon + flows.mitm", "addon + flows.mitm")):
        ok = ok and capacity[name] >= 0.9
        print(f"    goal {goal} >= 90% of bare (requests per CPU-second of mitmdump): "
              f"{'met' if capacity[name] >= 0.9 else 'NOT met'} ({capacity[name] * 100:.1f}%)")
    return ok


def _report_proxy(batch: int, rounds: int, done: dict[str, int], elapsed: dict[str, float],
                  per_round: dict[str, list[float]], cpu: dict[str, float]) -> dict[str, float]:
    """One line per proxy: wall-clock rate, its median per-round ratio, and capacity (requests per
    CPU-second); returns each proxy's capacity as a fraction of the pooled bare processes'."""
    overall = {k: done[k] / elapsed[k] for k in elapsed}
    bare_wall = sum(done[k] for k in BARES) / sum(elapsed[k] for k in BARES)
    # Per round, each proxy ran back to back with the others: the median of those ratios is what
    # the addon costs, with load spikes from other processes on the machine mostly cancelled out.
    bare_rounds = [statistics.mean(rs) for rs in zip(*(per_round[k] for k in BARES), strict=True)]
    median = {k: statistics.median(v / b for v, b in zip(per_round[k], bare_rounds, strict=True)) for k in per_round}
    # mitmdump serves on one event loop: requests per CPU-second of its process is its capacity, and
    # unlike wall-clock rates it does not move much when other processes take the cores.
    capacity = {k: done[k] / cpu[k] if cpu[k] else 0.0 for k in cpu}
    bare = sum(done[k] for k in BARES) / sum(cpu[k] for k in BARES)
    print(f"  proxy: {batch * rounds} POSTs each, in {rounds} alternating batches over 4 keep-alive connections, "
          "loopback upstream; 100% = the two bare processes pooled")
    for name, rps in overall.items():
        print(f"    {name:20s} wall {rps:6.0f} req/s ({rps / bare_wall * 100:5.1f}%, median per round "
              f"{median[name] * 100:5.1f}%)   capacity {capacity[name]:6.0f} req/CPU-s "
              f"({capacity[name] / bare * 100:5.1f}%)")
    return {k: v / bare for k, v in capacity.items()}


def _mitm_flows(path: Path) -> int:
    """Flows in a flows.mitm, read with mitmproxy's own reader (what mitmweb does)."""
    from mitmproxy import io

    with open(path, "rb") as fh:
        return sum(1 for _ in io.FlowReader(fh).stream())


def _sample_flows(n: int) -> list:
    """n test flows with a response and a small JSON body carrying an IMEI."""
    from mitmproxy.test import tflow

    body = json.dumps({"device": {"imei": "867530012345674", "model": "SM-G9910"}, "events": list(range(40))})
    flows = []
    for _ in range(n):
        f = tflow.tflow(resp=True)
        f.request.content = body.encode()
        flows.append(f)
    return flows


def handoff_cost_per_flow(n: int = 2000) -> float:
    """CPU seconds spent pickling one flow for the capture writer (the recorder and flows.mitm share it)."""
    import pickle

    flows = _sample_flows(n)
    t = time.process_time()
    for f in flows:
        pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)
    return (time.process_time() - t) / n


def addon_cost_per_flow(n: int = 2000) -> float:
    """CPU seconds the recorder spends per flow on the loop (its hooks, pickling the flow, the pipe write)."""
    from mitmproxy.test import taddons

    from harness.proxy.recorder import RecorderAddon

    addon = RecorderAddon()
    with tempfile.TemporaryDirectory() as tmp, taddons.context(addon) as tctx:
        tctx.configure(addon, harness_flows=str(Path(tmp) / "flows.jsonl"), harness_clock_origin="0")
        flows = _sample_flows(n)
        t = time.process_time()
        hooks = [addon.requestheaders, addon.response]  # the recorder hooks a plain HTTP flow reaches
        for f in flows:
            for hook in hooks:
                hook(f)
        cost = (time.process_time() - t) / n
        addon.done()
    return cost


def children_cpu_seconds(pid: int | None) -> float:
    """CPU time of a process's direct children (live ones), from /proc."""
    if pid is None:
        return 0.0
    total = 0.0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            try:
                total += cpu_seconds(int(kid))
            except OSError:
                continue  # exited between the listing and the read
    return total


def cpu_seconds(pid: int | None) -> float:
    """CPU time of a process, all its threads, to the nanosecond (/proc/.../schedstat; /proc/stat
    counts in 10 ms ticks, too coarse for batches of a tenth of a second)."""
    if pid is None:
        return 0.0
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks) / 1e9
    except (OSError, IndexError, ValueError):  # a thread ended while read, or no schedstat: the coarse count
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> bool:
    ok_matcher = bench_matcher()
    ok_proxy = bench_proxy()
    return ok_matcher and ok_proxy


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
