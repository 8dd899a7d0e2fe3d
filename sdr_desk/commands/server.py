"""`sdr-desk server ...`: run and administer the central server.

The database is `--db-url`, else $SDR_DESK_DB_URL, else a SQLite file in the profile folder.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from sdr_desk.commands import BadInput, CommandError, positive_int

DB_URL_ENV = "SDR_DESK_DB_URL"
SERVER_DB_FILE = "server.sqlite3"
ROLES = ("sdr", "lead", "admin")
SOURCES = ("web_form", "whitepaper", "webinar", "trade_show", "referral", "outbound_list")


def add_parser(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("server", parents=[common], help="run or administer the central server")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db-url", metavar="URL",
                    help=f"database URL (default: ${DB_URL_ENV} or {SERVER_DB_FILE} in the profile folder)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    run = actions.add_parser("run", parents=[common, db], help="serve the API (uvicorn)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=positive_int, default=8470)
    run.add_argument("--workers", type=positive_int, default=1)
    run.add_argument("--sweep-interval", type=float, default=30.0, metavar="SECONDS",
                     help="how often this process looks for leads past their SLA (0: never)")
    run.add_argument("--no-migrate", action="store_true", help="do not upgrade the database first")
    run.set_defaults(run=_run)

    migrate = actions.add_parser("migrate", parents=[common, db], help="create or upgrade the database")
    migrate.set_defaults(run=_migrate)

    team = actions.add_parser("create-team", parents=[common, db], help="add a team")
    team.add_argument("name")
    team.add_argument("--sla-minutes", type=float, default=60.0,
                      help="working minutes a lead no SLA policy covers may wait for its first touch (default 60)")
    team.set_defaults(run=_create_team)

    team_sla = actions.add_parser("team-sla", parents=[common, db],
                                  help="give a team its own speed-to-lead rules, or go back to the bundled ones")
    team_sla.add_argument("name", help="team name")
    which = team_sla.add_mutually_exclusive_group(required=True)
    which.add_argument("--rules", metavar="FILE.toml",
                       help="changes to resources/rules/sla.toml: tables merge key by key, lists replace")
    which.add_argument("--reset", action="store_true", help="use the bundled rules again")
    team_sla.set_defaults(run=_team_sla)

    user = actions.add_parser("create-user", parents=[common, db], help="add a user")
    user.add_argument("name")
    user.add_argument("--role", choices=ROLES, required=True)
    user.add_argument("--team", help="team name (required for sdr and lead)")
    user.add_argument("--weight", type=positive_int, default=1, help="turns in a row in the rotation")
    user.add_argument("--capacity", type=positive_int, help="most open leads this rep holds")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    user.set_defaults(run=_create_user)

    away = actions.add_parser("set-away", parents=[common, db], help="take a rep out of (or back into) rotation")
    away.add_argument("name")
    away.add_argument("state", choices=("on", "off"))
    away.set_defaults(run=_set_away)

    disable = actions.add_parser("disable-user", parents=[common, db],
                                 help="disable a user and end their sessions at once")
    disable.add_argument("name")
    disable.set_defaults(run=_disable_user)

    key = actions.add_parser("api-key", parents=[common], help="intake API keys")
    key_actions = key.add_subparsers(dest="key_action", metavar="ACTION", required=True)
    create = key_actions.add_parser("create", parents=[common, db], help="make a key for one lead source")
    create.add_argument("--source", choices=SOURCES, required=True)
    create.add_argument("--team", help="team that receives the leads (needed when there are several)")
    create.set_defaults(run=_api_key_create)


def db_url(args: argparse.Namespace) -> str:
    if getattr(args, "db_url", None):
        return args.db_url
    if os.environ.get(DB_URL_ENV):
        return os.environ[DB_URL_ENV]
    from sdr_desk.config import ProfileError, resolve_profile

    profile = resolve_profile(getattr(args, "profile", None))
    try:
        profile.ensure_writable()
    except ProfileError as exc:
        raise CommandError(str(exc)) from None
    return f"sqlite:///{profile.folder / SERVER_DB_FILE}"


def _connect(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import SQLAlchemyError

    from sdr_desk.server.context import ServerContext
    from sdr_desk.server.db import make_engine
    from sdr_desk.server.migrate import is_current

    url = db_url(args)
    try:
        engine = make_engine(url)
        if not is_current(engine, url):
            engine.dispose()
            raise CommandError("the server database is missing or out of date: run `sdr-desk server migrate`")
    except SQLAlchemyError as exc:
        raise CommandError(f"cannot open the server database: {str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}") from None
    except ValueError as exc:  # a malformed URL
        raise BadInput(f"bad database URL: {exc}") from None
    return ServerContext(engine=engine, url=url)


def _admin(args: argparse.Namespace, work):  # type: ignore[no-untyped-def]
    from sdr_desk.server.admin import AdminError
    from sdr_desk.server.db import write

    ctx = _connect(args)
    try:
        return write(ctx.engine, lambda conn: work(conn, ctx))
    except AdminError as exc:
        raise BadInput(str(exc)) from None
    finally:
        ctx.engine.dispose()


def _migrate(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from sdr_desk.server.migrate import upgrade

    url = db_url(args)
    try:
        upgrade(url)
    except SQLAlchemyError as exc:
        raise CommandError(f"migration failed: {str(getattr(exc, 'orig', exc)).splitlines()[0]}") from None
    print("server database is up to date")
    return 0


def _create_team(args: argparse.Namespace) -> int:
    from sdr_desk.server.admin import create_team

    if args.sla_minutes <= 0:
        raise BadInput("--sla-minutes must be above zero")
    team_id = _admin(args, lambda conn, ctx: create_team(conn, args.name, round(args.sla_minutes * 60), ctx.now()))
    print(f"team {args.name} created ({team_id})")
    return 0


def _team_sla(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime
    from pathlib import Path

    from sdr_desk.core.callwindows import load_holiday_rules
    from sdr_desk.core.rules import RulesError
    from sdr_desk.core.sla import SlaBook, load_sla_rules
    from sdr_desk.server.admin import set_team_sla_rules, team_id_by_name

    rules = None
    if args.rules:
        try:
            parsed = load_sla_rules(override=Path(args.rules))
            SlaBook(parsed, load_holiday_rules()).check_open_time(datetime.now(UTC))
        except RulesError as exc:
            raise BadInput(str(exc)) from None
        except ValueError as exc:
            raise BadInput(f"{args.rules}: working_hours: {exc}") from None
        rules = parsed.model_dump(mode="json")
    _admin(args, lambda conn, ctx: set_team_sla_rules(conn, team_id_by_name(conn, args.name), rules, ctx.now(),
                                                      actor_kind="cli", actor_id=None))
    print(f"team {args.name} uses {'its own SLA rules from ' + args.rules if rules else 'the bundled SLA rules'}")
    return 0


def read_password(use_stdin: bool, prompt: str = "Password: ") -> str:
    if use_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
        if getpass.getpass("Repeat password: ") != password:
            raise BadInput("the passwords differ")
    else:
        raise BadInput("no terminal to ask for the password: pass it on stdin with --password-stdin")
    if not password:
        raise BadInput("the password is empty")
    return password


def _create_user(args: argparse.Namespace) -> int:
    from sdr_desk.core.entities import UserRole
    from sdr_desk.server.admin import create_user

    role = UserRole(args.role)
    if role != UserRole.ADMIN and not args.team:
        raise BadInput("reps and team leads need --team")
    password = read_password(args.password_stdin)
    user_id = _admin(args, lambda conn, ctx: create_user(conn, ctx, args.name, password, role, args.team,
                                                         weight=args.weight, capacity=args.capacity))
    print(f"user {args.name} created ({user_id})")
    return 0


def _set_away(args: argparse.Namespace) -> int:
    from sdr_desk.server.admin import update_user, user_by_name

    def work(conn, ctx):  # type: ignore[no-untyped-def]
        user = user_by_name(conn, args.name)
        update_user(conn, user["id"], ctx.now(), actor_kind="cli", actor_id=None, away=args.state == "on")

    _admin(args, work)
    print(f"{args.name} is {'away' if args.state == 'on' else 'back in rotation'}")
    return 0


def _disable_user(args: argparse.Namespace) -> int:
    from sdr_desk.server.admin import update_user, user_by_name

    def work(conn, ctx):  # type: ignore[no-untyped-def]
        user = user_by_name(conn, args.name)
        update_user(conn, user["id"], ctx.now(), actor_kind="cli", actor_id=None, active=False)

    _admin(args, work)
    print(f"{args.name} is disabled and logged out")
    return 0


def _api_key_create(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from sdr_desk.core.entities import LeadSource
    from sdr_desk.server import tables as t
    from sdr_desk.server.admin import AdminError, create_api_key

    def work(conn, ctx):  # type: ignore[no-untyped-def]
        team = args.team
        if team is None:
            names = conn.execute(select(t.teams.c.name)).scalars().all()
            if len(names) != 1:
                raise AdminError("say which team receives these leads (--team)")
            team = names[0]
        return create_api_key(conn, LeadSource(args.source), team, ctx.now())

    _key_id, secret = _admin(args, work)
    print(secret)
    print("keep this key now: it is not shown again", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    import logging
    import signal

    import uvicorn

    from sdr_desk.server.app import DB_URL_ENV as ENV
    from sdr_desk.server.migrate import upgrade

    url = db_url(args)
    if not args.no_migrate:
        upgrade(url)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ[ENV] = url
    os.environ["SDR_DESK_SWEEP_INTERVAL"] = str(args.sweep_interval)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it to the handler found before;
    # a no-op one here makes a clean stop exit 0 rather than die by the signal.
    signal.signal(signal.SIGTERM, lambda *_: None)
    uvicorn.run("sdr_desk.server.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, access_log=False)
    return 0
