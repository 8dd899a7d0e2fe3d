"""A workstation process for crash tests: it works until the test SIGKILLs it.

    python -m tests.e2e.rep_process write|push|pull PROFILE SERVER_URL USER   (password in $REP_PASSWORD)
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sdr_desk.core.entities import Activity, Channel, Lead, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.store.engine import open_cache
from sdr_desk.store.repositories import SalesBook
from sdr_desk.sync.client import RetryPolicy, SyncClient
from sdr_desk.sync.credentials import MemoryTokens

T0 = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def main() -> None:
    mode, profile, url, user = sys.argv[1:5]
    password = os.environ.get("REP_PASSWORD", "")
    cache = open_cache(Path(profile) / "cache.sqlite3")
    book = SalesBook(cache)
    if mode == "write":
        print("started", flush=True)
        n = 0
        while True:
            lead = Lead(id=new_id(), full_name=f"lead-{n}")
            book.create_lead(lead)
            for k in range(3):
                book.log_activity(Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.BUSY,
                                           occurred_at=T0 + timedelta(minutes=n * 3 + k), step=Step.REACH))
            n += 1
    client = SyncClient(cache, url, MemoryTokens(), outbox=book.outbox, batch_size=20, pull_limit=50,
                        retry=RetryPolicy(attempts=3, base_s=0.05, cap_s=0.2))
    client.login(user, password)
    print("started", flush=True)
    # One line per committed batch or page, so the test can kill in the middle of the work.
    client.run_round(progress=lambda p: print(f"{p.phase} {p.done}", flush=True))
    print("finished", flush=True)


if __name__ == "__main__":
    main()
