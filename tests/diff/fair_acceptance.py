"""Issue 18's acceptance, run for real: the fair shop with per-request price noise is never flagged, the
discriminating one always is, over N full differential runs on the probe (JVM, Frida, mitmproxy).

Too slow for `make test` (about a minute per run on 2 cores): `make diff-acceptance` runs it, and the suite
proves the same statistics on the server's own pricing function (test_stats.py). Measured 2026-12-03:
fair, 3% noise, 2 repetitions a persona: flagged in 0 of 20 runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from harness.audit.conductor import AuditOptions
from harness.diff.runner import run_diff
from harness.persona import load_persona
from harness.probe import backend

ROOT = Path(__file__).resolve().parents[2]


def flagged_runs(pricing: str, runs: int, noise: float = 0.03) -> int:
    personas = [load_persona(ROOT / "harness/policies/personas/adult-new-budget.yaml"),
                load_persona(ROOT / "harness/policies/personas/adult-new-flagship.yaml")]
    opts = AuditOptions(wait_scale=0.1, proxy_scripts=(Path(backend.__file__),),
                        proxy_options=(("probe_shop_pricing", pricing), ("probe_shop_noise", str(noise))))
    flagged = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            started = time.monotonic()
            out = run_diff("probe", ROOT / "harness/policies/examples/probe.yaml", personas, out=Path(tmp) / f"{pricing}{i}",
                           device="jvm", scenario="shop", repeat=2, options=opts)
            [price] = [v for v in out.result.pairs[0].prices if v.field == "price"]
            flagged += bool(out.findings)
            print(f"{pricing} run {i + 1}: effect {price.effect:+.4f} p={price.p_value:.4f} "
                  f"{'FLAGGED' if out.findings else 'not flagged'} ({time.monotonic() - started:.0f} s)", flush=True)
    return flagged


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 20
    fair = flagged_runs("fair", runs)
    unfair = flagged_runs("discriminating", max(1, runs // 4))
    print(f"fair shop flagged in {fair} of {runs} runs; discriminating shop flagged in {unfair} of {max(1, runs // 4)}")
    return 0 if fair == 0 and unfair == max(1, runs // 4) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
