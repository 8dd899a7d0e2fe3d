"""What a use case changed, so every view can follow it: the typed change set of the desk.

A write through the desk returns `Applied(value, changes)`. The desk updates its own queue
from the change set; the GUI hands the same set to every view, and each view decides from it
whether it is affected (the lead it shows, the account it shows, the queue as a whole).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Change(StrEnum):
    """The kinds of change a use case can make."""

    TOUCHES = "touches"  # touches logged or withdrawn
    STAGE = "stage"  # a lead moved in the funnel (handed off, disqualified, put off)
    QUALIFICATION = "qualification"  # a new version of a qualification form
    NURTURE = "nurture"  # an enrolment started, moved on or ended
    RESEARCH = "research"  # research notes, pinned insights, buyer roles of an account
    LEAD = "lead"  # a lead's own fields (name, phones, owner …)
    SCORE = "score"  # scores recomputed
    OUTBOX = "outbox"  # ops waiting to be pushed (or answered by the server)
    BOOK = "book"  # the whole book may have changed: read everything again


# What moves a lead's place in the queue.
QUEUE_KINDS = frozenset({Change.TOUCHES, Change.STAGE, Change.NURTURE, Change.LEAD, Change.SCORE, Change.BOOK})


@dataclass(frozen=True, slots=True)
class Changes:
    kinds: frozenset[Change] = frozenset()
    leads: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *kinds: Change, leads: Iterable[str] = (), accounts: Iterable[str] = ()) -> Changes:
        return cls(frozenset(kinds), frozenset(leads), frozenset(a for a in accounts if a))

    @property
    def whole_book(self) -> bool:
        return Change.BOOK in self.kinds

    @property
    def moves_queue(self) -> bool:
        return self.whole_book or bool(self.leads and self.kinds & QUEUE_KINDS)

    @property
    def outbox(self) -> bool:
        return Change.OUTBOX in self.kinds or self.whole_book

    def touches_lead(self, lead_id: str | None) -> bool:
        return bool(lead_id) and (self.whole_book or lead_id in self.leads)

    def touches_account(self, account_id: str | None) -> bool:
        return bool(account_id) and (self.whole_book or account_id in self.accounts)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.leads | other.leads, self.accounts | other.accounts)

    def __bool__(self) -> bool:
        return bool(self.kinds)


NOTHING = Changes()


@dataclass(frozen=True, slots=True)
class Applied(Generic[T]):
    """A use case's result and what it changed."""

    value: T
    changes: Changes
