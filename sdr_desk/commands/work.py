"""The rep's actions from a shell, over the same desk the window uses:

    sdr-desk log LEAD --channel phone --outcome no_answer [--notes ...] [--next-call TIME]
    sdr-desk undo ACTIVITY_ID
    sdr-desk stage LEAD --to disqualified --reason no_budget
    sdr-desk qualify LEAD --answer money=yes:"Budget approved for Q1" ... [--red-flag ID]

A lead is named by its id, or by a name, e-mail, company or phone number that picks out one
lead; an ambiguous name lists the candidates and changes nothing (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from sdr_desk.commands import BadInput, CommandError, open_desk, positive_int

CHANNELS = ("phone", "email", "wechat", "sms", "meeting", "event", "note")
STAGES = ("working", "nurture", "disqualified", "mql")
REASONS = ("no_need", "no_budget", "not_decision_maker", "no_operator", "incumbent_vendor", "red_flag", "bad_data",
           "not_now")


def moment(text: str) -> datetime:
    """argparse type: an ISO-8601 time with its UTC offset."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 time such as 2026-11-25T09:30+08:00") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset; add one, e.g. +08:00 or Z")
    return value.astimezone(UTC)


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--json", action="store_true", help="machine-readable output")
    out.add_argument("--at", type=moment, metavar="ISO-TIME", help="when it happened (default: now)")

    log = subparsers.add_parser("log", parents=[common, out], help="log a touch on a lead (reach, connect, conversation)")
    log.add_argument("lead", metavar="LEAD", help="lead id, or a name, e-mail or phone that names one lead")
    log.add_argument("--channel", required=True, choices=CHANNELS)
    log.add_argument("--outcome", required=True, metavar="OUTCOME", help="e.g. no_answer, voicemail, conversation, sent, replied")
    log.add_argument("--notes", default="", help="what was said or sent")
    log.add_argument("--duration", type=positive_int, metavar="SECONDS", help="call length")
    log.add_argument("--next-call", type=moment, metavar="ISO-TIME", help="a promised call-back")
    log.set_defaults(run=run_log)

    undo = subparsers.add_parser("undo", parents=[common, out], help="withdraw a logged touch (kept in the history, struck through)")
    undo.add_argument("activity", metavar="ACTIVITY_ID")
    undo.set_defaults(run=run_undo)

    stage = subparsers.add_parser("stage", parents=[common, out], help="move a lead: nurture, disqualify, hand off as MQL")
    stage.add_argument("lead", metavar="LEAD")
    stage.add_argument("--to", required=True, choices=STAGES, dest="target")
    stage.add_argument("--reason", choices=REASONS, help="why not qualified (needed to disqualify)")
    stage.set_defaults(run=run_stage)

    qualify = subparsers.add_parser("qualify", parents=[common, out], help="save a qualification form (MANTCP by default)")
    qualify.add_argument("lead", metavar="LEAD")
    qualify.add_argument("--framework", default="mantcp", help="mantcp, bant, aunm, pact or faint")
    qualify.add_argument("--answer", action="append", default=[], metavar="CRITERION=STATUS[:EVIDENCE]",
                         help="e.g. money=yes:'Budget approved for Q1' (status: yes, partly, no, unknown)")
    qualify.add_argument("--red-flag", action="append", default=[], metavar="ID", help="a red flag that applies")
    qualify.set_defaults(run=run_qualify)


# --- naming a lead ------------------------------------------------------------------------------


def resolve_lead(desk: Any, text: str) -> Any:  # noqa: ANN401 - a core Lead
    found = desk.find_leads(text, limit=6)
    if not found:
        raise BadInput(f"no lead matches {text!r}")
    if len(found) > 1:
        names = "; ".join(f"{lead.full_name} ({lead.id})" for lead in found[:5])
        raise BadInput(f"{text!r} names more than one lead: {names}; name it by id")
    return found[0]


def _emit(args: argparse.Namespace, data: dict[str, Any], line: str) -> int:
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(line)
    return 0


# --- the verbs ------------------------------------------------------------------------------------


