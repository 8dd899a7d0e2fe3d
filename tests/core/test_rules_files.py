"""The shipped queue rules load; broken files are refused naming file, line and key; overrides merge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sdr_desk import paths
from sdr_desk.core.callwindows import CallWindows, load_call_window_rules, load_holiday_rules
from sdr_desk.core.entities import EngagementKind, Grade, LeadSource
from sdr_desk.core.priority import load_priority_rules
from sdr_desk.core.rules import RulesError
from sdr_desk.core.scoring import Scorer, load_scoring_rules
from sdr_desk.core.sla import SlaBook, load_sla_rules


def test_shipped_files_load() -> None:
    scoring = load_scoring_rules()
    assert set(scoring.behaviour.points) >= {EngagementKind.PRICING_VIEW, EngagementKind.DEMO_REQUEST}
    assert scoring.learner.buying_signals
    sla = load_sla_rules()
    assert SlaBook(sla, load_holiday_rules()).policy_for(LeadSource.WEB_FORM, Grade.B).first_touch_minutes == 15
    windows = load_call_window_rules()
    assert windows.countries["CN"].time_zone == "Asia/Shanghai"
    holidays = load_holiday_rules()
    assert holidays.countries["CN"].holidays and holidays.countries["CN"].workdays
    prio = load_priority_rules()
    assert prio.sla.overdue > prio.sla.approaching > prio.sla.pending
    # every country with rules gets a calendar
    cw = CallWindows(windows, holidays)
    assert all(cw.calendar(None, c) is not None for c in windows.countries)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def shipped(name: str) -> str:
    return (paths.RULES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("loader", "file", "old", "new", "key", "message"),
    [
        (load_scoring_rules, "scoring.toml", "half_life_days = 14", "half_life_days = -3", "email.half_life_days", "greater than 0"),
        (load_scoring_rules, "scoring.toml", "free_mail = -10", "free_mail = 10", "spam.free_mail", "less than or equal to 0"),
        (load_scoring_rules, "scoring.toml", "max_points = 20\nhalf_life_days = 14", "max_points = 20\nhalf_life = 14\nhalf_life_days = 14",
         "email.half_life", "Extra inputs"),
        (load_scoring_rules, "scoring.toml", "c_level = 20", "c_level = \"lots\"", "demographic.seniority.c_level", "number"),
        (load_scoring_rules, "scoring.toml", "c_level = 20", "c_level = 250", "demographic.seniority.c_level", "less than or equal to 100"),
        (load_scoring_rules, "scoring.toml", "min_content_events = 8", "min_content_events = 8.5", "learner.min_content_events", "integer"),
        (load_sla_rules, "sla.toml", "first_touch_minutes = 15", "first_touch_minutes = 0", "policies[0].first_touch_minutes", "greater than or equal to 1"),
        (load_sla_rules, "sla.toml", 'time_zone = "Asia/Shanghai"', 'time_zone = "Mars/Olympus"', "working_hours.time_zone", "unknown time zone"),
        (load_call_window_rules, "call_windows.toml", 'weekend = ["fri", "sat"]', 'weekend = ["friday"]', "countries.SA.weekend", "not one of"),
        (load_call_window_rules, "call_windows.toml", 'hours = ["10:00-12:00", "13:00-17:30"]', 'hours = ["10:00-12:00", "11:00-17:30"]',
         "countries.JP.hours", "overlap"),
        (load_holiday_rules, "holidays.toml", "2026-01-19,", '"2026-02-30",', "countries.US.holidays[1]", "date"),
        (load_priority_rules, "priority.toml", "outside_window = -250", "outside_window = 250", "penalties.outside_window", "less than or equal to 0"),
        (load_priority_rules, "priority.toml", "learner = -40", "learnr = -40", "score.learnr", "Extra inputs"),
    ],
)
def test_broken_files_name_file_line_and_key(tmp_path: Path, loader, file, old, new, key, message) -> None:
    text = shipped(file)
    assert old in text
    broken = text.replace(old, new, 1)
    path = write(tmp_path, file, broken)
    with pytest.raises(RulesError) as info:
        loader(path)
    err = info.value
    assert err.file == str(path)
    assert err.key == key
    assert message in err.message
    bad_line = broken.splitlines()[err.line - 1]
    assert key.split(".")[-1].split("[")[0] in bad_line or bad_line.lstrip().startswith("[")
    assert str(err).startswith(f"{path}:{err.line}: {key}: ")


def test_sla_overdue_must_dominate(tmp_path: Path) -> None:
    path = write(tmp_path, "priority.toml", shipped("priority.toml").replace("overdue = 10000", "overdue = 900"))
    with pytest.raises(RulesError, match="sla.overdue must exceed"):
        load_priority_rules(path)


def test_event_kind_scored_by_two_models_is_refused(tmp_path: Path) -> None:
    text = shipped("scoring.toml").replace("email_open = 1,", "email_open = 1, page_view = 1,")
    with pytest.raises(RulesError, match="page_view is scored by both"):
        load_scoring_rules(write(tmp_path, "scoring.toml", text))


def test_not_toml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as info:
        load_sla_rules(write(tmp_path, "sla.toml", "[working_hours]\ntime_zone = \n"))
    assert info.value.line == 2


def test_team_override_merges_over_defaults(tmp_path: Path) -> None:
    override = write(tmp_path, "team.toml", "[email]\nhalf_life_days = 7\n\n[spam]\nb2b = false\n")
    merged = load_scoring_rules(override=override)
    default = load_scoring_rules()
    assert merged.email.half_life_days == 7 and merged.spam.b2b is False
    assert merged.email.points == default.email.points  # untouched keys kept
    assert Scorer(merged).fingerprint != Scorer(default).fingerprint


def test_broken_override_names_the_override_file(tmp_path: Path) -> None:
    override = write(tmp_path, "team.toml", "# team\n[penalties]\nbackoff_minutes = 0\n")
    with pytest.raises(RulesError) as info:
        load_priority_rules(override=override)
    assert (info.value.file, info.value.line, info.value.key) == (str(override), 3, "penalties.backoff_minutes")


def test_queue_policy_takes_team_overrides(tmp_path: Path) -> None:
    from sdr_desk.core.priority import PriorityPolicy

    prio = write(tmp_path, "priority.toml", "[penalties]\noutside_window = -300\n")
    hours = write(tmp_path, "call_windows.toml", '[countries.CN]\nhours = ["08:00-20:00"]\n')
    policy = PriorityPolicy.load("rep-1", priority_override=prio, call_windows_override=hours)
    assert policy.rules.penalties.outside_window == -300
    assert policy.rules.penalties.retry_backoff == load_priority_rules().penalties.retry_backoff
    assert policy.windows.calendar(None, "CN").spans == ((8 * 60, 20 * 60),)
    assert policy.windows.calendar(None, "CN").zone_name == "Asia/Shanghai"  # merged, not replaced


def test_shipped_profile_threshold_keeps_sparse_inbound_leads() -> None:
    from sdr_desk.core.entities import Account, Lead, Seniority

    scorer = Scorer(load_scoring_rules())
    now = datetime(2026, 11, 25, tzinfo=UTC)
    sparse = scorer.score(Lead("l", "Zhou Min", emails=["zhou@example.cn"]), None, [], now)
    assert not sparse.misses_profile
    off_target = scorer.score(Lead("l", "Zhou Min", seniority=Seniority.STUDENT),
                              Account("a", "A", industry="mining", employees=10, country="BR"), [], now)
    assert off_target.misses_profile
