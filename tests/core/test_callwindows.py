"""Local calling windows: hours, lunch, weekends, holidays and adjusted workdays per country."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sdr_desk.core.callwindows import (
    CallWindowRules,
    CallWindows,
    CountryHolidays,
    CountryWindow,
    DefaultWindow,
    HolidayRules,
    country_time_zone,
    parse_span,
)
from sdr_desk.core.entities import Account, Lead
from sdr_desk.core.timezones import prospect_time_zone

RULES = CallWindowRules(
    default=DefaultWindow(hours=("09:00-12:00", "13:00-18:00"), weekend=("sat", "sun")),
    countries={
        "CN": CountryWindow(time_zone="Asia/Shanghai"),
        "SA": CountryWindow(time_zone="Asia/Riyadh", weekend=("fri", "sat")),
        "US": CountryWindow(time_zone="America/New_York", hours=("09:00-17:00",)),
    },
)
HOLIDAYS = HolidayRules(countries={
    "CN": CountryHolidays(holidays=(date(2026, 10, 1), date(2026, 10, 2)), workdays=(date(2026, 10, 10),)),
})
WINDOWS = CallWindows(RULES, HOLIDAYS)


def at(zone: str, *args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


@pytest.mark.parametrize(
    ("country", "local", "is_open", "opens"),
    [
        ("CN", (2026, 11, 25, 10, 0), True, None),                   # Wednesday morning
        ("CN", (2026, 11, 25, 8, 59), False, (2026, 11, 25, 9, 0)),  # before opening
        ("CN", (2026, 11, 25, 12, 0), False, (2026, 11, 25, 13, 0)),  # lunch
        ("CN", (2026, 11, 25, 18, 0), False, (2026, 11, 26, 9, 0)),  # evening
        ("CN", (2026, 11, 28, 10, 0), False, (2026, 11, 30, 9, 0)),  # Saturday
        ("CN", (2026, 10, 1, 10, 0), False, (2026, 10, 5, 9, 0)),    # holiday, then the weekend
        ("CN", (2026, 10, 10, 10, 0), True, None),                   # a Saturday worked in exchange
        ("SA", (2026, 11, 27, 10, 0), False, (2026, 11, 29, 9, 0)),  # Friday is the weekend there
        ("SA", (2026, 11, 29, 10, 0), True, None),                   # Sunday is a workday there
        ("US", (2026, 11, 25, 12, 30), True, None),                  # no lunch break in the US rules
    ],
)
def test_window_state(country: str, local: tuple, is_open: bool, opens: tuple | None) -> None:
    zone = RULES.countries[country].time_zone
    cal = WINDOWS.calendar(None, country)
    moment = at(zone, *local)
    assert cal.is_open(moment) is is_open
    nxt = cal.next_open(moment)
    if opens is None:
        assert nxt == moment
    else:
        assert nxt == at(zone, *opens)
        assert nxt.utcoffset() == at(zone, *opens).astimezone(cal.zone).utcoffset()


def test_state_says_until_when_it_holds() -> None:
    cal = WINDOWS.calendar("Asia/Shanghai", "CN")
    st = cal.state(at("Asia/Shanghai", 2026, 11, 25, 10, 0).timestamp())
    assert st.open and st.changes_at == at("Asia/Shanghai", 2026, 11, 25, 12, 0).timestamp()


def test_daylight_saving_shifts_the_window_in_utc() -> None:
    cal = WINDOWS.calendar("America/New_York", "US")
    summer = cal.next_open(datetime(2026, 7, 1, 11, 0, tzinfo=UTC))
    winter = cal.next_open(datetime(2026, 12, 1, 11, 0, tzinfo=UTC))
    assert summer.astimezone(UTC).hour == 13 and winter.astimezone(UTC).hour == 14


def test_zone_from_lead_overrides_country_but_country_rules_apply() -> None:
    cal = WINDOWS.calendar("Asia/Urumqi", "CN")
    assert cal.zone_name == "Asia/Urumqi"
    assert date(2026, 10, 1) in cal.holidays


def test_unknown_country_and_zone_has_no_calendar() -> None:
    assert WINDOWS.calendar(None, None) is None
    assert WINDOWS.calendar("Not/AZone", None) is None


def test_country_without_rules_uses_default_hours_and_tz_database() -> None:
    cal = WINDOWS.calendar(None, "FR")
    assert cal.zone_name == "Europe/Paris"
    assert cal.spans == ((9 * 60, 12 * 60), (13 * 60, 18 * 60))


def test_add_open_time_skips_nights_weekends_and_holidays() -> None:
    cal = WINDOWS.calendar(None, "CN")
    friday_late = at("Asia/Shanghai", 2026, 11, 27, 17, 50)
    assert cal.add_open_time(friday_late, timedelta(minutes=15)) == at("Asia/Shanghai", 2026, 11, 30, 9, 5)
    before_lunch = at("Asia/Shanghai", 2026, 11, 25, 11, 55)
    assert cal.add_open_time(before_lunch, timedelta(minutes=15)) == at("Asia/Shanghai", 2026, 11, 25, 13, 10)
    eve = at("Asia/Shanghai", 2026, 9, 30, 17, 0)
    assert cal.add_open_time(eve, timedelta(hours=2)) == at("Asia/Shanghai", 2026, 10, 5, 10, 0)


@pytest.mark.parametrize("bad", ["9:00-12:00", "12:00-09:00", "09:00-25:00", "09:00"])
def test_bad_spans_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_span(bad)


def test_country_time_zone() -> None:
    assert country_time_zone("us", RULES) == "America/New_York"
    assert country_time_zone("DE") == "Europe/Berlin"
    assert country_time_zone(None) is None


@pytest.mark.parametrize(
    ("lead", "account", "zone"),
    [
        (Lead("l", "Li Na", time_zone="Asia/Tokyo", phones=["+8613800138000"]), None, "Asia/Tokyo"),
        (Lead("l", "Li Na", phones=["+14155550132"]), Account("a", "A", country="CN"), "America/Los_Angeles"),
        (Lead("l", "Li Na", phones=["+8613800138000"]), None, "Asia/Shanghai"),
        (Lead("l", "Li Na", phones=["+61212345678"]), Account("a", "A", country="US"), "Australia/Sydney"),
        (Lead("l", "Li Na"), Account("a", "A", country="US"), "America/New_York"),
        (Lead("l", "Li Na", country="GB"), Account("a", "A", country="US"), "Europe/London"),
        (Lead("l", "Li Na"), None, None),
    ],
)
def test_prospect_time_zone(lead: Lead, account: Account | None, zone: str | None) -> None:
    assert prospect_time_zone(lead, account, RULES) == zone
