"""`sdr-desk login`, `logout` and `sync`: sign in to a server and run one sync round.

The password is asked on a terminal, or read from stdin with `--password-stdin`, never taken
from an argument. The refresh token goes to the OS keyring only.
"""

from __future__ import annotations

import argparse
import sys

from sdr_desk.commands import BadInput, CommandError, open_book


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    login = subparsers.add_parser("login", parents=[common], help="sign in to an SDR Desk server")
    login.add_argument("--server", required=True, metavar="URL", help="e.g. http://127.0.0.1:8765")
    login.add_argument("--user", required=True, metavar="NAME")
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    login.add_argument(
        "--practice", choices=("keep", "discard"), default="keep",
        help="a practice (demo) book in this profile is never synced: keep it as its own profile in "
             "PROFILE/practice and start fresh (default), or discard it",
    )
    login.set_defaults(run=run_login)

    logout = subparsers.add_parser("logout", parents=[common], help="sign out: forget the session on this computer")
    logout.set_defaults(run=run_logout)

    sync = subparsers.add_parser("sync", parents=[common], help="push local changes and pull the server's, once")
    sync.add_argument(
        "--password-stdin", action="store_true", help="with no keyring: read the password from stdin"
    )
    sync.set_defaults(run=run_sync)


def _read_password(args: argparse.Namespace, prompt: str) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
    else:
        raise BadInput("no terminal to ask the password on: pass --password-stdin")
    if not password:
        raise BadInput("empty password")
    return password


def _validate_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadInput(f"{url!r} is not a server URL (http://host:port or https://host)")
    return url.rstrip("/")


def run_login(args: argparse.Namespace) -> int:
    from sdr_desk.sync.client import SyncClient, SyncError
    from sdr_desk.sync.credentials import KeyringTokens, NoKeyring

    server = _validate_url(args.server)
    book = open_book(args)
    try:
        password = _read_password(args, f"password for {args.user} on {server}: ")
        _leave_practice(book, args.practice)
        with SyncClient(book.cache, server, KeyringTokens(server, args.user), outbox=book.outbox) as client:
            try:
                user = client.login(args.user, password)
            except NoKeyring as exc:
                print(f"sdr-desk: {exc}", file=sys.stderr)
                return 0
            except SyncError as exc:
                raise CommandError(str(exc)) from None
    finally:
        book.cache.close()
    print(f"logged in to {server} as {user.username} ({user.role})")
    return 0


def _leave_practice(book: object, choice: str) -> None:
    """Before real work starts in a profile, its practice book goes (kept aside, or discarded)."""
    from sdr_desk.desk import Desk, default_practice_copy
    from sdr_desk.store.practice import PracticeBookError

    desk = Desk(book.cache)  # type: ignore[attr-defined]
    if not desk.practice:
        return
    keep_in = default_practice_copy(desk.cache.path.parent) if choice == "keep" else None
    try:
        gone = desk.leave_practice(keep_in).value
    except PracticeBookError as exc:
        raise BadInput(f"{exc}; or pass --practice discard") from None
    if keep_in is not None:
        print(f"the practice book ({gone} leads) is kept as its own profile: --profile {keep_in}", file=sys.stderr)
    else:
        print(f"the practice book ({gone} leads) was discarded", file=sys.stderr)


def run_logout(args: argparse.Namespace) -> int:
    from sdr_desk.sync.client import RetryPolicy, SyncClient, stored_login
    from sdr_desk.sync.credentials import KeyringTokens, NoKeyring

    book = open_book(args)
    try:
        server, username = stored_login(book.cache)
        if not server or not username:
            print("not logged in")
            return 0
        # One quick try to end the session on the server; offline, the token is forgotten anyway.
        with SyncClient(book.cache, server, KeyringTokens(server, username), outbox=book.outbox,
                        retry=RetryPolicy(attempts=1), timeout_s=5) as client:
            try:
                client.logout()
            except NoKeyring:
                pass  # nothing can have been stored
    finally:
        book.cache.close()
    print(f"logged out of {server} ({username})")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from sdr_desk.sync.client import ServerUnreachable, SyncClient, SyncError, stored_login
    from sdr_desk.sync.credentials import KeyringTokens, MemoryTokens, NoKeyring, TokenStore

    book = open_book(args)
    try:
        server, username = stored_login(book.cache)
        if not server or not username:
            raise CommandError("not logged in: run `sdr-desk login --server URL --user NAME` first")
        tokens: TokenStore = KeyringTokens(server, username)
        password = None
        try:
            tokens.load()
        except NoKeyring as exc:
            print(f"sdr-desk: {exc}", file=sys.stderr)
            tokens = MemoryTokens()
            password = _read_password(args, f"password for {username} on {server}: ")
        with SyncClient(book.cache, server, tokens, outbox=book.outbox) as client:
            try:
                if password is not None:
                    client.login(username, password)
                report = client.run_round()
            except ServerUnreachable as exc:
                pending, _ = client.counts()
                raise CommandError(f"{exc}; {pending} changes stay queued") from None
            except (SyncError, NoKeyring) as exc:
                raise CommandError(str(exc)) from None
    finally:
        book.cache.close()
    line = (
        f"pushed: {report.pushed}  pulled: {report.pulled}  rejected: {report.rejected}  "
        f"pending: {report.pending}"
    )
    if report.needs_attention:
        line += f"  needs attention: {report.needs_attention}"
    print(f"{line}  ({report.duration_s:.1f} s)")
    return 0
