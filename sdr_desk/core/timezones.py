"""The prospect's time zone: the lead's own, else the phone number's, else the company country's."""

from __future__ import annotations

from collections.abc import Sequence

from sdr_desk.core.callwindows import CallWindowRules, country_time_zone
from sdr_desk.core.entities import Account, Lead
from sdr_desk.core.phones import time_zone_for


def prospect_country(lead: Lead, account: Account | None) -> str | None:
    return lead.country or (account.country if account is not None else None)


def prospect_time_zone(lead: Lead, account: Account | None, rules: CallWindowRules | None = None) -> str | None:
    return prospect_place(lead.time_zone, lead.phones, lead.country,
                          account.country if account is not None else None, rules)[0]


def prospect_place(
    time_zone: str | None,
    phones: Sequence[str],
    country: str | None,
    account_country: str | None,
    rules: CallWindowRules | None = None,
) -> tuple[str | None, str | None]:
    """(time zone, country) whose calling hours apply, from the stored fields alone: the queue
    resolves a whole book of these at start-up without building leads and accounts."""
    country = country or account_country
    if time_zone:
        return time_zone, country
    for phone in phones:
        zone = time_zone_for(phone)
        if zone:
            return zone, country
    return country_time_zone(country, rules), country
