"""Nurture tracks as timed touches: schedules, which track a reason leads to, due touches, ends."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from sdr_desk.core.cadences import (
    EndReason,
    TouchMode,
    complete_touch,
    default_nurture_rules,
    due_touches,
    end,
    end_reason_for,
    enrol,
    enrol_for_reason,
    next_personal_touch,
    next_touch,
    on_activity,
    rep_due_at,
    on_verdict,
    schedule,
    successor,
    track_for_reason,
)
from sdr_desk.core.entities import Channel, DisqualifyReason, Outcome, Verdict

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_the_five_tracks_ship() -> None:
    assert set(default_nurture_rules().tracks) == {"welcome", "drip", "re_engagement", "education", "active_funnel"}


def test_welcome_is_30_touches_over_13_weeks_by_email_and_calls() -> None:
    touches = schedule("welcome", T0)
    assert len(touches) == 30
    assert touches[0].due_at == T0
    assert touches[-1].due_at < T0 + timedelta(weeks=13)
    assert touches[-1].due_at >= T0 + timedelta(weeks=12)  # spread over the whole 13 weeks
    kinds = Counter((t.touch.channel, t.touch.mode) for t in touches)
    assert kinds[(Channel.EMAIL, TouchMode.AUTOMATED)] > 0
    assert kinds[(Channel.EMAIL, TouchMode.PERSONAL)] > 0
    assert kinds[(Channel.PHONE, TouchMode.PERSONAL)] > 0
    assert sum(kinds.values()) == 30
    # Every week of the 13 has at least one touch: a steady rhythm, no silent weeks.
    weeks = {(t.due_at - T0).days // 7 for t in touches}
    assert weeks == set(range(13))


def test_re_engagement_is_90_days_of_5_to_7_posts_and_2_to_4_calls() -> None:
    track = default_nurture_rules().track("re_engagement")
    assert track.duration_days == 90
    touches = schedule("re_engagement", T0)
    written = [t for t in touches if t.touch.channel in (Channel.EMAIL, Channel.WECHAT)]
    calls = [t for t in touches if t.touch.channel is Channel.PHONE]
    assert 5 <= len(written) <= 7
    assert 2 <= len(calls) <= 4
    assert all(t.due_at < T0 + timedelta(days=90) for t in touches)
    assert track.then is not None and track.then != "re_engagement"  # then another track


@pytest.mark.parametrize(
    ("reason", "track"),
    [
        (DisqualifyReason.NOT_NOW, "drip"),
        (DisqualifyReason.NO_BUDGET, "drip"),
        (DisqualifyReason.NO_NEED, "education"),
        (DisqualifyReason.INCUMBENT_VENDOR, "education"),
        (DisqualifyReason.NOT_DECISION_MAKER, "education"),
        (DisqualifyReason.NO_OPERATOR, "education"),
        (DisqualifyReason.RED_FLAG, "drip"),
        (DisqualifyReason.BAD_DATA, None),  # non-potential: basic content only
    ],
)
def test_a_reason_leads_to_its_track(reason: DisqualifyReason, track: str | None) -> None:
    assert track_for_reason(reason) == track


def test_new_and_dormant_leads_have_their_tracks() -> None:
    rules = default_nurture_rules()
    assert (rules.new_lead_track, rules.dormant_track) == ("welcome", "re_engagement")


def test_enrol_sets_the_first_due_touch() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="re_engagement", now=T0)
    assert (e.track, e.step_index, e.started_at, e.next_due_at) == ("re_engagement", 0, T0, T0)
    assert e.ended_at is None


def test_due_touches_at_now() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="welcome", now=T0)
    assert [t.index for t in due_touches(e, T0)] == [0, 1]  # welcome email and first call, same day
    assert [t.index for t in due_touches(e, T0 + timedelta(days=3))] == [0, 1, 2, 3]
    assert due_touches(e, T0 - timedelta(seconds=1)) == ()
    e = complete_touch(e, T0)
    e = complete_touch(e, T0 + timedelta(hours=1))
    assert e.step_index == 2
    assert e.next_due_at == T0 + timedelta(days=1)
    due = due_touches(e, T0 + timedelta(days=3))
    assert [(t.index, t.touch.channel) for t in due] == [(2, Channel.EMAIL), (3, Channel.PHONE)]
    assert due[0].of == 30


def test_running_out_of_touches_completes_and_names_the_next_track() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="active_funnel", now=T0)
    n = len(schedule("active_funnel", T0))
    for i in range(n):
        assert next_touch(e) is not None
        e = complete_touch(e, T0 + timedelta(days=i))
    assert (e.end_reason, e.ended_at, e.next_due_at) == (EndReason.COMPLETED, T0 + timedelta(days=n - 1), None)
    assert next_touch(e) is None
    assert due_touches(e, T0 + timedelta(days=400)) == ()
    assert successor(e) == "drip"
    with pytest.raises(ValueError, match="no touch left"):
        complete_touch(e, T0 + timedelta(days=30))


@pytest.mark.parametrize(
    ("channel", "outcome", "reason"),
    [
        (Channel.EMAIL, Outcome.REPLIED, EndReason.REPLY),
        (Channel.WECHAT, Outcome.REPLIED, EndReason.REPLY),
        (Channel.PHONE, Outcome.CONVERSATION, EndReason.REPLY),
        (Channel.PHONE, Outcome.MEETING_BOOKED, EndReason.MEETING_BOOKED),
        (Channel.EMAIL, Outcome.OPENED, None),
        (Channel.PHONE, Outcome.NO_ANSWER, None),
    ],
)
def test_a_reply_or_a_booked_meeting_ends_the_enrolment(channel: Channel, outcome: Outcome, reason: EndReason | None) -> None:
    assert end_reason_for(channel, outcome) is reason
    e = enrol(id="n1", lead_id="l1", track_id="drip", now=T0)
    at = T0 + timedelta(days=20)
    after = on_activity(e, channel, outcome, at)
    if reason is None:
        assert (after.ended_at, after.end_reason) == (None, None)  # still enrolled
    else:
        assert (after.ended_at, after.end_reason, after.next_due_at) == (at, reason, None)
        assert due_touches(after, at) == ()
        assert successor(after) is None  # a lead that answered is not moved on automatically


def test_qualification_ends_the_enrolment_only_when_qualified() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="education", now=T0)
    at = T0 + timedelta(days=3)
    assert on_verdict(e, Verdict.INCOMPLETE, at) == e
    assert on_verdict(e, Verdict.NOT_QUALIFIED, at) == e
    ended = on_verdict(e, Verdict.QUALIFIED, at)
    assert (ended.end_reason, ended.ended_at) == (EndReason.QUALIFIED, at)
    assert on_verdict(ended, Verdict.QUALIFIED, at + timedelta(days=1)) == ended


def test_an_ended_enrolment_cannot_end_twice() -> None:
    e = end(enrol(id="n1", lead_id="l1", track_id="drip", now=T0), EndReason.MOVED, T0)
    with pytest.raises(ValueError, match="already ended"):
        end(e, EndReason.REPLY, T0)


def test_times_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        enrol(id="n1", lead_id="l1", track_id="drip", now=datetime(2026, 1, 5, 9, 0))
    e = enrol(id="n1", lead_id="l1", track_id="drip", now=T0)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_touches(e, datetime(2026, 1, 6))


def test_unknown_track_is_named() -> None:
    with pytest.raises(KeyError, match="no nurture track 'weekly'"):
        schedule("weekly", T0)


def test_disqualifying_enrols_in_the_reasons_track() -> None:
    e = enrol_for_reason(id="n1", lead_id="l1", reason=DisqualifyReason.NO_NEED, now=T0)
    assert e is not None and (e.track, e.lead_id, e.next_due_at) == ("education", "l1", T0)
    assert enrol_for_reason(id="n2", lead_id="l1", reason=DisqualifyReason.BAD_DATA, now=T0) is None


def test_a_touch_on_the_waiting_channel_completes_the_due_step_and_schedules_the_next() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="re_engagement", now=T0)
    waiting = next_personal_touch(e)
    assert waiting is not None
    at = waiting.due_at + timedelta(hours=3)
    after = on_activity(e, waiting.touch.channel, Outcome.NO_ANSWER if waiting.touch.channel is Channel.PHONE else Outcome.SENT, at)
    following = next_touch(after)
    assert after.step_index == waiting.index + 1
    assert following is not None and after.next_due_at == following.due_at > waiting.due_at
    assert after.ended_at is None
    assert rep_due_at(after) == next_personal_touch(after).due_at > waiting.due_at  # type: ignore[union-attr]


def test_the_rep_is_due_only_for_personal_touches_and_passes_automated_sends() -> None:
    # education opens with four automated sends; the rep's first touch is day 28
    e = enrol(id="n1", lead_id="l1", track_id="education", now=T0)
    waiting = next_personal_touch(e)
    assert waiting is not None and waiting.index > 0 and rep_due_at(e) == T0 + timedelta(days=28)
    after = on_activity(e, waiting.touch.channel, Outcome.SENT, waiting.due_at)
    assert after.step_index == waiting.index + 1  # the automated sends before it are passed too
    # a track of automated sends only never puts the lead in the rep's queue
    assert rep_due_at(enrol(id="n2", lead_id="l1", track_id="drip", now=T0)) is None


def test_a_touch_elsewhere_or_long_before_the_due_step_leaves_the_enrolment() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="re_engagement", now=T0)
    e = on_activity(e, Channel.EMAIL, Outcome.SENT, T0)  # day 0 done: the next is a call on day 7
    waiting = next_personal_touch(e)
    assert waiting is not None
    other = Channel.PHONE if waiting.touch.channel is not Channel.PHONE else Channel.EMAIL
    other_outcome = Outcome.NO_ANSWER if other is Channel.PHONE else Outcome.SENT
    same_outcome = Outcome.NO_ANSWER if waiting.touch.channel is Channel.PHONE else Outcome.SENT
    assert on_activity(e, other, other_outcome, waiting.due_at) == e
    assert on_activity(e, waiting.touch.channel, same_outcome, waiting.due_at - timedelta(days=3)) == e
    # a note or a correction is not a touch
    assert on_activity(e, waiting.touch.channel, same_outcome, waiting.due_at, touch=False) == e
    # up to a day early still counts
    early = on_activity(e, waiting.touch.channel, same_outcome, waiting.due_at - timedelta(hours=20))
    assert early.step_index == waiting.index + 1


def test_completing_the_last_touch_ends_the_track_as_completed() -> None:
    e = enrol(id="n1", lead_id="l1", track_id="active_funnel", now=T0)
    while (waiting := next_personal_touch(e)) is not None:
        outcome = Outcome.NO_ANSWER if waiting.touch.channel is Channel.PHONE else Outcome.SENT
        e = on_activity(e, waiting.touch.channel, outcome, waiting.due_at)
    assert e.end_reason is EndReason.COMPLETED and e.next_due_at is None


def test_the_nurture_plan_marks_done_next_due_and_later_touches() -> None:
    from sdr_desk.core.cadences import TouchState, nurture_plan

    e = enrol(id="n1", lead_id="l1", track_id="education", now=T0)
    plan = nurture_plan(e, T0 + timedelta(days=10))
    states = [p.state for p in plan]
    assert states[:2] == [TouchState.DUE, TouchState.DUE]  # day 0 and day 7 sends, time has come
    assert states.count(TouchState.NEXT) == 1 and plan[states.index(TouchState.NEXT)].touch.due_at == T0 + timedelta(days=28)
    moved = on_activity(e, Channel.EMAIL, Outcome.SENT, T0 + timedelta(days=28))
    after = nurture_plan(moved, T0 + timedelta(days=28))
    assert all(p.state is TouchState.DONE for p in after[: moved.step_index])
    assert [p.state for p in nurture_plan(end(e, EndReason.REPLY, T0), T0)] == [TouchState.DONE] * len(plan)
