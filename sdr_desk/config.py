"""The profile folder: where a rep's local cache, settings and logs live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "sdr-desk"
PROFILE_ENV = "SDR_DESK_PROFILE"
CACHE_FILE = "cache.sqlite3"


class ProfileError(Exception):
    """The profile folder cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Profile:
    folder: Path

    @property
    def cache_path(self) -> Path:
        return self.folder / CACHE_FILE

    @property
    def settings_path(self) -> Path:
        return self.folder / "settings.ini"

    @property
    def log_folder(self) -> Path:
        return self.folder / "logs"

    def ensure_writable(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProfileError(f"cannot create profile folder {self.folder}: {exc.strerror}") from exc
        if not os.access(self.folder, os.W_OK | os.X_OK):
            raise ProfileError(f"profile folder {self.folder} is not writable")


def default_profile_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_profile(explicit: str | os.PathLike[str] | None = None) -> Profile:
    """`--profile DIR` wins, then `SDR_DESK_PROFILE`, then the platform's user data folder."""
    if explicit:
        return Profile(Path(explicit).expanduser().resolve())
    env = os.environ.get(PROFILE_ENV)
    if env:
        return Profile(Path(env).expanduser().resolve())
    return Profile(default_profile_folder())
