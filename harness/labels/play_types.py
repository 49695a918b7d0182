"""The Play data safety vocabulary: data types, purposes and question ids, and the taxonomy mapping.

Ids are those of Play Console's CSV export/import template (Question ID / Response ID columns;
see Play Console Help "Provide information for Google Play's Data safety section", CSV format).
Each Play data type lists the harness taxonomy ids it covers; the first is the one a label
item is stored under. Every taxonomy id falls under exactly one Play data type (a test checks).
"""

from __future__ import annotations

from functools import cache

CATEGORIES: dict[str, tuple[str, ...]] = {
    "PSL_DATA_TYPES_LOCATION": ("PSL_APPROX_LOCATION", "PSL_PRECISE_LOCATION"),
    "PSL_DATA_TYPES_PERSONAL": ("PSL_NAME", "PSL_EMAIL", "PSL_USER_ACCOUNT", "PSL_ADDRESS", "PSL_PHONE",
                                "PSL_RACE_ETHNICITY", "PSL_POLITICAL_RELIGIOUS",
                                "PSL_SEXUAL_ORIENTATION_GENDER_IDENTITY", "PSL_OTHER_PERSONAL"),
    "PSL_DATA_TYPES_FINANCIAL": ("PSL_CREDIT_DEBIT_BANK_ACCOUNT_NUMBER", "PSL_PURCHASE_HISTORY",
                                 "PSL_CREDIT_SCORE", "PSL_OTHER"),
    "PSL_DATA_TYPES_HEALTH_AND_FITNESS": ("PSL_HEALTH", "PSL_FITNESS"),
    "PSL_DATA_TYPES_EMAIL_AND_TEXT": ("PSL_EMAILS", "PSL_SMS_CALL_LOG", "PSL_OTHER_MESSAGES"),
    "PSL_DATA_TYPES_PHOTOS_AND_VIDEOS": ("PSL_PHOTOS", "PSL_VIDEOS"),
    "PSL_DATA_TYPES_AUDIO": ("PSL_AUDIO", "PSL_MUSIC", "PSL_OTHER_AUDIO"),
    "PSL_DATA_TYPES_FILES_AND_DOCS": ("PSL_FILES_AND_DOCS",),
    "PSL_DATA_TYPES_CALENDAR": ("PSL_CALENDAR",),
    "PSL_DATA_TYPES_CONTACTS": ("PSL_CONTACTS",),
    "PSL_DATA_TYPES_APP_ACTIVITY": ("PSL_USER_INTERACTION", "PSL_IN_APP_SEARCH_HISTORY", "PSL_APPS_ON_DEVICE",
                                    "PSL_USER_GENERATED_CONTENT", "PSL_OTHER_APP_ACTIVITY"),
    "PSL_DATA_TYPES_SEARCH_AND_BROWSING": ("PSL_WEB_BROWSING_HISTORY",),
    "PSL_DATA_TYPES_APP_PERFORMANCE": ("PSL_CRASH_LOGS", "PSL_PERFORMANCE_DIAGNOSTICS", "PSL_OTHER_PERFORMANCE"),
    "PSL_DATA_TYPES_IDENTIFIERS": ("PSL_DEVICE_ID",),
}

