"""The refresh token goes only to the keyring, through the real keyring API."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from sdr_desk.sync.credentials import NO_KEYRING_MESSAGE, SERVICE, KeyringTokens, NoKeyring, keyring_available


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise keyring.errors.PasswordDeleteError("not stored")
        del self.items[(service, username)]


class ForgetfulKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        pass


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")


@pytest.fixture
def use_keyring() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


def test_token_round_trips_under_service_and_server_user(use_keyring: object) -> None:
    backend = use_keyring(MemoryKeyring())  # type: ignore[operator]
    tokens = KeyringTokens("http://127.0.0.1:8765/", "rep-a")
    tokens.save("refresh-1")
    assert backend.items == {(SERVICE, "http://127.0.0.1:8765|rep-a"): "refresh-1"}
    assert KeyringTokens("http://127.0.0.1:8765", "rep-a").load() == "refresh-1"
    assert KeyringTokens("http://127.0.0.1:8765", "rep-b").load() is None
    tokens.save("refresh-2")  # rotation overwrites
    assert tokens.load() == "refresh-2"
    tokens.delete()
    assert tokens.load() is None and backend.items == {}
    tokens.delete()  # logging out twice is fine


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), ForgetfulKeyring(), LockedKeyring()], ids=type)
def test_no_usable_keyring_is_a_clear_error_never_a_fallback(use_keyring: object, backend: KeyringBackend) -> None:
    use_keyring(backend)  # type: ignore[operator]
    tokens = KeyringTokens("http://127.0.0.1:8765", "rep-a")
    with pytest.raises(NoKeyring) as info:
        tokens.save("refresh-1")
    assert str(info.value) == NO_KEYRING_MESSAGE
    if isinstance(backend, fail.Keyring | null.Keyring):
        assert not keyring_available()
        with pytest.raises(NoKeyring):
            tokens.load()
