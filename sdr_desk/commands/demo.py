"""`sdr-desk demo`: fill a profile with a realistic, deterministic demo book."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from sdr_desk.commands import CommandError, open_book, positive_int


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("demo", parents=[common], help="fill a profile with a realistic demo book")
    parser.add_argument("--leads", type=positive_int, default=5000, metavar="N", help="how many leads (default 5000)")
    parser.add_argument("--seed", type=int, default=7, metavar="S", help="same seed, same book (default 7)")
    parser.add_argument("--if-empty", action="store_true", help="do nothing when the profile already has leads")
    parser.set_defaults(run=run)


class ProgressBar:
    """A one-line bar redrawn in place on a terminal; on a pipe or a log, a line per quarter."""

    WIDTH = 30

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._started = time.monotonic()
        self._last_quarter = -1

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        if self.live:
            filled = round(self.WIDTH * fraction)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            elapsed = time.monotonic() - self._started
            self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%} {done:,}/{total:,} leads {elapsed:5.1f} s")
        else:
            quarter = int(fraction * 4)
            if quarter == self._last_quarter:
                return
            self._last_quarter = quarter
            self.stream.write(f"{self.label}: {fraction:.0%} ({done:,}/{total:,} leads)\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from sdr_desk.store.demo import generate_demo

    book = open_book(args)
    try:
        if args.if_empty and book.lead_count() > 0:
            print(f"{book.cache.path} already has leads; nothing to do")
            return 0
        bar = ProgressBar("demo book")
        try:
            summary = generate_demo(book.cache, leads=args.leads, seed=args.seed, progress=bar)
        except SQLAlchemyError as exc:
            # One transaction: nothing of the book was kept. Say why in one line.
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise CommandError(f"demo book not written to {book.cache.path}: {reason}") from None
        finally:
            bar.close()
        # The queue ranks by stored scores: score the new book before anyone opens it.
        from datetime import UTC, datetime

        from sdr_desk.store.scoring_job import Rescorer

        scoring = ProgressBar("scoring")
        try:
            Rescorer(book.cache).rescore(None, datetime.now(UTC), progress=scoring)
        finally:
            scoring.close()
    finally:
        book.cache.close()
    print(
        f"demo book (seed {summary.seed}): {summary.accounts:,} accounts, {summary.leads:,} leads, "
        f"{summary.activities:,} activities, {summary.engagement_events:,} engagement events "
        f"in {summary.seconds:.1f} s -> {book.cache.path}"
    )
    return 0
