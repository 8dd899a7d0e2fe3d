"""The lead-working rules files: the shipped ones load; a broken one names file, line and key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sdr_desk.core.cadences import NURTURE_FILE, load_nurture_rules
from sdr_desk.core.qualification import (
    FRAMEWORKS_DIR,
    QUALIFICATION_FILE,
    load_framework,
    load_frameworks,
    load_qualification_rules,
)
from sdr_desk.core.rules import RulesError
from sdr_desk.core.steps import STEPS_FILE, load_step_rules


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth line containing `needle`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth]


def broken(tmp_path: Path, source: Path, edit: Callable[[str], str], name: str | None = None) -> tuple[Path, str]:
    text = edit(source.read_text(encoding="utf-8"))
    assert text != source.read_text(encoding="utf-8")  # the edit really happened
    path = tmp_path / (name or source.name)
    path.write_text(text, encoding="utf-8")
    return path, text


def test_every_shipped_rules_file_loads() -> None:
    load_step_rules()
    load_qualification_rules()
    load_nurture_rules()
    assert set(load_frameworks()) == {"mantcp", "bant", "aunm", "pact", "faint"}


def test_an_unknown_step_names_its_line_and_key(tmp_path: Path) -> None:
    path, text = broken(tmp_path, STEPS_FILE, lambda t: t.replace('busy = "reach"', 'busy = "ringing"'))
    with pytest.raises(RulesError) as caught:
        load_step_rules(path)
    err = caught.value
    assert (err.file, err.line, err.key) == (str(path), line_of(text, 'busy = "ringing"'), "channels.phone.busy")
    assert str(err).startswith(f"{path}:{err.line}: channels.phone.busy: ")


def test_a_call_key_used_twice_points_at_the_second_use(tmp_path: Path) -> None:
    path, text = broken(tmp_path, STEPS_FILE, lambda t: t.replace('key = "0"', 'key = "1"'))
    with pytest.raises(RulesError) as caught:
        load_step_rules(path)
    err = caught.value
    assert (err.line, err.key) == (line_of(text, 'key = "1"', nth=1), "call_keys[9].key")
    assert "used by more than one call outcome" in err.message


def test_an_unknown_setting_is_refused(tmp_path: Path) -> None:
    path, text = broken(tmp_path, STEPS_FILE, lambda t: "redial_after = 3\n" + t)
    with pytest.raises(RulesError) as caught:
        load_step_rules(path)
    assert (caught.value.line, caught.value.key) == (1, "redial_after")


def test_a_broken_team_override_names_the_override_file(tmp_path: Path) -> None:
    override = tmp_path / "team-steps.toml"
    override.write_text('# team A\n[channels.email]\nopened = "maybe"\n', encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_step_rules(STEPS_FILE, override)
    assert (caught.value.file, caught.value.line, caught.value.key) == (str(override), 3, "channels.email.opened")


def test_a_file_that_is_not_toml_names_the_line(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, STEPS_FILE, lambda t: t.replace('busy = "reach"', 'busy = "reach'))
    with pytest.raises(RulesError) as caught:
        load_step_rules(path)
    assert "not valid TOML" in caught.value.message
    assert caught.value.line is not None


def test_a_criterion_whose_no_has_no_reason(tmp_path: Path) -> None:
    path, text = broken(tmp_path, FRAMEWORKS_DIR / "mantcp.toml", lambda t: t.replace('no_reason = "no_need"\n', ""))
    with pytest.raises(RulesError) as caught:
        load_framework(path)
    err = caught.value
    assert err.key == "criteria[2].passes"
    assert err.line == line_of(text, "passes =", nth=2)
    assert "no_reason must say why" in err.message


def test_a_label_with_empty_chinese(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, FRAMEWORKS_DIR / "bant.toml",
        lambda t: t.replace('label = { en = "Need", zh_CN = "需求" }', 'label = { en = "Need", zh_CN = "" }'),
    )
    with pytest.raises(RulesError) as caught:
        load_framework(path)
    assert (caught.value.line, caught.value.key) == (line_of(text, 'zh_CN = "" }'), "criteria[2].label.zh_CN")


def test_an_answer_that_does_not_exist(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, FRAMEWORKS_DIR / "pact.toml", lambda t: t.replace('passes = ["yes"]', 'passes = ["yes", "maybe"]'),
    )
    with pytest.raises(RulesError) as caught:
        load_framework(path)
    assert (caught.value.line, caught.value.key) == (line_of(text, '"maybe"'), "criteria[3].passes[1]")


def test_a_framework_id_must_match_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    shutil.copy(FRAMEWORKS_DIR / "mantcp.toml", path)
    with pytest.raises(RulesError) as caught:
        load_framework(path)
    text = path.read_text(encoding="utf-8")
    assert (caught.value.line, caught.value.key) == (line_of(text, 'id = "mantcp"'), "id")
    assert "'house'" in caught.value.message


def test_a_red_flag_id_used_twice(tmp_path: Path) -> None:
    path, text = broken(tmp_path, QUALIFICATION_FILE, lambda t: t.replace('id = "internal_change"', 'id = "no_problem_owner"'))
    with pytest.raises(RulesError) as caught:
        load_qualification_rules(path)
    assert (caught.value.line, caught.value.key) == (line_of(text, 'id = "no_problem_owner"', nth=1), "red_flags[3].id")


def test_a_reason_that_leads_to_no_track(tmp_path: Path) -> None:
    path, text = broken(tmp_path, NURTURE_FILE, lambda t: t.replace('not_now = "drip"', 'not_now = "weekly"'))
    with pytest.raises(RulesError) as caught:
        load_nurture_rules(path)
    assert (caught.value.line, caught.value.key) == (line_of(text, 'not_now = "weekly"'), "on_reason.not_now")
    assert "no track named 'weekly'" in caught.value.message


def test_a_re_engagement_edit_that_breaks_the_call_guideline(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, NURTURE_FILE,
        lambda t: t.replace('{ channels = ["phone"], min = 2, max = 4 }', '{ channels = ["phone"], min = 1, max = 2 }'),
    )
    with pytest.raises(RulesError) as caught:
        load_nurture_rules(path)
    err = caught.value
    assert err.key == "tracks.re_engagement.bounds[1]"
    assert err.line == line_of(text, "bounds = [", nth=1)  # welcome's bounds come first
    assert "3 touches on phone; the campaign calls for 1 to 2" in err.message


def _nth_block(text: str, header: str, n: int) -> int:
    return line_of(text, header, nth=n)


def test_touches_out_of_day_order(tmp_path: Path) -> None:
    def edit(t: str) -> str:
        lines = t.splitlines()
        third_day = _nth_block(t, "[[tracks.welcome.touches]]", 2)  # its next line is `day = 1`
        assert lines[third_day] == "day = 1"
        lines[third_day] = "day = 50"
        return "\n".join(lines) + "\n"

    path, text = broken(tmp_path, NURTURE_FILE, edit)
    with pytest.raises(RulesError) as caught:
        load_nurture_rules(path)
    assert caught.value.key == "tracks.welcome.touches[3].day"
    assert caught.value.line == _nth_block(text, "[[tracks.welcome.touches]]", 3) + 1


def test_a_call_cannot_be_automated(tmp_path: Path) -> None:
    def edit(t: str) -> str:
        lines = t.splitlines()
        second = _nth_block(t, "[[tracks.welcome.touches]]", 1)
        assert lines[second + 1] == 'channel = "phone"'
        lines.insert(second + 2, 'mode = "automated"')
        return "\n".join(lines) + "\n"

    path, text = broken(tmp_path, NURTURE_FILE, edit)
    with pytest.raises(RulesError) as caught:
        load_nurture_rules(path)
    assert caught.value.key == "tracks.welcome.touches[1].mode"
    assert caught.value.line == _nth_block(text, "[[tracks.welcome.touches]]", 1) + 3
    assert "phone touch cannot be automated" in caught.value.message


def test_a_touch_after_the_track_ends(tmp_path: Path) -> None:
    path, text = broken(tmp_path, NURTURE_FILE, lambda t: t.replace("duration_days = 91", "duration_days = 60"))
    with pytest.raises(RulesError) as caught:
        load_nurture_rules(path)
    assert (caught.value.line, caught.value.key) == (line_of(text, "duration_days = 60"), "tracks.welcome.duration_days")
