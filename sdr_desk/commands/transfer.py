"""`sdr-desk import FILE.csv` and `sdr-desk export FILE.csv`."""

from __future__ import annotations

import argparse
import sys

from sdr_desk.commands import BadInput, CommandError, open_book

MAX_ERRORS_SHOWN = 20


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    imp = subparsers.add_parser(
        "import",
        parents=[common],
        help="import leads from a CSV file",
        description="Import leads from CSV (UTF-8, header row). Columns: full_name (required), title, "
        "seniority, company, company_domain, industry, employees, country, time_zone, emails, phones, "
        "direction, source, tags, do_not_call; several emails/phones/tags separated by ';'. "
        "The file is checked whole first: with any bad row nothing is imported unless --skip-invalid.",
    )
    imp.add_argument("file", help="CSV file, or - for standard input")
    imp.add_argument("--skip-invalid", action="store_true", help="import the good rows, report the bad ones")
    imp.set_defaults(run=run_import)
    exp = subparsers.add_parser("export", parents=[common], help="export all leads to a CSV file")
    exp.add_argument("file", help="CSV file to write, or - for standard output")
    exp.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from sdr_desk.store.transfer import check_rows, import_leads, read_rows

    try:
        if args.file == "-":
            inputs, errors = check_rows(read_rows(sys.stdin))
        else:
            with open(args.file, encoding="utf-8-sig", newline="") as stream:
                inputs, errors = check_rows(read_rows(stream))
    except OSError as exc:
        raise BadInput(f"cannot read {args.file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BadInput(f"{args.file} is not UTF-8 text") from None
    for error in errors[:MAX_ERRORS_SHOWN]:
        print(f"{args.file}: {error}", file=sys.stderr)
    if len(errors) > MAX_ERRORS_SHOWN:
        print(f"{args.file}: ... and {len(errors) - MAX_ERRORS_SHOWN} more problems", file=sys.stderr)
    if errors and not args.skip_invalid:
        raise BadInput(f"{len(errors)} problem(s) in {args.file}; nothing imported (fix them or use --skip-invalid)")
    book = open_book(args)
    try:
        count = import_leads(book, inputs)
    finally:
        book.cache.close()
    print(f"imported {count} lead(s)" + (f", skipped rows with {len(errors)} problem(s)" if errors else ""))
    return 2 if errors else 0


def run_export(args: argparse.Namespace) -> int:
    from sdr_desk.store.transfer import export_leads

    book = open_book(args)
    try:
        if args.file == "-":
            count = export_leads(book, sys.stdout)
        else:
            try:
                with open(args.file, "w", encoding="utf-8", newline="") as stream:
                    count = export_leads(book, stream)
            except OSError as exc:
                raise CommandError(f"cannot write {args.file}: {exc.strerror}") from None
    finally:
        book.cache.close()
    if args.file != "-":
        print(f"exported {count} lead(s) to {args.file}")
    return 0
