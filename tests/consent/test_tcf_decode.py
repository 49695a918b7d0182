"""TC string core segment: published vectors, bit-field and range vendor encodings, bad input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tckit import encode_tc

from harness.consent.tcf import TCStringError, decode_tc_string


def test_published_vector_core_fields() -> None:
    # Vector and expected values from the IAB TCF v2 decoder test suites (iabtcf-java, iOS IAB-TCF-V2 API).
    tc = decode_tc_string("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA")
    assert (tc.version, tc.cmp_id, tc.cmp_version, tc.consent_screen, tc.vendor_list_version,
            tc.policy_version) == (2, 675, 2, 1, 15, 2)
    assert tc.created == datetime(2020, 1, 26, 17, 1, tzinfo=UTC)
    assert tc.last_updated == datetime(2021, 2, 2, 17, 1, tzinfo=UTC)
    assert (tc.consent_language, tc.publisher_cc) == ("EN", "AA")
    assert tc.is_service_specific is False and tc.purpose_one_treatment is True


def test_spec_example_with_publisher_segment() -> None:
    # The example string of "Consent string and vendor list formats v2" (core + publisher TC segment).
    tc = decode_tc_string("CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA"
                          ".argAC0gAAAAAAAAAAAA")
    assert (tc.vendor_list_version, tc.policy_version) == (23, 2)
    assert tc.purposes_consent and tc.vendor_consents and tc.vendor_li


@pytest.mark.parametrize("ranges", [False, True])
def test_vendor_sections_bitfield_and_ranges(ranges: bool) -> None:
    s = encode_tc(cmp_id=300, purposes=(1, 2, 3, 4, 7, 9, 10), purposes_li=(2, 7), vendors=(1, 2, 3, 755, 756),
                  vendors_li=(8, 755), ranges=ranges)
    tc = decode_tc_string(s)
    assert tc.cmp_id == 300 and tc.purposes_consent == (1, 2, 3, 4, 7, 9, 10) and tc.purposes_li == (2, 7)
    assert tc.vendor_consents == {1, 2, 3, 755, 756} and tc.vendor_li == {8, 755}
    assert tc.refuses_storage is False
    assert decode_tc_string(encode_tc()).refuses_storage is True


@pytest.mark.parametrize("bad", ["", "BOVeoB_OVeoFxC-AHAFRBtAAAAAhGAEAD4AXAA2YCEQ", "CO", "!!!notbase64", "x" * 200_000])
def test_bad_strings_raise_one_line(bad: str) -> None:
    with pytest.raises(TCStringError) as e:
        decode_tc_string(bad)
    assert "\n" not in str(e.value)
