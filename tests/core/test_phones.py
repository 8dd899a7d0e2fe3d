"""Phone helpers: any spelling in, E.164 stored, shown the local way, country and time zone out."""

from __future__ import annotations

import pytest

from sdr_desk.core.phones import (
    countries_for_e164,
    format_for,
    is_valid,
    phone_country,
    search_key,
    time_zone_for,
    to_e164,
)


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [
        ("+86 138-0013-8000", None, "+8613800138000"),
        ("0086 138 0013 8000", None, "+8613800138000"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("(415) 555-0132", "US", "+14155550132"),
        ("+1 415.555.0132", "DE", "+14155550132"),
        ("020 7946 0958", "gb", "+442079460958"),
        ("not a number", "US", None),
        ("", None, None),
        (None, None, None),
        ("12", "US", None),
    ],
)
def test_to_e164(raw: str | None, country: str | None, e164: str | None) -> None:
    assert to_e164(raw, country) == e164


@pytest.mark.parametrize(
    ("e164", "viewer", "shown"),
    [
        ("+8613800138000", "CN", "138 0013 8000"),
        ("+8613800138000", "US", "+86 138 0013 8000"),
        ("+14155550132", "US", "(415) 555-0132"),
        ("+442079460958", "GB", "020 7946 0958"),
        ("+442079460958", None, "+44 20 7946 0958"),
        ("garbage", "US", "garbage"),
    ],
)
def test_format_for(e164: str, viewer: str | None, shown: str) -> None:
    assert format_for(e164, viewer) == shown


@pytest.mark.parametrize(
    ("e164", "country", "zone"),
    [
        ("+8613800138000", "CN", "Asia/Shanghai"),
        ("+14155550132", "US", "America/Los_Angeles"),
        ("+12125550132", "US", "America/New_York"),
        ("+442079460958", "GB", "Europe/London"),
        ("+61212345678", "AU", "Australia/Sydney"),
        (None, None, None),
    ],
)
def test_country_and_time_zone(e164: str | None, country: str | None, zone: str | None) -> None:
    assert phone_country(e164) == country
    assert time_zone_for(e164) == zone


def test_time_zone_not_guessed_when_the_plan_spans_several() -> None:
    assert time_zone_for("+79161234567") is None  # Russian mobile: no single zone


def test_countries_for_e164_shared_calling_codes() -> None:
    assert {"US", "CA"} <= countries_for_e164("+14155550132")
    assert countries_for_e164("+8613800138000") == frozenset({"CN"})
    assert countries_for_e164("+442079460958") == frozenset({"GB", "GG", "IM", "JE"})
    assert countries_for_e164("13800138000") == frozenset()


def test_validity_and_search_keys() -> None:
    assert is_valid("+8613800138000") and not is_valid("+8612345")
    assert search_key("(415) 555-0132", "US") == search_key("+1 415 555 0132") == "14155550132"
    assert search_key("555-01") == "55501"
