"""Compile the TypeScript agent into one bundle with frida.Compiler (offline once node_modules exists).

`python -m harness.agent.build` writes harness/agent/_bundle/agent.js; the loader rebuilds
it on demand when the sources are newer than the bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from harness.errors import AgentError

AGENT_DIR = Path(__file__).resolve().parent
ENTRY = AGENT_DIR / "src" / "agent.ts"
BUNDLE = AGENT_DIR / "_bundle" / "agent.js"
PERCALL_ENTRY = AGENT_DIR / "src" / "percall.ts"
"""Benchmark baseline: a per-call send() agent (bench/bench_agent.py), not used by audits."""
PERCALL_BUNDLE = AGENT_DIR / "_bundle" / "percall.js"


def _sources() -> list[Path]:
    return [p for p in (AGENT_DIR / "src").rglob("*.ts")] + [AGENT_DIR / "package.json"]


def is_stale(bundle: Path = BUNDLE) -> bool:
    """True when the bundle is missing or older than any agent source.

    Without node_modules (an installed wheel) a present bundle is the one built with these
    sources: file times there are the unpacking order, not edits, and nothing could rebuild it.
    """
    if not bundle.exists():
        return True
    if not (AGENT_DIR / "node_modules").is_dir():
        return False
    built = bundle.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _sources() if p.exists())


def _diagnostic(d: object) -> str:
    if isinstance(d, dict):
        where = d.get("file") or {}
        return f"{where.get('path', '?')}:{where.get('line', '?')}: {d.get('text', d)}"
    return str(d)


def build(entry: Path = ENTRY, bundle: Path = BUNDLE) -> Path:
    """Compile `entry` into `bundle`; AgentError with the compiler's diagnostics on failure."""
    import frida

    if not (AGENT_DIR / "node_modules" / "frida-java-bridge").exists():
        raise AgentError(f"{AGENT_DIR}/node_modules is missing: run 'make install' (npm ci)")
    diagnostics: list[str] = []
    compiler = frida.Compiler()
    compiler.on("diagnostics", lambda d: diagnostics.extend(_diagnostic(x) for x in d))
    try:
        source = compiler.build(str(entry.relative_to(AGENT_DIR)), project_root=str(AGENT_DIR))
    except frida.InvalidArgumentError as e:
        raise AgentError(f"agent build failed: {e}; {'; '.join(diagnostics)}") from e
    bundle.parent.mkdir(parents=True, exist_ok=True)
    tmp = bundle.with_suffix(f".{os.getpid()}.tmp")  # several processes may build at once
    tmp.write_text(source, encoding="utf-8")
    tmp.replace(bundle)
    return bundle


def ensure_built(entry: Path = ENTRY, bundle: Path = BUNDLE) -> Path:
    """The bundle's path, building it first when it is missing or stale."""
    return build(entry, bundle) if is_stale(bundle) else bundle


def main() -> int:
    try:
        path = build()
    except AgentError as e:
        print(f"harness: error: {e}", file=sys.stderr)
        return 3
    print(f"agent bundle: {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
