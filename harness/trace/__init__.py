"""The run trace: one folder per run, written while the run happens, readable by other tools.

Files: run.json, events.jsonl (hook events and agent diagnostics), flows.jsonl (network
flows), flows.mitm (mitmproxy's own), ui.jsonl (scenario steps and consent-phase markers),
static.json, device.json (device profile and planted canaries: known values), screens/.
"""

from harness.trace.clock import RunClock
from harness.trace.jsonl import JsonlReader, JsonlWriter, read_jsonl
from harness.trace.records import SCHEMA_VERSION, Marker, RecordKind
from harness.trace.rundir import RunDir, RunStatus

__all__ = [
    "SCHEMA_VERSION",
    "JsonlReader",
    "JsonlWriter",
    "Marker",
    "RecordKind",
    "RunClock",
    "RunDir",
    "RunStatus",
    "read_jsonl",
]
