"""Rules files: mistakes are reported as file:line: key, never as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field

from sdr_desk.core.rules import RulesError, RulesModel, load_rules


class Weight(RulesModel):
    name: str
    points: int = Field(ge=-100, le=100)


class Sample(RulesModel):
    half_life_days: float = Field(gt=0)
    weights: tuple[Weight, ...]
    labels: dict[str, str] = {}


GOOD = """\
half_life_days = 30

[[weights]]
name = "title"
points = 10

[[weights]]
name = "industry"
points = 5
"""


def _write(tmp_path: Path, text: str, name: str = "sample.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    rules = load_rules(Sample, _write(tmp_path, GOOD))
    assert [w.points for w in rules.weights] == [10, 5]


def test_out_of_range_value_names_file_line_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("points = 5", "points = 500"))
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, path)
    err = caught.value
    assert (err.file, err.line, err.key) == (str(path), 9, "weights[1].points")
    assert str(err).startswith(f"{path}:9: weights[1].points:")


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('name = "title"', 'name = "title"\npionts = 3'))
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, path)
    assert (caught.value.line, caught.value.key) == (5, "weights[0].pionts")


def test_wrong_type_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("half_life_days = 30", 'half_life_days = "a month"'))
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, path)
    assert (caught.value.line, caught.value.key) == (1, "half_life_days")


def test_missing_key_points_at_its_table(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('name = "industry"\n', ""))
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, path)
    assert (caught.value.line, caught.value.key) == (7, "weights[1].name")


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("points = 10", "points = = 10"))
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, path)
    assert caught.value.line == 5 and "not valid TOML" in str(caught.value)


def test_team_override_merges_and_its_mistakes_name_the_override(tmp_path: Path) -> None:
    base = _write(tmp_path, GOOD)
    override = _write(tmp_path, "half_life_days = 14\n", "team.toml")
    assert load_rules(Sample, base, override).half_life_days == 14
    bad = _write(tmp_path, "half_life_days = -1\n", "team-bad.toml")
    with pytest.raises(RulesError) as caught:
        load_rules(Sample, base, bad)
    assert (caught.value.file, caught.value.line) == (str(bad), 1)


def test_unreadable_file_is_a_rules_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(Sample, tmp_path / "absent.toml")
