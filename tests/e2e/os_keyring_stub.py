"""A stand-in for the OS keyring in CLI subprocesses (PYTHON_KEYRING_BACKEND points here).

Kept in a file outside the profile folder, as the OS keeps its keyring outside it; every value
ever stored is also listed, so a test can grep the profile for all of them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["SDR_DESK_TEST_KEYRING"])

    def _load(self) -> dict[str, list]:
        if self._path.exists():
            return json.loads(self._path.read_text())
        return {"items": [], "history": []}

    def get_password(self, service: str, username: str) -> str | None:
        for s, u, p in self._load()["items"]:
            if (s, u) == (service, username):
                return p
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data["items"] = [i for i in data["items"] if (i[0], i[1]) != (service, username)] + [[service, username, password]]
        data["history"].append(password)
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        kept = [i for i in data["items"] if (i[0], i[1]) != (service, username)]
        if len(kept) == len(data["items"]):
            raise keyring.errors.PasswordDeleteError("not stored")
        data["items"] = kept
        self._path.write_text(json.dumps(data))
