"""Loading rules (scoring, frameworks, templates, tracks, SLA, call windows) from TOML.

Rules are data a sales-ops person edits, so a mistake must be reported as
`file:line: key: what is wrong`, never as a traceback. pydantic validates the shape;
tomllib gives no positions, so the line of a key is found by reading the text
(no TOML library with position data is well kept, and this needs only headers and keys).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class RulesModel(BaseModel):
    """Base for every rules schema: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesError(ValueError):
    def __init__(self, file: Path | str, line: int | None, key: str, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.key = key
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


def _key_path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def find_line(text: str, loc: Sequence[str | int]) -> int | None:
    """Best line for a key path in TOML text: the key's own line, else its table's header."""
    lines = text.splitlines()
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    # Narrow to the deepest table header that matches a prefix of the path.
    start, best_header = 0, None
    for depth in range(len(names), 0, -1):
        dotted = r"\.".join(re.escape(n) for n in names[:depth])
        header = re.compile(rf"^\s*\[\[?\s*{dotted}\s*\]\]?\s*(#.*)?$")
        hits = [i for i, line in enumerate(lines) if header.match(line)]
        if hits:
            index = next((p for p in loc[depth:depth + 1] if isinstance(p, int)), 0)
            pick = hits[min(index, len(hits) - 1)] if loc[depth:depth + 1] and isinstance(loc[depth], int) else hits[0]
            start, best_header = pick, pick
            break
    key = re.compile(rf"^\s*\"?{re.escape(names[-1])}\"?\s*=")
    for i in range(start + (1 if best_header is not None else 0), len(lines)):
        if best_header is not None and i > best_header and lines[i].lstrip().startswith("["):
            break
        if key.match(lines[i]):
            return i + 1
    # Inline forms such as `weights = { title = 3 }` or the key anywhere in the file.
    inline = re.compile(rf"\b{re.escape(names[-1])}\b")
    for i in range(start, len(lines)):
        if inline.search(lines[i]):
            return i + 1
    return best_header + 1 if best_header is not None else None


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(path, None, "", f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(path, None, "", "not UTF-8 text") from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise RulesError(path, int(match.group(1)) if match else None, "", f"not valid TOML: {exc}") from exc


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """A team's override file replaces values key by key; tables merge, lists replace."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def validate(model: type[M], data: Mapping[str, Any], sources: Sequence[tuple[Path, str]]) -> M:
    """Validate `data`; on error name the file (the last source that has the key), line and key."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        # A missing key has no line of its own: point at the table that should hold it.
        where = loc[:-1] if err["type"] == "missing" else loc
        for path, text in reversed(sources):
            line = find_line(text, where) if where else 1
            if line is not None:
                raise RulesError(path, line, _key_path(loc), err["msg"]) from None
        path = sources[-1][0] if sources else "<rules>"
        raise RulesError(path, None, _key_path(loc), err["msg"]) from None


def load_rules(model: type[M], path: Path, override: Path | None = None) -> M:
    """Load one rules file (and optionally a team's override of it) into a validated model."""
    data, text = read_toml(path)
    sources = [(path, text)]
    if override is not None:
        extra, extra_text = read_toml(override)
        data = deep_merge(data, extra)
        sources.append((override, extra_text))
    return validate(model, data, sources)
