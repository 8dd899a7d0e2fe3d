"""`sdr-desk` subcommands. Each module offers `add_parser(subparsers)` and `run(args) -> int`.

Modules here import only the standard library at import time, so `sdr-desk --help` and
`--version` stay instant; the heavy work is imported inside `run`.
"""

from __future__ import annotations


class CommandError(Exception):
    """A failure the user can act on: printed as one line on stderr, never a traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class BadInput(CommandError):
    """Bad usage or bad input: exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, exit_code=2)


def positive_int(text: str) -> int:
    """argparse type: a whole number above zero (argparse turns the ValueError into exit 2)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def open_book(args: object):  # noqa: ANN201 - returns a SalesBook; imported lazily for a fast CLI
    """The profile's cache as a SalesBook, or a one-line BadInput naming the problem."""
    from sdr_desk.config import ProfileError, resolve_profile
    from sdr_desk.store.engine import CacheError, open_cache
    from sdr_desk.store.repositories import SalesBook

    profile = resolve_profile(getattr(args, "profile", None))
    try:
        profile.ensure_writable()
        return SalesBook(open_cache(profile.cache_path))
    except (ProfileError, CacheError) as exc:
        raise BadInput(str(exc)) from None


def open_desk(args: object):  # noqa: ANN201 - returns a Desk; imported lazily for a fast CLI
    """The profile's desk (cache, queue, outbox), or a one-line BadInput naming the problem."""
    from sdr_desk.config import ProfileError, resolve_profile
    from sdr_desk.desk import Desk
    from sdr_desk.store.engine import CacheError

    profile = resolve_profile(getattr(args, "profile", None))
    try:
        return Desk.open_profile(profile)
    except (ProfileError, CacheError) as exc:
        raise BadInput(str(exc)) from None