COVERS: dict[str, tuple[str, ...]] = {
    "PSL_APPROX_LOCATION": ("coarse_location", "cell_info", "ip_address", "wifi_info", "wifi_scan"),
    "PSL_PRECISE_LOCATION": ("location", "trajectory", "trip_info"),
    "PSL_NAME": ("name",),
    "PSL_EMAIL": ("email",),
    "PSL_USER_ACCOUNT": ("account_info", "accounts", "credentials"),
    "PSL_ADDRESS": ("address",),
    "PSL_PHONE": ("phone_number",),
    "PSL_POLITICAL_RELIGIOUS": ("religion",),
    "PSL_SEXUAL_ORIENTATION_GENDER_IDENTITY": ("sexual_orientation", "gender"),
    "PSL_OTHER_PERSONAL": ("id_document", "id_document_image", "driving_licence", "biometrics", "age",
                           "marital_status", "resume", "minor_info", "criminal_record", "vehicle_info",
                           "property_info"),
    "PSL_CREDIT_DEBIT_BANK_ACCOUNT_NUMBER": ("bank_card", "financial_account"),
    "PSL_PURCHASE_HISTORY": ("order_info", "shipment_info"),
    "PSL_CREDIT_SCORE": ("credit_record",),
    "PSL_OTHER": ("payment_info",),
    "PSL_HEALTH": ("medical_info", "body_sensors"),
    "PSL_SMS_CALL_LOG": ("sms", "call_log"),
    "PSL_PHOTOS": ("photos_media", "camera"),
    "PSL_AUDIO": ("microphone",),
    "PSL_FILES_AND_DOCS": ("files",),
    "PSL_CALENDAR": ("calendar",),
    "PSL_CONTACTS": ("contacts", "friend_list"),
    "PSL_USER_INTERACTION": ("app_usage", "ad_topics"),  # Topics: interests inferred from app use
    "PSL_APPS_ON_DEVICE": ("installed_apps", "running_apps"),
    "PSL_OTHER_APP_ACTIVITY": ("clipboard",),
    "PSL_WEB_BROWSING_HISTORY": ("browser_history",),
    "PSL_PERFORMANCE_DIAGNOSTICS": ("device_info", "device_name", "carrier_info", "network_state",
                                    "bluetooth_info", "sensors"),
    "PSL_DEVICE_ID": ("device_identifier", "imei", "meid", "imsi", "iccid", "serial_number", "mac_address",
                      "bluetooth_address", "android_id", "oaid", "vaid", "aaid", "advertising_id", "app_set_id",
                      "gsf_id", "widevine_id"),
}

PURPOSES = ("PSL_APP_FUNCTIONALITY", "PSL_ANALYTICS", "PSL_DEVELOPER_COMMUNICATIONS",
            "PSL_FRAUD_PREVENTION_SECURITY", "PSL_ADVERTISING", "PSL_PERSONALIZATION", "PSL_ACCOUNT_MANAGEMENT")

Q_COLLECTS = "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA"
Q_ENCRYPTED = "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT"
Q_DELETION = "PSL_SUPPORT_DATA_DELETION_BY_USER"
Q_DELETION_OLD = "PSL_DATA_COLLECTION_USER_REQUEST_DELETE"
USAGE = "PSL_DATA_USAGE_RESPONSES"
U_SHARING = "PSL_DATA_USAGE_COLLECTION_AND_SHARING"
U_EPHEMERAL = "PSL_DATA_USAGE_EPHEMERAL"
U_CONTROL = "DATA_USAGE_USER_CONTROL"
U_COLLECTION_PURPOSE = "DATA_USAGE_COLLECTION_PURPOSE"
U_SHARING_PURPOSE = "DATA_USAGE_SHARING_PURPOSE"
R_COLLECTED = "PSL_DATA_USAGE_ONLY_COLLECTED"
R_SHARED = "PSL_DATA_USAGE_ONLY_SHARED"
R_BOTH = "PSL_DATA_USAGE_BOTH_COLLECTED_AND_SHARED"
R_OPTIONAL = "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL"
R_REQUIRED = "PSL_DATA_USAGE_USER_CONTROL_REQUIRED"
COLUMNS = ("Question ID (machine readable)", "Response ID (machine readable)", "Response value",
           "Answer requirement", "Human-friendly question label")


@cache
def _by_type() -> dict[str, str]:
    return {t: psl for psl, types in COVERS.items() for t in types}


def play_id(data_type: str) -> str:
    """The Play data type a taxonomy id falls under (unknown ids: PSL_OTHER_PERSONAL)."""
    return _by_type().get(data_type, "PSL_OTHER_PERSONAL")


def representative(psl_id: str) -> str | None:
    """The taxonomy id a declared Play data type is stored under; None when the taxonomy has none."""
    types = COVERS.get(psl_id)
    return types[0] if types else None


@cache
def category_of() -> dict[str, str]:
    return {psl: cat for cat, ids in CATEGORIES.items() for psl in ids}
