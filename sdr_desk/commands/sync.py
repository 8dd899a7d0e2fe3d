"""`sdr-desk login`, `logout` and `sync`: registered here until the sync client lands."""

from __future__ import annotations

import argparse

from sdr_desk.commands import CommandError


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    for name, text in (("login", "sign in to a server"), ("logout", "sign out"), ("sync", "one sync round")):
        parser = subparsers.add_parser(name, parents=[common], help=text)
        parser.set_defaults(run=run, command_name=name)


def run(args: argparse.Namespace) -> int:
    raise CommandError(f"{args.command_name} is not available yet")
