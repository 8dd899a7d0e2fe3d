"""Speed-to-lead SLA: policy per source and grade, deadlines in working hours, status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sdr_desk.core.callwindows import CountryHolidays, HolidayRules
from sdr_desk.core.entities import Grade, LeadSource
from sdr_desk.core.sla import SlaBook, SlaPolicy, SlaRules, SlaState, WorkingHours, sla_status

SH = ZoneInfo("Asia/Shanghai")
RULES = SlaRules(
    working_hours=WorkingHours(time_zone="Asia/Shanghai", country="CN", hours=("09:00-12:00", "13:00-18:00")),
    policies=(
        SlaPolicy(source=LeadSource.WEB_FORM, grade=Grade.B, first_touch_minutes=15),
        SlaPolicy(source=LeadSource.WEB_FORM, first_touch_minutes=10),
        SlaPolicy(grade=Grade.A, first_touch_minutes=60),
        SlaPolicy(source=LeadSource.TRADE_SHOW, first_touch_minutes=24 * 60, working_hours_only=False),
    ),
)
BOOK = SlaBook(RULES, HolidayRules(countries={"CN": CountryHolidays(holidays=(date(2026, 10, 1),))}))


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(
    ("source", "grade", "minutes"),
    [
        (LeadSource.WEB_FORM, Grade.B, 15),    # exact
        (LeadSource.WEB_FORM, Grade.A, 10),    # source, any grade
        (LeadSource.WEBINAR, Grade.A, 60),     # any source, grade A
        (LeadSource.TRADE_SHOW, Grade.B, 24 * 60),
        (LeadSource.WEBINAR, Grade.B, None),   # no policy: no SLA
    ],
)
def test_policy_for(source: LeadSource, grade: Grade, minutes: int | None) -> None:
    policy = BOOK.policy_for(source, grade)
    assert (policy.first_touch_minutes if policy else None) == minutes


@pytest.mark.parametrize(
    ("source", "created", "due"),
    [
        (LeadSource.WEB_FORM, sh(2026, 11, 25, 10, 0), sh(2026, 11, 25, 10, 15)),
        (LeadSource.WEB_FORM, sh(2026, 11, 25, 11, 50), sh(2026, 11, 25, 13, 5)),  # lunch stops the clock
        (LeadSource.WEB_FORM, sh(2026, 11, 25, 23, 0), sh(2026, 11, 26, 9, 15)),   # night
        (LeadSource.WEB_FORM, sh(2026, 11, 27, 17, 55), sh(2026, 11, 30, 9, 10)),  # weekend
        (LeadSource.WEB_FORM, sh(2026, 9, 30, 17, 55), sh(2026, 10, 2, 9, 10)),    # holiday
        (LeadSource.TRADE_SHOW, sh(2026, 11, 27, 17, 55), sh(2026, 11, 28, 17, 55)),  # calendar time
    ],
)
def test_due_at(source: LeadSource, created: datetime, due: datetime) -> None:
    assert BOOK.due_at(source, Grade.B, created) == due


def test_no_policy_no_deadline() -> None:
    assert BOOK.due_at(LeadSource.WEBINAR, Grade.B, sh(2026, 11, 25, 10, 0)) is None


@pytest.mark.parametrize(
    ("due", "touched", "now", "state", "remaining"),
    [
        (None, None, 0, SlaState.NONE, None),
        (10, None, 0, SlaState.PENDING, 10),
        (10, None, 10, SlaState.OVERDUE, 0),
        (10, None, 25, SlaState.OVERDUE, -15),
        (10, 5, 25, SlaState.MET, None),
        (10, 12, 25, SlaState.LATE, None),
    ],
)
def test_sla_status(due, touched, now, state, remaining) -> None:
    t0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    m = lambda n: None if n is None else t0 + timedelta(minutes=n)  # noqa: E731
    got = sla_status(m(due), m(touched), m(now))
    assert got.state is state
    assert got.remaining == (None if remaining is None else timedelta(minutes=remaining))


def test_duplicate_policies_are_refused() -> None:
    with pytest.raises(ValueError, match="two policies"):
        SlaRules(policies=(SlaPolicy(source="web_form", first_touch_minutes=5),
                           SlaPolicy(source="web_form", first_touch_minutes=9)))


def test_unknown_source_is_refused() -> None:
    with pytest.raises(ValueError, match="not one of"):
        SlaPolicy(source="carrier_pigeon", first_touch_minutes=5)
