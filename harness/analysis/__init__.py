"""Analysis: turns a run's trace into findings, one rule per module, each citing its evidence.

`analyze_run(run_dir, policy, lang=...)` is the library entry point; `ALL_RULES` is the
explicit registry (a test checks every rule module is listed and ids equal file names).
"""

from harness.analysis import (
    background_collection,
    beyond_necessary,
    bundled_permission_request,
    cleartext_personal_information,
    clipboard_read,
    excessive_frequency,
    forced_consent,
    frequent_reprompt,
    hardware_identifier,
    minor_collection_without_parental_consent,
    minor_targeted_ads,
    over_collection,
    post_refusal_collection,
    pre_consent_collection,
    sensitive_without_separate_consent,
    undeclared_sdk,
    undeclared_third_party,
    unused_or_unrelated_permission,
)

ALL_RULES = (
    pre_consent_collection,
    post_refusal_collection,
    forced_consent,
    bundled_permission_request,
    frequent_reprompt,
    over_collection,
    beyond_necessary,
    excessive_frequency,
    background_collection,
    undeclared_third_party,
    sensitive_without_separate_consent,
    hardware_identifier,
    clipboard_read,
    cleartext_personal_information,
    undeclared_sdk,
    unused_or_unrelated_permission,
    minor_collection_without_parental_consent,
    minor_targeted_ads,
)

from harness.analysis import differential_pricing  # noqa: E402 - judged on differential runs, not one trace

DIFF_RULES = (differential_pricing,)
"""Rules judged across runs (`harness diff`), not on one trace: each has `RULE` and `judge(diff, app, lang)`."""

from harness.analysis.engine import analyze_run  # noqa: E402 - after the registry it imports
from harness.analysis.findings import Evidence, Finding, LegalAnchors, RuleInfo, Severity  # noqa: E402
from harness.analysis.result import Report, RuleStatus  # noqa: E402

__all__ = ["ALL_RULES", "DIFF_RULES", "Evidence", "Finding", "LegalAnchors", "Report", "RuleInfo", "RuleStatus", "Severity",
           "analyze_run"]
