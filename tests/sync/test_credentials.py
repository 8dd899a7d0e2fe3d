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


def test_login_and_rotation_leave_no_secret_in_the_profile(use_keyring: object, tmp_path: object) -> None:
    """Sign in and refresh through the client; the profile folder never holds the token or password."""
    from pathlib import Path

    import httpx

    from sdr_desk.store.engine import open_cache
    from sdr_desk.store.repositories import SalesBook
    from sdr_desk.sync.client import SyncClient

    backend = use_keyring(MemoryKeyring())  # type: ignore[operator]
    profile = Path(str(tmp_path)) / "profile"
    issued: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(("/auth/login", "/auth/refresh")):
            issued.append(f"refresh-secret-{len(issued)}")
            return httpx.Response(200, json={"access_token": f"access-secret-{len(issued)}", "refresh_token": issued[-1],
                                             "expires_in": 900, "refresh_expires_in": 86400,
                                             "user": {"id": "user-1", "username": "rep-a", "role": "sdr", "team_id": "team-1"}})
        if request.url.path.endswith("/sync/pull"):
            return httpx.Response(200, json={"changes": [], "cursor": 0, "has_more": False, "server_hlc": "0001764000000000-00000"})
        return httpx.Response(404, json={"error": "not_found", "message": "no"})

    cache = open_cache(profile / "cache.sqlite3")
    try:
        book = SalesBook(cache)
        client = SyncClient(cache, "http://127.0.0.1:8470", KeyringTokens("http://127.0.0.1:8470", "rep-a"),
                            outbox=book.outbox, http=httpx.Client(transport=httpx.MockTransport(server)))
        client.login("rep-a", "password-secret-1")
        client._access = None  # the access token expired: the next round refreshes and rotates
        client.run_round()
    finally:
        cache.close()
    assert len(issued) == 2
    assert backend.items == {(SERVICE, "http://127.0.0.1:8470|rep-a"): issued[-1]}
    files = [p for p in profile.rglob("*") if p.is_file()]
    assert files  # the cache, its WAL
    for secret in [*issued, "password-secret-1", "access-secret-1", "access-secret-2"]:
        assert [p.name for p in files if secret.encode() in p.read_bytes()] == []
