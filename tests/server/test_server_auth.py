"""Login, rotation of refresh tokens, reuse detection, expiry, disabling, throttling."""

from __future__ import annotations

import httpx
import pytest
from conftest import PASSWORD, Api
from sqlalchemy import select

from sdr_desk.server import tables as t


def _refresh(api: Api, token: str, client_id: str | None = None) -> httpx.Response:
    body = {"refresh_token": token} if client_id is None else {"refresh_token": token, "client_id": client_id}
    return api.http.post("/api/v1/auth/refresh", json=body)


def _actions(api: Api) -> list[str]:
    with api.ctx.engine.connect() as conn:
        return conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id)).scalars().all()


def _me(api: Api, access: str) -> httpx.Response:
    return api.http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {access}"})


def test_login_returns_tokens_and_stores_only_digests(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    session = api.login("rep-a")
    assert session.tokens["token_type"] == "bearer"
    assert session.tokens["expires_in"] == 900
    assert _me(api, session.tokens["access_token"]).json()["username"] == "rep-a"
    with api.ctx.engine.connect() as conn:
        stored = conn.execute(select(t.refresh_tokens.c.token_hash)).scalars().all()
        hashes = conn.execute(select(t.users.c.password_hash)).scalars().all()
    assert session.tokens["refresh_token"] not in stored and len(stored) == 1
    assert all(h.startswith("$argon2") for h in hashes)


def test_wrong_password_and_unknown_user_look_the_same(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    wrong = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": "nope-nope"})
    unknown = api.http.post("/api/v1/auth/login", json={"username": "ghost", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"] == unknown.json()["error"] == "invalid_credentials"


def test_refresh_rotates_and_reuse_revokes_the_family(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    first = api.login("rep-a").tokens
    second = _refresh(api, first["refresh_token"])
    assert second.status_code == 200
    second = second.json()
    assert second["refresh_token"] != first["refresh_token"]
    third = _refresh(api, second["refresh_token"]).json()
    assert _me(api, third["access_token"]).status_code == 200
    # An attacker replays the first (rotated) token: the whole session ends.
    replay = _refresh(api, first["refresh_token"])
    assert replay.status_code == 401
    assert replay.json()["error"] == "refresh_reused"
    assert _me(api, third["access_token"]).status_code == 401
    assert _refresh(api, third["refresh_token"]).status_code == 401
    # Another login is a new family, unaffected.
    assert _me(api, api.login("rep-a").tokens["access_token"]).status_code == 200


def test_access_token_expires_and_refresh_token_too(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    tokens = api.login("rep-a").tokens
    api.clock.advance(seconds=901)
    expired = _me(api, tokens["access_token"])
    assert expired.status_code == 401 and "expired" in expired.json()["message"]
    renewed = _refresh(api, tokens["refresh_token"])
    assert renewed.status_code == 200
    api.clock.advance(days=31)
    assert _refresh(api, renewed.json()["refresh_token"]).status_code == 401


def test_forged_and_missing_tokens_are_401(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    assert _me(api, "forged-token").status_code == 401
    response = api.http.get("/api/v1/sync/pull")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    assert response.headers["www-authenticate"] == "Bearer"
    assert _refresh(api, "x" * 40).status_code == 401


def test_disabling_a_user_ends_every_session_at_once(api: Api) -> None:
    api.team("north")
    rep = api.user("rep-a", "sdr", "north")
    one, two = api.login("rep-a").tokens, api.login("rep-a").tokens
    api.user("boss", "admin")
    boss = api.login("boss")
    response = api.http.patch(f"/api/v1/users/{rep}", json={"active": False}, headers=boss.headers)
    assert response.status_code == 200 and response.json()["active"] is False
    for tokens in (one, two):
        assert _me(api, tokens["access_token"]).status_code == 401
        assert _refresh(api, tokens["refresh_token"]).status_code == 401
    denied = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": PASSWORD})
    assert denied.status_code == 401


def test_logout_ends_the_session(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    session = api.login("rep-a")
    assert session.post("/api/v1/auth/logout").status_code == 204
    assert _me(api, session.tokens["access_token"]).status_code == 401
    assert _refresh(api, session.tokens["refresh_token"]).status_code == 401


def _attempt(api: Api, name: str, password: str, address: str):  # type: ignore[no-untyped-def]
    from sdr_desk.server.auth import login
    from sdr_desk.server.db import write

    return write(api.ctx.engine, lambda c: login(c, api.ctx, name, password, address))


def test_login_from_one_address_waits_longer_after_each_failure(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    for _ in range(3):  # a few typos are free
        bad = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": "guess-guess"})
        assert bad.status_code == 401
    waits = []
    for _ in range(6):
        blocked = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": PASSWORD})
        assert blocked.status_code == 429 and blocked.json()["error"] == "throttled"
        assert int(blocked.headers["retry-after"]) == blocked.json()["retry_after"]
        waits.append(blocked.json()["retry_after"])
        api.clock.advance(seconds=blocked.json()["retry_after"])
        assert api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": "guess-guess"}).status_code == 401
    assert waits == [1, 2, 4, 8, 16, 32]  # each failure doubles the next wait
    for _ in range(10):
        api.clock.advance(seconds=api.ctx.settings.throttle_max_delay_s)
        _attempt(api, "rep-a", "guess-guess", "127.0.0.1")
    capped = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": PASSWORD})
    assert capped.json()["retry_after"] == api.ctx.settings.throttle_max_delay_s
    api.clock.advance(seconds=capped.json()["retry_after"])
    assert api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": PASSWORD}).status_code == 200


def test_a_rep_at_their_own_machine_signs_in_while_their_name_is_hammered(api: Api) -> None:
    """Knowing a rep's user name is not enough to lock them out."""
    api.team("north")
    api.user("rep-a", "sdr", "north")
    assert _attempt(api, "rep-a", PASSWORD, "10.0.0.5").user.username == "rep-a"  # their usual machine
    api.clock.advance(hours=1)
    for n in range(40):  # guessing from a dozen addresses, within one window
        outcome = _attempt(api, "rep-a", f"guess-{n}", f"10.9.0.{n % 12}")
        assert outcome.status in (401, 429)
    own = _attempt(api, "rep-a", PASSWORD, "10.0.0.5")
    assert own.user.username == "rep-a"
    # A new address gets no more guesses at this account for now: spread-out guessing stops too.
    stranger = _attempt(api, "rep-a", PASSWORD, "10.9.1.1")
    assert stranger.status == 429 and 0 < stranger.body.retry_after <= api.ctx.settings.throttle_window_s
    assert "login_throttled" in _actions(api)


def test_login_throttled_per_address_across_accounts(api: Api) -> None:
    from sdr_desk.server.auth import login
    from sdr_desk.server.db import write

    api.team("north")
    api.user("rep-a", "sdr", "north")
    for i in range(30):  # one address guessing many names
        outcome = write(api.ctx.engine, lambda c, i=i: login(c, api.ctx, f"name-{i}", "guess-guess", "10.0.0.7"))
        assert outcome.status == 401
    blocked = write(api.ctx.engine, lambda c: login(c, api.ctx, "rep-a", PASSWORD, "10.0.0.7"))
    assert blocked.status == 429
    allowed = write(api.ctx.engine, lambda c: login(c, api.ctx, "rep-a", PASSWORD, "10.0.0.8"))
    assert allowed.user.username == "rep-a"


def test_successful_login_is_audited(api: Api) -> None:
    api.team("north")
    rep = api.user("rep-a", "sdr", "north")
    api.login("rep-a")
    with api.ctx.engine.connect() as conn:
        actions = conn.execute(select(t.audit_log.c.action).where(t.audit_log.c.target_user_id == rep)).scalars().all()
    assert "login" in actions and "user_created" in actions


def test_a_refresh_whose_answer_was_lost_can_be_retried_once_the_stranded_pair_withdrawn(api: Api) -> None:
    """On a trade-show network the answer to a refresh can be lost: the workstation still holds
    the rotated token and retries with it at once. That is not theft while the pair it was
    swapped for is unused and the retry comes from the workstation that logged in; the rep
    stays signed in, and the stranded pair is dead."""
    api.team("north")
    api.user("rep-a", "sdr", "north")
    first = api.login("rep-a", client_id="ws-a").tokens
    api.clock.advance(seconds=30)
    stranded = _refresh(api, first["refresh_token"], "ws-a").json()  # the answer never reached the client
    api.clock.advance(seconds=20)
    retried = _refresh(api, first["refresh_token"], "ws-a")
    assert retried.status_code == 200, retried.text
    fresh = retried.json()
    assert _me(api, fresh["access_token"]).status_code == 200
    assert _me(api, stranded["access_token"]).status_code == 401
    actions = _actions(api)
    assert "refresh_retried" in actions and "refresh_reused" not in actions
    # The retry's answer is lost too: retried again, within the grace of the first retry.
    api.clock.advance(seconds=50)
    retried = _refresh(api, first["refresh_token"], "ws-a")
    assert retried.status_code == 200, retried.text
    assert _me(api, fresh["access_token"]).status_code == 401
    fresh = retried.json()
    # Whoever holds the stranded pair (it may have been read on the way) gets nothing with it.
    assert _refresh(api, stranded["refresh_token"], "ws-a").status_code == 401
    again = _refresh(api, fresh["refresh_token"], "ws-a")
    assert again.status_code == 200 and _me(api, again.json()["access_token"]).status_code == 200


def _session_ended(api: Api, newest: dict) -> None:
    assert _me(api, newest["access_token"]).status_code == 401
    assert _refresh(api, newest["refresh_token"], "ws-a").status_code == 401
    with api.ctx.engine.connect() as conn:
        reasons = conn.execute(select(t.sessions.c.revoked_reason)).scalars().all()
        audited = conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.action == "refresh_reused")).scalars().all()
    assert reasons == ["refresh_reused"] and len(audited) == 1 and audited[0]["why"]


@pytest.mark.parametrize("thief", ["ws-thief", None])
def test_a_rotated_token_from_another_workstation_is_reuse_and_ends_the_session(api: Api, thief: str | None) -> None:
    """A copied refresh token presented again within the grace period, while the holder's new
    pair is unused, no longer takes the session over: it ends it, for both, and says why."""
    api.team("north")
    api.user("rep-a", "sdr", "north")
    first = api.login("rep-a", client_id="ws-a").tokens
    newest = _refresh(api, first["refresh_token"], "ws-a").json()  # the rep's own rotation
    api.clock.advance(seconds=5)
    stolen = _refresh(api, first["refresh_token"], thief)
    assert stolen.status_code == 401 and stolen.json()["error"] == "refresh_reused"
    _session_ended(api, newest)


def test_a_current_token_from_another_workstation_ends_the_session(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    first = api.login("rep-a", client_id="ws-a").tokens
    stolen = _refresh(api, first["refresh_token"], "ws-thief")
    assert stolen.status_code == 401 and stolen.json()["error"] == "refresh_reused"
    _session_ended(api, first)


def test_a_rotated_token_is_reuse_once_its_successor_was_used_or_the_grace_is_over(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    grace = api.ctx.settings.refresh_retry_grace_s
    assert grace <= 60  # long enough for a retry, too short to wait for the rep to go idle
    first = api.login("rep-a", client_id="ws-a").tokens
    _refresh(api, first["refresh_token"], "ws-a")
    api.clock.advance(seconds=grace + 1)
    late = _refresh(api, first["refresh_token"], "ws-a")
    assert late.status_code == 401 and late.json()["error"] == "refresh_reused"
