package com.example.probe.ui;

import java.util.List;

/**
 * Which user-rights flaw the probe seeds (`--variant NAME`); each is named after the rule that must
 * report it, and "clean" seeds none.
 */
public enum Variant {
    CLEAN("clean"),
    POLICY_NOT_REACHABLE("policy_not_reachable"),
    NO_POLICY_PROMPT("no_policy_prompt"),
    DEFAULT_CONSENT("default_consent"),
    PERMISSION_WITHOUT_RATIONALE("permission_without_rationale"),
    NO_PERSONALISATION_SWITCH("no_personalisation_switch"),
    PERSONALISATION_SWITCH_INEFFECTIVE("personalisation_switch_ineffective"),
    NO_CONSENT_WITHDRAWAL("no_consent_withdrawal"),
    COLLECTION_AFTER_WITHDRAWAL("collection_after_withdrawal"),
    NO_ACCOUNT_CANCELLATION("no_account_cancellation"),
    NO_COMPLAINT_CHANNEL("no_complaint_channel");

    public final String id;

    Variant(String id) {
        this.id = id;
    }

    /** The variant with this id, or null. */
    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        return null;
    }

    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(v -> v.id).toList();
    }
}
