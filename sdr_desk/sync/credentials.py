"""The refresh token lives only in the OS keyring (DESIGN.md "Auth").

Never in the cache, a settings file or a log: with no usable keyring the caller is told so
and asks for the password at each start. There is deliberately no plain-text fallback.
The server URL and the user name are not secret and live in the cache's sync_state.
"""

from __future__ import annotations

from typing import Protocol

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "sdr-desk"
NO_KEYRING_MESSAGE = "no keyring available: the password will be asked at each start"


class NoKeyring(Exception):
    """No usable OS keyring; the message is the one line to show the rep."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(NO_KEYRING_MESSAGE)
        self.detail = detail


class TokenStore(Protocol):
    def load(self) -> str | None: ...

    def save(self, token: str) -> None: ...

    def delete(self) -> None: ...


def _usable_backend() -> KeyringBackend:
    backend = keyring.get_keyring()
    name = type(backend).__name__
    module = type(backend).__module__
    # The fail and null backends store nothing; an empty chain stores nothing silently;
    # a plain-text file keyring would put the token on disk in the clear.
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        raise NoKeyring(f"{module}.{name}")
    if "plaintext" in name.lower() or "plaintext" in module.lower():
        raise NoKeyring(f"{module}.{name} keeps secrets in plain text")
    if name == "ChainerBackend" and not getattr(backend, "backends", None):
        raise NoKeyring("no keyring backend to chain")
    return backend


def account_name(server_url: str, username: str) -> str:
    return f"{server_url.rstrip('/')}|{username}"


class KeyringTokens:
    """The refresh token of one user on one server, in the OS keyring."""

    def __init__(self, server_url: str, username: str) -> None:
        self.account = account_name(server_url, username)

    def load(self) -> str | None:
        backend = _usable_backend()
        try:
            return backend.get_password(SERVICE, self.account)
        except keyring.errors.KeyringError as exc:
            raise NoKeyring(str(exc)) from exc

    def save(self, token: str) -> None:
        backend = _usable_backend()
        try:
            backend.set_password(SERVICE, self.account, token)
            stored = backend.get_password(SERVICE, self.account)
        except keyring.errors.KeyringError as exc:
            raise NoKeyring(str(exc)) from exc
        if stored != token:
            # A backend that accepts and forgets would log the rep out at every start.
            raise NoKeyring("the keyring did not keep the token")

    def delete(self) -> None:
        backend = _usable_backend()
        try:
            backend.delete_password(SERVICE, self.account)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: logged out already
        except keyring.errors.KeyringError as exc:
            raise NoKeyring(str(exc)) from exc


class MemoryTokens:
    """For a session without a keyring: the token lives as long as the process, no longer."""

    def __init__(self, token: str | None = None) -> None:
        self._token = token

    def load(self) -> str | None:
        return self._token

    def save(self, token: str) -> None:
        self._token = token

    def delete(self) -> None:
        self._token = None


def keyring_available() -> bool:
    try:
        _usable_backend()
    except NoKeyring:
        return False
    return True
