"""A lead typed or imported by a person: clean values, or each problem named by field."""

from __future__ import annotations

import pytest

from sdr_desk.core.entities import Direction, LeadSource, Seniority
from sdr_desk.core.lead_input import parse_lead


def test_a_good_row_becomes_a_clean_lead() -> None:
    lead, errors = parse_lead(
        {
            "full_name": " 王伟 ",
            "title": "IT Director",
            "seniority": "Director",
            "company": "华信科技",
            "country": "cn",
            "phones": "138 0013 8000; +1 (212) 555-0134",
            "emails": "Wang.Wei@Example.CN",
            "direction": "outbound",
            "source": "trade_show",
            "tags": "expo;priority",
            "do_not_call": "no",
        }
    )
    assert errors == []
    assert lead is not None
    assert lead.full_name == "王伟"
    assert lead.country == "CN"
    assert lead.phones == ["+8613800138000", "+12125550134"]
    assert lead.emails == ["wang.wei@example.cn"]
    assert (lead.seniority, lead.direction, lead.source) == (Seniority.DIRECTOR, Direction.OUTBOUND, LeadSource.TRADE_SHOW)
    assert lead.tags == ["expo", "priority"]


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        ({"title": "CTO"}, "full_name", "required"),
        ({"full_name": "A", "phones": "12345"}, "phones", "not a valid phone number"),
        ({"full_name": "A", "country": "CN", "phones": "+86 123"}, "phones", "for CN"),
        ({"full_name": "A", "emails": "not-an-email"}, "emails", "not-an-email"),
        ({"full_name": "A", "country": "XX"}, "country", "ISO 3166"),
        ({"full_name": "A", "time_zone": "Mars/Olympus"}, "time_zone", "IANA"),
        ({"full_name": "A", "employees": "-5"}, "employees", "positive"),
        ({"full_name": "A", "source": "billboard"}, "source", "web_form"),
        ({"full_name": "A", "do_not_call": "maybe"}, "do_not_call", "yes or no"),
        ({"full_name": "A", "salary": "1"}, "salary", "unknown column"),
    ],
)
def test_each_bad_field_is_named(row: dict[str, str], field: str, fragment: str) -> None:
    lead, errors = parse_lead(row)
    assert lead is None
    assert any(e.field == field and fragment in e.message for e in errors), errors
