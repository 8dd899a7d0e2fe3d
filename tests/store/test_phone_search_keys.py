"""Search keys of a phone number: the shortcut for "+digits" gives what a full parse gives."""

from __future__ import annotations

import contextlib

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_desk.store.repositories import lead_search_text, phone_search_keys


def _parsed_keys(phone: str) -> list[str]:
    keys = [phone.lstrip("+")]
    # A number the full parse refuses keeps only its digits as a key, as the shortcut does.
    with contextlib.suppress(phonenumbers.NumberParseException):
        keys.append(phonenumbers.national_significant_number(phonenumbers.parse(phone, None)))
    return keys


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)), st.text("0123456789", max_size=19))
def test_plain_international_numbers_match_a_full_parse(code: int, rest: str) -> None:
    phone = f"+{code}{rest}"
    assert phone_search_keys(phone) == _parsed_keys(phone)


def test_every_region_example_number_matches_a_full_parse() -> None:
    checked = 0
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            phone = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            assert phone_search_keys(phone) == _parsed_keys(phone), phone
            checked += 1
    assert checked > 400


def test_written_numbers_still_take_the_full_parse() -> None:
    assert phone_search_keys("+86 138-0013-8000") == ["86 138-0013-8000", "13800138000"]
    assert phone_search_keys("+1 1234") == _parsed_keys("+1 1234")
    assert phone_search_keys("not a number") == ["not a number"]
    text = lead_search_text("Mei Chen", "Acme", ["mei@example.com"], ["+8613800138000"])
    assert text == "mei chen | acme | mei@example.com | 8613800138000 | 13800138000"
