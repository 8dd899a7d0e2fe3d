"""The rep's open book as the window's background work sees it.

Built and used only on the worker thread, so this module stays free of Qt: the worker
must never create Qt objects (Qt's wrappers are not safe to build from two threads at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from sdr_desk.config import Profile
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.outbox import Outbox, OutboxCounts
from sdr_desk.store.queue import CallQueue
from sdr_desk.store.repositories import SalesBook


@dataclass
class Desk:
    cache: Cache
    book: SalesBook
    queue: CallQueue
    outbox: Outbox

    @classmethod
    def open(cls, cache: Cache) -> Desk:
        book = SalesBook(cache)
        return cls(cache=cache, book=book, queue=CallQueue(cache, book.rep_id()), outbox=book.outbox)

    @classmethod
    def open_profile(cls, profile: Profile) -> Desk:
        """Make sure the folder is usable, then open (and migrate) its cache."""
        profile.ensure_writable()
        return cls.open(open_cache(profile.cache_path))

    def outbox_counts(self) -> OutboxCounts:
        with self.cache.session() as session:
            return self.outbox.counts(session)
