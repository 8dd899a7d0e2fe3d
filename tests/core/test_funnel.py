"""The funnel's ratio arithmetic, benchmarks, speed-to-lead and SLA tallies, table-driven."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdr_desk.core.funnel import (
    Benchmarks,
    FunnelCounts,
    Period,
    PhoneLine,
    Ratio,
    SlaTally,
    Standing,
    default_benchmarks,
    figures,
    format_ratio,
    load_benchmarks,
    percentile,
    ratio,
    ratio_value,
    sla_outcome,
    speed_to_lead,
    tally,
    team_median,
    total,
)
from sdr_desk.core.rules import RulesError

B = default_benchmarks()
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("counts", "which", "expected"),
    [
        (FunnelCounts(dials=127, call_reaches=10), Ratio.DIALS_PER_REACH, 12.7),
        (FunnelCounts(dials=45, call_conversations=2), Ratio.DIALS_PER_CONVERSATION, 22.5),
        (FunnelCounts(call_conversations=9, meetings=3), Ratio.CONVERSATIONS_PER_MEETING, 3.0),
        # Nothing to divide by: "—", never a division by zero.
        (FunnelCounts(), Ratio.DIALS_PER_REACH, None),
        (FunnelCounts(dials=0, call_reaches=0), Ratio.DIALS_PER_CONVERSATION, None),
        (FunnelCounts(dials=30, call_reaches=0), Ratio.DIALS_PER_REACH, None),
        (FunnelCounts(call_conversations=4, meetings=0), Ratio.CONVERSATIONS_PER_MEETING, None),
        (FunnelCounts(call_conversations=0, meetings=2), Ratio.CONVERSATIONS_PER_MEETING, None),
    ],
)
def test_ratio_values(counts: FunnelCounts, which: Ratio, expected: float | None) -> None:
    value = ratio_value(counts, which)
    if expected is None:
        assert value is None
        assert format_ratio(value) == "—"
    else:
        assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("counts", "line", "which", "benchmark", "standing"),
    [
        (FunnelCounts(dials=127, call_reaches=10), PhoneLine.MOBILE, Ratio.DIALS_PER_REACH, 12.73, Standing.ON_PAR),
        (FunnelCounts(dials=200, call_reaches=10), PhoneLine.MOBILE, Ratio.DIALS_PER_REACH, 12.73, Standing.BEHIND),
        (FunnelCounts(dials=200, call_reaches=10), PhoneLine.SWITCHBOARD, Ratio.DIALS_PER_REACH, 18.83, Standing.ON_PAR),
        (FunnelCounts(dials=100, call_reaches=10), PhoneLine.SWITCHBOARD, Ratio.DIALS_PER_REACH, 18.83, Standing.AHEAD),
        (FunnelCounts(dials=30, call_conversations=2), None, Ratio.DIALS_PER_CONVERSATION, 22.5, Standing.AHEAD),
        (FunnelCounts(call_conversations=12, meetings=2), None, Ratio.CONVERSATIONS_PER_MEETING, 3.0, Standing.BEHIND),
        (FunnelCounts(), None, Ratio.CONVERSATIONS_PER_MEETING, 3.0, Standing.NO_DATA),
    ],
)
def test_figures_stand_beside_the_benchmark(counts, line, which, benchmark, standing) -> None:  # noqa: ANN001
    figure = next(f for f in figures(counts, B, line) if f.ratio is which)
    assert figure.benchmark == pytest.approx(benchmark)
    assert figure.standing is standing
    if figure.value is None:
        assert figure.deviation is None
    else:
        assert figure.deviation == pytest.approx((figure.value - benchmark) / benchmark)


def test_ratio_refuses_nothing_to_count() -> None:
    assert ratio(0, 0) is None
    assert ratio(5, 0) is None
    assert ratio(0, 5) is None
    assert ratio(6, 3) == 2


def test_counts_add_up_and_refuse_negatives() -> None:
    a = FunnelCounts(dials=10, reaches=12, connects=3, conversations=1, meetings=1, mqls=1, sqls=0, call_reaches=1)
    b = FunnelCounts(dials=5, reaches=5, sqls=2)
    assert total([a, b]) == FunnelCounts(dials=15, reaches=17, connects=3, conversations=1, meetings=1, mqls=1, sqls=2, call_reaches=1)
    assert total([]).empty
    with pytest.raises(ValueError, match="dials"):
        FunnelCounts(dials=-1)


@pytest.mark.parametrize(
    ("by_rep", "expected"),
    [
        ({"a": FunnelCounts(dials=100, call_reaches=10), "b": FunnelCounts(dials=150, call_reaches=10),
          "c": FunnelCounts(dials=200, call_reaches=10)}, 15.0),
        ({"a": FunnelCounts(dials=100, call_reaches=10), "b": FunnelCounts(dials=200, call_reaches=10)}, 15.0),
        # A rep with no dials has no figure and does not pull the median down.
        ({"a": FunnelCounts(dials=100, call_reaches=10), "idle": FunnelCounts()}, 10.0),
        ({"idle": FunnelCounts()}, None),
    ],
)
def test_team_median(by_rep: dict[str, FunnelCounts], expected: float | None) -> None:
    assert team_median(by_rep)[Ratio.DIALS_PER_REACH] == expected


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.9, None), ([5], 0.9, 5), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9), ([3, 1, 2], 0.5, 2), ([1, 2], 1.0, 2)],
)
def test_percentile_is_nearest_rank(values: list[float], share: float, expected: float | None) -> None:
    assert percentile(values, share) == expected


def test_speed_to_lead_median_p90_and_buckets() -> None:
    minutes = [1, 4, 10, 30, 45, 120, 600, 2000, 3000, 10]
    stats = speed_to_lead([m * 60 for m in minutes], B)
    assert stats.count == 10
    assert stats.median_s == pytest.approx(37.5 * 60)
    assert stats.p90_s == 2000 * 60
    assert dict(stats.distribution) == {5: 2, 15: 2, 60: 2, 300: 1, 1440: 1, None: 2}
    empty = speed_to_lead([], B)
    assert (empty.count, empty.median_s, empty.p90_s) == (0, None, None)
    assert sum(n for _b, n in empty.distribution) == 0


@pytest.mark.parametrize(
    ("due", "touched", "expected"),
    [
        (NOW, NOW - timedelta(minutes=1), "met"),
        (NOW, NOW, "met"),
        (NOW, NOW + timedelta(minutes=1), "late"),
        (NOW - timedelta(minutes=1), None, "overdue"),
        (NOW + timedelta(minutes=1), None, "pending"),
    ],
)
def test_sla_outcome(due: datetime, touched: datetime | None, expected: str) -> None:
    assert sla_outcome(due, touched, NOW) == expected


def test_sla_tally_breaches_and_compliance() -> None:
    t = tally(["met", "met", "met", "late", "overdue", "pending"])
    assert t == SlaTally(met=3, late=1, overdue=1, pending=1)
    assert t.breaches == 2
    assert t.compliance == pytest.approx(0.6)
    assert SlaTally(pending=4).compliance is None
    assert (t + SlaTally(reassigned=2)).reassigned == 2


def test_period_checks() -> None:
    p = Period.last_days(90, NOW)
    assert p.contains(NOW - timedelta(days=89)) and not p.contains(NOW)
    with pytest.raises(ValueError):
        Period(NOW, NOW)
    with pytest.raises(ValueError):
        Period(datetime(2026, 1, 1), datetime(2026, 2, 1))  # noqa: DTZ001 - naive on purpose


def test_shipped_benchmarks_are_the_domain_figures() -> None:
    assert (B.dials_per_reach.mobile, B.dials_per_reach.switchboard) == (12.73, 18.83)
    assert B.dials_per_conversation.value == 22.5
    assert B.conversations_per_meeting.value == 3


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("phone_line = 'landline'\n", "phone_line"),
        ("[dials_per_reach]\nmobile = -1\n", "dials_per_reach.mobile"),
        ("[speed_to_lead]\nbuckets_minutes = [15, 5]\n", "speed_to_lead.buckets_minutes"),
        ("tolerance = 2\n", "tolerance"),
        ("[conversations_per_meeting]\nvalue = 3\nextra = 1\n", "conversations_per_meeting.extra"),
    ],
)
def test_a_bad_override_names_file_and_field(tmp_path: Path, text: str, key: str) -> None:
    override = tmp_path / "team_benchmarks.toml"
    override.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_benchmarks(override=override)
    assert err.value.key == key
    assert err.value.file == str(override)
    assert err.value.line is not None


def test_an_override_changes_one_figure(tmp_path: Path) -> None:
    override = tmp_path / "team.toml"
    override.write_text("phone_line = 'switchboard'\n[dials_per_conversation]\nvalue = 20\n", encoding="utf-8")
    b = load_benchmarks(override=override)
    assert isinstance(b, Benchmarks)
    assert b.phone_line is PhoneLine.SWITCHBOARD and b.dials_per_conversation.value == 20
    assert b.dials_per_reach.mobile == 12.73
