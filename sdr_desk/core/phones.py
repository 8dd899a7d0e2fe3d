"""Phone numbers: parse whatever a rep or a form typed, store E.164, show it the local way.

`phonenumbers` does the real work; these helpers fix the conventions used across the app.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberFormat, timezone as pn_timezone

_NON_DIGITS = re.compile(r"\D")
_UNKNOWN_ZONE = "Etc/Unknown"


def parse_phone(raw: str | None, default_country: str | None = None) -> phonenumbers.PhoneNumber | None:
    """A possible number from any common spelling ('+86 138-0013-8000', '(415) 555 0100', '0086…')."""
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    if text.startswith("00"):  # international prefix used across Europe and China
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, (default_country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def to_e164(raw: str | None, default_country: str | None = None) -> str | None:
    """'+8613800138000' style, or None when the text is not a possible number."""
    number = parse_phone(raw, default_country)
    return None if number is None else phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_valid(raw: str | None, default_country: str | None = None) -> bool:
    number = parse_phone(raw, default_country)
    return number is not None and phonenumbers.is_valid_number(number)


def format_for(e164: str, viewer_country: str | None) -> str:
    """National format when caller and prospect share a country, international otherwise."""
    number = parse_phone(e164)
    if number is None:
        return e164
    region = phonenumbers.region_code_for_number(number)
    fmt = PhoneNumberFormat.NATIONAL if viewer_country and region == viewer_country.upper() else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def phone_country(e164: str | None) -> str | None:
    """ISO country of a number, or None when it cannot be told (e.g. a non-geographic number)."""
    number = parse_phone(e164)
    if number is None:
        return None
    region = phonenumbers.region_code_for_number(number)
    return region if region and region != "ZZ" else None


@lru_cache(maxsize=1024)
def calling_code_countries(calling_code: int) -> frozenset[str]:
    return frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(calling_code, ()))


def countries_for_e164(e164: str) -> frozenset[str]:
    """Countries sharing the number's calling code, without a full parse (fast path for spam checks).

    +1 is shared by the US, Canada and the Caribbean, so the answer is a set.
    """
    if not e164.startswith("+"):
        return frozenset()
    for length in (1, 2, 3):
        code = e164[1 : 1 + length]
        if code.isdigit():
            found = calling_code_countries(int(code))
            if found:
                return found
    return frozenset()


def time_zone_for(e164: str | None) -> str | None:
    """The number's time zone when the numbering plan pins a single one (e.g. a US area code)."""
    number = parse_phone(e164)
    if number is None:
        return None
    zones = [z for z in pn_timezone.time_zones_for_number(number) if z != _UNKNOWN_ZONE]
    return zones[0] if len(zones) == 1 else None


def digits(text: str) -> str:
    """Only the digits: the key a search box compares phone numbers on."""
    return _NON_DIGITS.sub("", text)


def search_key(raw: str, default_country: str | None = None) -> str:
    """Digits of the E.164 form when the text parses, else its raw digits."""
    e164 = to_e164(raw, default_country)
    return digits(e164) if e164 else digits(raw)
