"""Which step of Connect (reach -> connect -> conversation) a touch counts as.

The mapping from channel and outcome lives in resources/rules/steps.toml so sales ops can
tune it; the call session's one-key outcome list lives there too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from sdr_desk.core.entities import Channel, Outcome, Step
from sdr_desk.core.qualification import Text, rule_error
from sdr_desk.core.rules import RulesModel, load_rules
from sdr_desk.paths import RULES

STEPS_FILE = RULES / "steps.toml"


class StepRule(StrEnum):
    """A step as the rules file spells it; NONE: logged, but not a touch on the prospect."""

    REACH = Step.REACH.value
    CONNECT = Step.CONNECT.value
    CONVERSATION = Step.CONVERSATION.value
    NONE = "none"


class CallKeyRule(RulesModel):
    outcome: Outcome
    key: str = Field(min_length=1, max_length=1)
    label: Text


class StepRules(RulesModel):
    channels: dict[Channel, dict[Outcome, StepRule]]
    unanswered: tuple[Outcome, ...]
    call_keys: tuple[CallKeyRule, ...]

    @model_validator(mode="after")
    def _consistent(self) -> StepRules:
        phone = self.channels.get(Channel.PHONE, {})
        for i, outcome in enumerate(self.unanswered):
            if outcome not in phone:
                raise rule_error(("unanswered", i), f"{outcome.value!r} has no rule in [channels.phone]", outcome)
        seen_keys: set[str] = set()
        seen_outcomes: set[Outcome] = set()
        for i, rule in enumerate(self.call_keys):
            if rule.outcome not in phone:
                raise rule_error(("call_keys", i, "outcome"), f"{rule.outcome.value!r} has no rule in [channels.phone]", rule.outcome)
            key = rule.key.upper()
            if key in seen_keys:
                raise rule_error(("call_keys", i, "key"), f"key {rule.key!r} is used by more than one call outcome", rule.key)
            if rule.outcome in seen_outcomes:
                raise rule_error(("call_keys", i, "outcome"), f"outcome {rule.outcome.value!r} has more than one call key", rule.outcome)
            seen_keys.add(key)
            seen_outcomes.add(rule.outcome)
        return self


class UnknownTouch(ValueError):
    """A channel/outcome pair the rules do not know: it cannot be logged."""

    def __init__(self, channel: Channel, outcome: Outcome) -> None:
        self.channel = channel
        self.outcome = outcome
        super().__init__(f"a {channel.value} touch cannot have the outcome {outcome.value!r}")


@dataclass(frozen=True, slots=True)
class CallKey:
    """One keystroke in the call session: press `key` to log `outcome` (counts as `step`)."""

    outcome: Outcome
    key: str
    label: Text
    step: Step | None


def load_step_rules(path: Path = STEPS_FILE, override: Path | None = None) -> StepRules:
    return load_rules(StepRules, path, override)


@cache
def default_step_rules() -> StepRules:
    return load_step_rules()


def _rules(rules: StepRules | None) -> StepRules:
    return rules if rules is not None else default_step_rules()


def step_for(channel: Channel, outcome: Outcome, rules: StepRules | None = None) -> Step | None:
    """The step a touch counts as; None for entries that touch nobody. Raises UnknownTouch."""
    value = _rules(rules).channels.get(channel, {}).get(outcome)
    if value is None:
        raise UnknownTouch(channel, outcome)
    return None if value is StepRule.NONE else Step(value.value)


def outcomes_for(channel: Channel, rules: StepRules | None = None) -> tuple[Outcome, ...]:
    """Outcomes a rep may log on this channel, in file order."""
    return tuple(_rules(rules).channels.get(channel, {}))


def is_unanswered_attempt(channel: Channel, outcome: Outcome, rules: StepRules | None = None) -> bool:
    """A dial that reached nobody: the queue backs off before the next try."""
    return channel is Channel.PHONE and outcome in _rules(rules).unanswered


def call_keys(rules: StepRules | None = None) -> tuple[CallKey, ...]:
    r = _rules(rules)
    return tuple(
        CallKey(rule.outcome, rule.key, rule.label, step_for(Channel.PHONE, rule.outcome, r))
        for rule in r.call_keys
    )


def call_outcome_for_key(key: str, rules: StepRules | None = None) -> Outcome | None:
    """The outcome a keystroke logs in the call session, or None if the key means nothing."""
    wanted = key.upper()
    return next((k.outcome for k in call_keys(rules) if k.key.upper() == wanted), None)
