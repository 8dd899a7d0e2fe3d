"""Local calling windows: hours, weekends and holidays per country.

A `Calendar` answers "is it open now?" and "when does it open next?" for one
time zone and one country's rules. Times are handled as UTC epoch seconds so the
queue can ask for thousands of leads cheaply; a day's open intervals are cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from sdr_desk import paths
from sdr_desk.core.rules import RulesModel, load_rules

_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Long holidays (e.g. the Spring Festival week) need a look-ahead longer than one week.
_LOOKAHEAD_DAYS = 31


def parse_span(text: str) -> tuple[int, int]:
    """'09:00-12:00' -> minutes from midnight (540, 720)."""
    m = _SPAN.match(text)
    if not m:
        raise ValueError(f"'{text}' is not a span like 09:00-12:00")
    start = int(m.group(1)) * 60 + int(m.group(2))
    end = int(m.group(3)) * 60 + int(m.group(4))
    if end <= start or end > 24 * 60:
        raise ValueError(f"'{text}' ends before it starts")
    return start, end


def check_spans(spans: tuple[str, ...]) -> tuple[str, ...]:
    parsed = sorted(parse_span(s) for s in spans)
    for (_, end), (start, _) in zip(parsed, parsed[1:]):
        if start < end:
            raise ValueError("spans overlap")
    return spans


def check_weekend(days: tuple[str, ...] | None) -> tuple[str, ...] | None:
    for day in days or ():
        if day not in DAY_NAMES:
            raise ValueError(f"'{day}' is not one of {', '.join(DAY_NAMES)}")
    return days


def check_zone(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder or an overlong name
        raise ValueError(f"unknown time zone '{name}'") from None
    return name


class CountryWindow(RulesModel):
    time_zone: str | None = None  # used when neither the lead nor the phone number gives one
    hours: tuple[str, ...] | None = None
    weekend: tuple[str, ...] | None = None

    _zone = field_validator("time_zone")(check_zone)

    _weekend = field_validator("weekend")(check_weekend)

    @field_validator("hours")
    @classmethod
    def _hours(cls, v: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if v is None else check_spans(v)


class DefaultWindow(RulesModel):
    hours: tuple[str, ...] = ("09:00-12:00", "13:30-18:00")
    weekend: tuple[str, ...] = ("sat", "sun")

    _hours = field_validator("hours")(check_spans)
    _weekend = field_validator("weekend")(check_weekend)


class CallWindowRules(RulesModel):
    default: DefaultWindow = DefaultWindow()
    countries: dict[str, CountryWindow] = Field(default_factory=dict)

    @field_validator("countries")
    @classmethod
    def _codes(cls, v: dict[str, CountryWindow]) -> dict[str, CountryWindow]:
        for code in v:
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
        return v


class CountryHolidays(RulesModel):
    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()  # weekend days worked in exchange for a bridge holiday


class HolidayRules(RulesModel):
    countries: dict[str, CountryHolidays] = Field(default_factory=dict)


def load_call_window_rules(path: Path | None = None, override: Path | None = None) -> CallWindowRules:
    return load_rules(CallWindowRules, path or paths.RULES / "call_windows.toml", override)


def load_holiday_rules(path: Path | None = None, override: Path | None = None) -> HolidayRules:
    return load_rules(HolidayRules, path or paths.RULES / "holidays.toml", override)


@lru_cache(maxsize=1)
def _zone_tab() -> dict[str, str]:
    """Country -> its first listed IANA zone, from the tzdata package's zone.tab."""
    out: dict[str, str] = {}
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return out
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            out.setdefault(parts[0], parts[2])
    return out


def country_time_zone(country: str | None, rules: CallWindowRules | None = None) -> str | None:
    """The zone to assume for a country: the rules' choice, else the tz database's first."""
    if not country:
        return None
    country = country.upper()
    if rules is not None:
        entry = rules.countries.get(country)
        if entry is not None and entry.time_zone:
            return entry.time_zone
    return _zone_tab().get(country)


@dataclass(frozen=True, slots=True)
class WindowState:
    """Whether a calendar is open at a moment, and until when that answer holds."""

    open: bool
    changes_at: float | None  # epoch seconds of the next open/close; None if none ahead
    opens_at: datetime | None  # next opening, in the calendar's zone (None when open)


