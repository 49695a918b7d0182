"""Static APK analysis: what an app could do before it runs, the frame for judging what it did.

`analyze_apk(path, deep=False, trackers=None, category=None) -> StaticReport`; the report's
`to_json()` is the run's static.json (shape documented in harness.static.report).
"""

from harness.static.analyze import analyze_apk
from harness.static.report import StaticReport

__all__ = ["StaticReport", "analyze_apk"]
