"""The prospect's time zone: the lead's own, else the phone number's, else the company country's."""

from __future__ import annotations

from sdr_desk.core.callwindows import CallWindowRules, country_time_zone
from sdr_desk.core.entities import Account, Lead
from sdr_desk.core.phones import time_zone_for


def prospect_country(lead: Lead, account: Account | None) -> str | None:
    return lead.country or (account.country if account is not None else None)


def prospect_time_zone(lead: Lead, account: Account | None, rules: CallWindowRules | None = None) -> str | None:
    if lead.time_zone:
        return lead.time_zone
    for phone in lead.phones:
        zone = time_zone_for(phone)
        if zone:
            return zone
    return country_time_zone(prospect_country(lead, account), rules)
