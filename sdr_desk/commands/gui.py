"""`sdr-desk gui` (and `sdr-desk` alone): open the workstation."""

from __future__ import annotations

import argparse
import os
import threading


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("gui", parents=[common], help="open the workstation (the default)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--self-test",
        action="store_true",
        help="open the window offscreen on a temporary demo profile, paint the queue and exit (0 = ok)",
    )
    mode.add_argument(
        "--exit-when-painted",
        action="store_true",
        help="open the profile, print start-up time and memory once the queue is painted, and exit",
    )
    parser.set_defaults(run=run)


def _import_store() -> None:
    import sdr_desk.desk  # noqa: F401


def run(args: argparse.Namespace) -> int:
    # The store's imports (SQLAlchemy, the rules models) are a third of the start-up: they run
    # on their own thread while this one loads Qt, so the worker finds them done.
    threading.Thread(target=_import_store, name="sdr-desk-imports").start()
    from sdr_desk.config import resolve_profile
    from sdr_desk.gui import selftest

    if (args.self_test or args.exit_when_painted) and selftest.needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.self_test:
        return selftest.self_test()
    profile = resolve_profile(args.profile)
    if args.exit_when_painted:
        return selftest.run_paint_check(profile, started_at=selftest.process_started_at(), report_figures=True)
    from sdr_desk.gui import app

    return app.run(profile)