class Calendar:
    """Open hours of one time zone under one country's weekends and holidays."""

    __slots__ = ("zone", "zone_name", "spans", "weekend", "holidays", "workdays", "_days")

    def __init__(
        self,
        zone_name: str,
        spans: tuple[tuple[int, int], ...],
        weekend: frozenset[int],
        holidays: frozenset[date] = frozenset(),
        workdays: frozenset[date] = frozenset(),
    ) -> None:
        self.zone_name = zone_name
        self.zone = ZoneInfo(zone_name)
        self.spans = tuple(sorted(spans))
        self.weekend = weekend  # ISO weekday numbers, 1 = Monday
        self.holidays = holidays
        self.workdays = workdays
        self._days: dict[date, tuple[tuple[float, float], ...]] = {}

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def intervals(self, day: date) -> tuple[tuple[float, float], ...]:
        """Open intervals of a local day as UTC epoch seconds."""
        got = self._days.get(day)
        if got is None:
            if self.is_workday(day):
                midnight = datetime.combine(day, time(0), tzinfo=self.zone)
                got = tuple(
                    (
                        (midnight + timedelta(minutes=a)).astimezone(UTC).timestamp(),
                        (midnight + timedelta(minutes=b)).astimezone(UTC).timestamp(),
                    )
                    for a, b in self.spans
                )
            else:
                got = ()
            if len(self._days) > 4096:
                self._days.clear()
            self._days[day] = got
        return got

    def state(self, t: float) -> WindowState:
        day = datetime.fromtimestamp(t, self.zone).date()
        for offset in range(_LOOKAHEAD_DAYS + 1):
            for start, end in self.intervals(day + timedelta(days=offset)):
                if t < start:
                    return WindowState(False, start, datetime.fromtimestamp(start, self.zone))
                if t < end:
                    return WindowState(True, end, None)
        return WindowState(False, None, None)

    def is_open(self, moment: datetime) -> bool:
        return self.state(moment.timestamp()).open

    def next_open(self, moment: datetime) -> datetime | None:
        """`moment` itself if open, else the next opening (in the calendar's zone)."""
        st = self.state(moment.timestamp())
        return moment.astimezone(self.zone) if st.open else st.opens_at

    def add_open_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment `duration` of open time has passed after `start` (SLA deadlines)."""
        t = start.timestamp()
        left = duration.total_seconds()
        day = datetime.fromtimestamp(t, self.zone).date()
        for offset in range(366):
            for a, b in self.intervals(day + timedelta(days=offset)):
                if b <= t:
                    continue
                begin = max(a, t)
                if begin + left <= b:
                    return datetime.fromtimestamp(begin + left, UTC)
                left -= b - begin
        raise ValueError("no open time within a year: check hours, weekends and holidays")


class CallWindows:
    """Builds and caches one `Calendar` per (time zone, country)."""

    def __init__(self, rules: CallWindowRules, holidays: HolidayRules | None = None) -> None:
        self.rules = rules
        self.holidays = holidays or HolidayRules()
        self._calendars: dict[tuple[str | None, str | None], Calendar | None] = {}

    @classmethod
    def load(cls) -> CallWindows:
        return cls(load_call_window_rules(), load_holiday_rules())

    def calendar(self, time_zone: str | None, country: str | None) -> Calendar | None:
        """None when no time zone can be found: the window is then unknown, not closed."""
        key = (time_zone, country)
        if key in self._calendars:
            return self._calendars[key]
        cal = None
        zone = time_zone or country_time_zone(country, self.rules)
        if zone:
            entry = self.rules.countries.get(country or "") or CountryWindow()
            spans = tuple(parse_span(s) for s in (entry.hours or self.rules.default.hours))
            weekend = frozenset(DAY_NAMES.index(d) + 1 for d in (entry.weekend or self.rules.default.weekend))
            hol = self.holidays.countries.get(country or "") or CountryHolidays()
            try:
                cal = Calendar(zone, spans, weekend, frozenset(hol.holidays), frozenset(hol.workdays))
            except (ZoneInfoNotFoundError, ValueError):
                cal = None
        self._calendars[key] = cal
        return cal
