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
    collection_after_withdrawal,
    default_consent,
    excessive_frequency,
    forced_consent,
    frequent_reprompt,
    hardware_identifier,
    label_encryption_contradicted,
    label_no_data_contradicted,
    label_policy_mismatch,
    label_undeclared_data,
    minor_collection_without_parental_consent,
    minor_targeted_ads,
    no_account_cancellation,
    no_complaint_channel,
    no_consent_withdrawal,
    no_personalisation_switch,
    no_policy_prompt,
    over_collection,
    permission_not_in_policy,
    permission_without_rationale,
    personalisation_switch_ineffective,
    policy_not_reachable,
    post_refusal_collection,
    pre_consent_collection,
    sensitive_without_separate_consent,
    tcf_ad_id_after_reject,
    tcf_ad_id_before_interaction,
    tcf_consent_stored_only_on_accept,
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
    permission_not_in_policy,
    policy_not_reachable,
    no_policy_prompt,
    default_consent,
    permission_without_rationale,
    no_personalisation_switch,
    personalisation_switch_ineffective,
    no_consent_withdrawal,
    collection_after_withdrawal,
    no_account_cancellation,
    no_complaint_channel,
    label_undeclared_data,
    label_no_data_contradicted,
    label_encryption_contradicted,
    label_policy_mismatch,
    tcf_ad_id_before_interaction,
    tcf_ad_id_after_reject,
    tcf_consent_stored_only_on_accept,
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
