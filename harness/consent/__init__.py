"""Consent signals an app stores for its SDKs: the IAB TCF v2.2 TC string and its IABTCF_* keys."""

from harness.consent.tcf import TCString, decode_tc_string

__all__ = ["TCString", "decode_tc_string"]
