"""Touch steps (reach -> connect -> conversation) follow from channel and outcome by rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdr_desk.core.entities import Channel, Outcome, Step
from sdr_desk.core.steps import (
    STEPS_FILE,
    UnknownTouch,
    call_keys,
    call_outcome_for_key,
    is_unanswered_attempt,
    load_step_rules,
    outcomes_for,
    step_for,
)

# DOMAIN.md "Connect": a dial / send is a reach, answered / opened is a connect, two-way is a conversation.
CASES = [
    (Channel.PHONE, Outcome.NO_ANSWER, Step.REACH),
    (Channel.PHONE, Outcome.VOICEMAIL, Step.REACH),
    (Channel.PHONE, Outcome.BUSY, Step.REACH),
    (Channel.PHONE, Outcome.GATEKEEPER, Step.REACH),
    (Channel.PHONE, Outcome.WRONG_NUMBER, Step.REACH),
    (Channel.PHONE, Outcome.CONNECTED, Step.CONNECT),
    (Channel.PHONE, Outcome.CALL_BACK, Step.CONNECT),
    (Channel.PHONE, Outcome.NOT_INTERESTED, Step.CONNECT),
    (Channel.PHONE, Outcome.CONVERSATION, Step.CONVERSATION),
    (Channel.PHONE, Outcome.MEETING_BOOKED, Step.CONVERSATION),
    (Channel.EMAIL, Outcome.SENT, Step.REACH),
    (Channel.EMAIL, Outcome.OPENED, Step.CONNECT),
    (Channel.EMAIL, Outcome.CLICKED, Step.CONNECT),
    (Channel.EMAIL, Outcome.REPLIED, Step.CONVERSATION),
    (Channel.EMAIL, Outcome.DOWNLOADED, Step.CONVERSATION),
    (Channel.WECHAT, Outcome.SENT, Step.REACH),
    (Channel.WECHAT, Outcome.OPENED, Step.CONNECT),
    (Channel.WECHAT, Outcome.REPLIED, Step.CONVERSATION),
    (Channel.SMS, Outcome.SENT, Step.REACH),
    (Channel.SMS, Outcome.REPLIED, Step.CONVERSATION),
    (Channel.MEETING, Outcome.HELD, Step.CONVERSATION),
    (Channel.EMAIL, Outcome.BOUNCED, None),
    (Channel.NOTE, Outcome.NOTED, None),
]


@pytest.mark.parametrize(("channel", "outcome", "step"), CASES)
def test_step_follows_from_channel_and_outcome(channel: Channel, outcome: Outcome, step: Step | None) -> None:
    assert step_for(channel, outcome) == step


@pytest.mark.parametrize(
    ("channel", "outcome"),
    [(Channel.PHONE, Outcome.OPENED), (Channel.EMAIL, Outcome.VOICEMAIL), (Channel.NOTE, Outcome.REPLIED)],
)
def test_a_pair_the_rules_do_not_know_cannot_be_logged(channel: Channel, outcome: Outcome) -> None:
    with pytest.raises(UnknownTouch, match=f"{channel.value} touch cannot have the outcome"):
        step_for(channel, outcome)
    assert outcome not in outcomes_for(channel)


def test_unanswered_attempts_are_phone_dials_that_reached_nobody() -> None:
    unanswered = {o for o in Outcome if is_unanswered_attempt(Channel.PHONE, o)}
    assert unanswered == {Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.BUSY, Outcome.GATEKEEPER}
    # The back-off is about dialling: an unopened email is not an unanswered call.
    assert not is_unanswered_attempt(Channel.EMAIL, Outcome.SENT)


def test_call_session_offers_one_key_per_outcome_in_screen_order() -> None:
    keys = call_keys()
    assert [k.outcome for k in keys] == [
        Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.BUSY, Outcome.WRONG_NUMBER, Outcome.GATEKEEPER,
        Outcome.CONNECTED, Outcome.CONVERSATION, Outcome.MEETING_BOOKED, Outcome.NOT_INTERESTED,
        Outcome.CALL_BACK, Outcome.BAD_DATA,
    ]
    assert len({k.key.upper() for k in keys}) == len(keys)
    by_outcome = {k.outcome: k for k in keys}
    assert by_outcome[Outcome.MEETING_BOOKED].step is Step.CONVERSATION
    assert by_outcome[Outcome.CONNECTED].step is Step.CONNECT
    assert by_outcome[Outcome.NO_ANSWER].step is Step.REACH
    assert by_outcome[Outcome.CALL_BACK].label.en == "Call back later"
    assert by_outcome[Outcome.CALL_BACK].label.get("zh_CN") == "稍后回电"


def test_keystroke_maps_to_outcome_case_insensitively() -> None:
    for k in call_keys():
        assert call_outcome_for_key(k.key.lower()) is k.outcome
        assert call_outcome_for_key(k.key.upper()) is k.outcome
    assert call_outcome_for_key("Z") is None


def test_a_team_override_changes_a_step_and_the_call_key_follows(tmp_path: Path) -> None:
    override = tmp_path / "steps.toml"
    override.write_text('[channels.phone]\ngatekeeper = "connect"\n', encoding="utf-8")
    rules = load_step_rules(STEPS_FILE, override)
    assert step_for(Channel.PHONE, Outcome.GATEKEEPER, rules) is Step.CONNECT
    assert step_for(Channel.PHONE, Outcome.GATEKEEPER) is Step.REACH  # shipped rules untouched
    gatekeeper = next(k for k in call_keys(rules) if k.outcome is Outcome.GATEKEEPER)
    assert gatekeeper.step is Step.CONNECT
