"""A second process on one profile, as the window is: holds the cache open (twice, as the window
and its sync connection do), logs touches through the desk, and reads each one back.

    python cache_writer.py PROFILE_DIR LEAD_ID STOP_FILE

Prints one line per committed touch ("ok ACTIVITY_ID") and "lost ACTIVITY_ID" if a touch it
committed cannot be read back; exits when STOP_FILE appears.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from sdr_desk.config import Profile
from sdr_desk.core.entities import Channel, Outcome
from sdr_desk.desk import Desk
from sdr_desk.store.engine import open_cache


def main() -> int:
    folder, lead_id, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    desk = Desk.open_profile(Profile(folder))
    second = open_cache(folder / "cache.sqlite3")  # the window's sync connection opens the cache again
    at = datetime.now(UTC)
    print("ready", flush=True)
    n = 0
    while not stop.exists():
        n += 1
        done = desk.log_touch(lead_id, Channel.EMAIL, Outcome.SENT, at=at + timedelta(seconds=n), notes=f"writer {n}")
        activity_id = done.value.id
        with second.engine.connect() as conn:  # another connection of this process sees the commit
            seen = conn.execute(text("SELECT count(*) FROM activities WHERE id = :i"), {"i": activity_id}).scalar()
        print(("ok " if seen == 1 else "lost ") + activity_id, flush=True)
        time.sleep(0.02)
    second.close()
    desk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