def run_log(args: argparse.Namespace) -> int:
    from sdr_desk.core.entities import Channel, Outcome
    from sdr_desk.core.steps import UnknownTouch
    from sdr_desk.store.lead_work import NextStep, NextStepInPast
    from sdr_desk.store.repositories import RecordNotFound

    try:
        outcome = Outcome(args.outcome)
    except ValueError:
        raise BadInput(f"unknown outcome {args.outcome!r}; one of: {', '.join(o.value for o in Outcome)}") from None
    at = args.at or datetime.now(UTC)
    desk = open_desk(args)
    try:
        lead = resolve_lead(desk, args.lead)
        next_step = NextStep(Channel.PHONE, args.next_call, "") if args.next_call else None
        try:
            done = desk.log_touch(lead.id, Channel(args.channel), outcome, at=at, notes=args.notes or None,
                                  duration_s=args.duration, next_step=next_step)
        except (UnknownTouch, NextStepInPast, RecordNotFound) as exc:
            raise BadInput(str(exc)) from None
    finally:
        desk.close()
    activity = done.value
    step = activity.step.value if activity.step else None
    return _emit(args, {"activity_id": activity.id, "lead_id": lead.id, "channel": activity.channel.value,
                        "outcome": activity.outcome.value, "step": step, "occurred_at": activity.occurred_at.isoformat()},
                 f"Logged {activity.outcome.value} ({step or 'no step'}) for {lead.full_name}: activity {activity.id}")


def run_undo(args: argparse.Namespace) -> int:
    from sdr_desk.store.repositories import RecordNotFound

    desk = open_desk(args)
    try:
        try:
            done = desk.undo_touch(args.activity, at=args.at or datetime.now(UTC))
        except RecordNotFound as exc:
            raise BadInput(str(exc)) from None
        except ValueError as exc:  # already corrected
            raise CommandError(str(exc)) from None
    finally:
        desk.close()
    correction = done.value
    return _emit(args, {"correction_id": correction.id, "withdrawn": args.activity, "lead_id": correction.lead_id},
                 f"Withdrawn: {args.activity} (correction {correction.id})")


def run_stage(args: argparse.Namespace) -> int:
    from sdr_desk.core.entities import DisqualifyReason, Stage
    from sdr_desk.core.stages import TransitionRefused

    target = Stage(args.target)
    reason = DisqualifyReason(args.reason) if args.reason else None
    if target is Stage.NURTURE and reason is None:
        reason = DisqualifyReason.NOT_NOW
    desk = open_desk(args)
    try:
        lead = resolve_lead(desk, args.lead)
        try:
            done = desk.move_stage(lead.id, target, at=args.at or datetime.now(UTC), reason=reason)
        except TransitionRefused as exc:
            raise BadInput(f"refused: {exc.reason}") from None
        enrolments = [e for e in desk.work.enrolments(lead.id) if e.ended_at is None]
    finally:
        desk.close()
    from sdr_desk.core.cadences import next_personal_touch

    change = done.value
    nurture = []
    for e in enrolments:
        yours = next_personal_touch(e)  # automated sends are marketing automation's, not the rep's
        nurture.append({"track": e.track, "next_touch_at": yours.due_at.isoformat() if yours else None,
                        "next_channel": yours.touch.channel.value if yours else None})
    line = f"{lead.full_name}: moved to {change.stage.value}"
    for n in nurture:
        line += f"; nurture track {n['track']}, " + (
            f"your next touch: {n['next_channel']} on {n['next_touch_at'][:10]}" if n["next_touch_at"]
            else "automated sends only")
    return _emit(args, {"lead_id": lead.id, "stage": change.stage.value,
                        "lead_class": change.lead_class.value if change.lead_class else None, "nurture": nurture}, line)


def _answers(items: list[str]) -> dict[str, Any]:
    from sdr_desk.core.entities import CriterionAnswer, CriterionStatus

    answers: dict[str, Any] = {}
    for item in items:
        criterion, sep, rest = item.partition("=")
        status, _, evidence = rest.partition(":")
        if not sep or not criterion.strip():
            raise BadInput(f"--answer {item!r}: write CRITERION=STATUS[:EVIDENCE], e.g. money=yes:'Budget approved'")
        try:
            answers[criterion.strip()] = CriterionAnswer(CriterionStatus(status.strip()), evidence.strip())
        except ValueError:
            raise BadInput(f"--answer {item!r}: status must be yes, partly, no or unknown") from None
    return answers


def run_qualify(args: argparse.Namespace) -> int:
    from sdr_desk.core.qualification import SubmissionError

    answers = _answers(args.answer)
    desk = open_desk(args)
    try:
        lead = resolve_lead(desk, args.lead)
        try:
            done = desk.save_qualification(lead.id, args.framework, answers, args.red_flag,
                                           at=args.at or datetime.now(UTC))
        except SubmissionError as exc:
            raise BadInput(f"not saved: {exc}") from None
        except KeyError as exc:
            raise BadInput(f"unknown framework {args.framework!r}: {exc}") from None
    finally:
        desk.close()
    saved = done.value
    return _emit(args, {"qualification_id": saved.id, "lead_id": lead.id, "version": saved.version,
                        "verdict": saved.verdict.value, "missing": list(saved.missing)},
                 f"{lead.full_name}: version {saved.version}, {saved.verdict.value}"
                 + (f" (still to find out: {', '.join(saved.missing)})" if saved.missing else ""))
