"""The script mitmdump loads (`-s harness/proxy/addon.py`; also usable by hand with mitmweb).

Three addons, one job each: the sink (answer locally, never go upstream), the recorder
(flows.jsonl on the run's clock) and the flow file (flows.mitm for mitmweb). The last two share
one capture writer (offloop.py), which writes both files from a child process, off the event
loop. Options: see each module.
"""

from __future__ import annotations

import os
import sys

# mitmdump loads this file by path: make the harness package importable (ProxyRunner relies on it too).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from harness.proxy.flowfile import FlowFileAddon  # noqa: E402
from harness.proxy.offloop import OffLoopWriter  # noqa: E402
from harness.proxy.recorder import RecorderAddon  # noqa: E402
from harness.proxy.sink import SinkAddon  # noqa: E402

_capture = OffLoopWriter()
addons = [SinkAddon(), RecorderAddon(_capture), FlowFileAddon(_capture)]
