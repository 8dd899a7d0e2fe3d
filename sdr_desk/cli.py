"""The `sdr-desk` command: the GUI by default, and every job scriptable.

Exit codes: 0 ok, 1 failure, 2 bad usage or bad input, with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from sdr_desk import __version__
from sdr_desk.commands import CommandError


def _command_modules() -> list[tuple[str, ModuleType]]:
    # Explicit list rather than a registry: the CLI's surface is visible in one place.
    from sdr_desk.commands import demo, gui, queue, report, server, sync, transfer, work

    return [
        ("gui", gui),
        ("demo", demo),
        ("queue", queue),
        ("log", work),
        ("undo", work),
        ("stage", work),
        ("qualify", work),
        ("import", transfer),
        ("export", transfer),
        ("login", sync),
        ("logout", sync),
        ("sync", sync),
        ("server", server),
        ("report", report),
    ]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sdr-desk", description="SDR Desk: the Sales Development Rep workstation.")
    parser.add_argument("--version", action="version", version=f"sdr-desk {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile",
        metavar="DIR",
        help="profile folder (default: $SDR_DESK_PROFILE or the platform's user data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    seen: set[int] = set()
    for _name, module in _command_modules():
        if id(module) in seen:
            continue
        seen.add(id(module))
        module.add_parser(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    commands = {name for name, _module in _command_modules()}
    if not any(w in commands or w in ("-h", "--help", "--version") for w in words[:1]):
        words = ["gui", *words]  # `sdr-desk` alone, or with only options, opens the workstation
    args = parser.parse_args(words)
    try:
        return int(args.run(args) or 0)
    except CommandError as exc:
        print(f"sdr-desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sdr-desk: interrupted", file=sys.stderr)
        return 1
