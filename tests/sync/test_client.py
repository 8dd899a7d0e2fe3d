"""The client's protocol handling against a scripted transport: order, batches, answers,
retries, token refresh, upgrade stop, and a page committing with its cursor.

The real server is exercised in tests/e2e; here each rule is pinned down in isolation."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from sdr_desk.core.entities import Activity, Channel, Lead, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.store.outbox import get_state
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.tables import ActivityRow, LeadRow, OutboxOp
from sdr_desk.sync.client import LoginRequired, RetryPolicy, ServerUnreachable, SyncClient, SyncError, UpgradeRequired
from sdr_desk.sync.credentials import MemoryTokens

HLC = "0001764000000000-00000"
USER = {"id": "user-rep-a", "username": "rep-a", "role": "sdr", "team_id": "team-1"}


def tokens(n: int) -> dict[str, Any]:
    return {"access_token": f"access-{n}", "refresh_token": f"refresh-{n}", "expires_in": 900, "refresh_expires_in": 86400, "user": USER}


class Script:
    """A scripted server: routes by path, records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.push: Callable[[dict[str, Any]], httpx.Response] = self.apply_all
        self.pull_pages: list[dict[str, Any]] = []
        self.refreshes = 0
        self.valid_access = "access-0"

    def apply_all(self, body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(200, json={"results": [{"op_id": op["op_id"], "status": "applied"} for op in body["ops"]], "server_hlc": HLC})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path.endswith("/auth/refresh"):
            self.refreshes += 1
            self.valid_access = f"access-{self.refreshes}"
            return httpx.Response(200, json=tokens(self.refreshes))
        if request.headers.get("authorization") != f"Bearer {self.valid_access}":
            return httpx.Response(401, json={"error": "unauthenticated", "message": "expired"})
        if path.endswith("/sync/push"):
            return self.push(json.loads(request.content))
        if path.endswith("/sync/pull"):
            page = self.pull_pages.pop(0) if self.pull_pages else {"changes": [], "cursor": int(request.url.params["cursor"]), "has_more": False}
            return httpx.Response(200, json={**page, "server_hlc": HLC})
        return httpx.Response(404, json={"error": "not_found", "message": path})


def client_for(book: SalesBook, script: Script, **kw: Any) -> SyncClient:
    sleeps: list[float] = []
    client = SyncClient(
        book.cache,
        "http://server.test",
        MemoryTokens("refresh-0"),
        outbox=book.outbox,
        http=httpx.Client(transport=httpx.MockTransport(script)),
        sleep=sleeps.append,
        **kw,
    )
    client._access = "access-0"
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def leads(book: SalesBook, n: int) -> list[Lead]:
    made = [Lead(id=new_id(), full_name=f"lead-{i}") for i in range(n)]
    for lead in made:
        book.create_lead(lead)
    return made


def outbox(book: SalesBook) -> list[OutboxOp]:
    with book.cache.session() as session:
        return list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def pushed_seqs(script: Script) -> list[list[int]]:
    return [[op["client_seq"] for op in json.loads(r.content)["ops"]] for r in script.requests if r.url.path.endswith("/push")]


def test_push_goes_in_client_order_in_bounded_batches_without_server_owned_fields(book: SalesBook) -> None:
    leads(book, 7)
    script = Script()
    report = client_for(book, script, batch_size=3).run_round()
    batches = pushed_seqs(script)
    assert [len(b) for b in batches] == [3, 3, 1]
    flat = [s for b in batches for s in b]
    assert flat == sorted(flat)
    first = json.loads(script.requests[0].content)["ops"][0]["fields"]
    assert "id" not in first and "owner_id" not in first and "created_at" not in first and first["full_name"] == "lead-0"
    assert (report.pushed, report.pending, report.rejected) == (7, 0, 0)
    assert outbox(book) == []


def test_only_answered_ops_leave_rejected_stay_and_conflict_winner_applies(book: SalesBook) -> None:
    made = leads(book, 1)
    with book.cache.transaction() as session:
        session.query(OutboxOp).delete()
    book.patch_lead(made[0].id, {"title": "CTO"})
    book.patch_lead(made[0].id, {"do_not_call": True})
    book.patch_lead(made[0].id, {"next_touch_note": "after lunch"})
    conflict, rejected, unanswered = (o.op_id for o in outbox(book))

    def answer(body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(200, json={"server_hlc": HLC, "results": [
            {"op_id": conflict, "status": "conflict", "winner": {"title": "VP Sales"}},
            {"op_id": rejected, "status": "rejected", "reason": "forbidden", "message": "not yours"},
        ]})

    script = Script()
    script.push = answer
    report = client_for(book, script).run_round()
    left = {o.op_id: o for o in outbox(book)}
    assert set(left) == {rejected, unanswered}
    assert left[rejected].state == "rejected" and left[rejected].reject_reason == "forbidden: not yours"
    assert left[unanswered].state == "pending"
    assert book.lead(made[0].id).title == "VP Sales"
    assert (report.pushed, report.rejected, report.pending, report.needs_attention, report.conflicts) == (1, 1, 1, 1, 1)


def test_transient_failures_are_retried_with_growing_jittered_waits(book: SalesBook) -> None:
    leads(book, 2)
    script = Script()
    failures = iter([httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.Response(503)])

    def flaky(request: httpx.Request) -> httpx.Response:
        failure = next(failures, None)
        if isinstance(failure, Exception):
            raise failure
        return failure if failure is not None else script(request)

    client = SyncClient(book.cache, "http://server.test", MemoryTokens("refresh-0"), outbox=book.outbox,
                        http=httpx.Client(transport=httpx.MockTransport(flaky)), sleep=(sleeps := []).append,
                        retry=RetryPolicy(attempts=6, base_s=1.0, cap_s=100.0))
    client._access = "access-0"
    report = client.run_round()
    assert report.pushed == 2 and outbox(book) == []
    assert len(sleeps) == 3 and all(0 <= s <= 2**i for i, s in enumerate(sleeps))


def test_offline_is_a_clear_error_and_nothing_is_lost(book: SalesBook) -> None:
    leads(book, 3)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    client = SyncClient(book.cache, "http://server.test", MemoryTokens("refresh-0"), outbox=book.outbox,
                        http=httpx.Client(transport=httpx.MockTransport(down)), sleep=lambda s: None)
    client._access = "access-0"
    with pytest.raises(ServerUnreachable, match="unreachable"):
        client.run_round()
    assert len(outbox(book)) == 3


def test_expired_access_token_is_refreshed_once_and_the_rotated_token_kept(book: SalesBook) -> None:
    leads(book, 1)
    script = Script()
    client = client_for(book, script)
    client._access = "access-stale"
    assert client.run_round().pushed == 1
    assert script.refreshes == 1 and client.tokens.load() == "refresh-1"


def test_refused_refresh_means_log_in_again(book: SalesBook) -> None:
    leads(book, 1)

    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": "refresh_reused", "message": "the session has been ended"})

    client = SyncClient(book.cache, "http://server.test", MemoryTokens("refresh-0"), outbox=book.outbox,
                        http=httpx.Client(transport=httpx.MockTransport(refuse)), sleep=lambda s: None)
    with pytest.raises(LoginRequired, match="session has been ended"):
        client.run_round()
    assert client.tokens.load() is None and len(outbox(book)) == 1


def test_upgrade_required_stops_the_round_and_keeps_the_outbox(book: SalesBook) -> None:
    leads(book, 2)
    script = Script()
    script.push = lambda body: httpx.Response(426, json={"error": "upgrade_required", "message": "old", "min_schema_version": 2})
    with pytest.raises(UpgradeRequired, match="schema 2"):
        client_for(book, script).run_round()
    assert len(outbox(book)) == 2
    assert sum(r.url.path.endswith("/push") for r in script.requests) == 1  # not retried


def test_a_page_commits_with_its_cursor_or_not_at_all(book: SalesBook) -> None:
    good, bad = new_id(), new_id()
    script = Script()
    script.pull_pages = [
        {"changes": [{"seq": 1, "entity": "lead", "entity_id": good, "kind": "upsert", "fields": {"full_name": "lead-1"}}], "cursor": 1, "has_more": True},
        {"changes": [
            {"seq": 2, "entity": "lead", "entity_id": new_id(), "kind": "upsert", "fields": {"full_name": "lead-2"}},
            {"seq": 3, "entity": "lead", "entity_id": bad, "kind": "upsert", "fields": {"full_name": "lead-3", "stage": "no-such-stage"}},
        ], "cursor": 3, "has_more": False},
    ]
    with pytest.raises(SyncError, match=r"could not apply pulled changes 2\.\.3: 'no-such-stage'"):
        client_for(book, script).run_round()
    with book.cache.session() as session:
        assert get_state(session, "cursor") == "1"
        assert list(session.scalars(select(LeadRow.id))) == [good]


def test_progress_reports_push_then_pull(book: SalesBook) -> None:
    leads(book, 5)
    seen = []
    script = Script()
    script.pull_pages = [{"changes": [], "cursor": 9, "has_more": False}]
    client_for(book, script, batch_size=2).run_round(progress=seen.append)
    assert [(p.phase, p.done, p.total) for p in seen] == [("push", 2, 5), ("push", 4, 5), ("push", 5, 5), ("pull", 0, None)]


def test_activity_logged_during_a_round_waits_for_the_next(book: SalesBook) -> None:
    made = leads(book, 2)
    script = Script()

    def answer_and_log(body: dict[str, Any]) -> httpx.Response:
        book.log_activity(Activity(id=new_id(), lead_id=made[0].id, channel=Channel.PHONE, outcome=Outcome.BUSY,
                                   occurred_at=datetime.now(UTC), step=Step.REACH))
        return script.apply_all(body)

    script.push = answer_and_log
    report = client_for(book, script, batch_size=1).run_round()
    assert report.pushed == 2 and report.pending == 2


def test_throttled_login_is_told_not_waited_out(book: SalesBook) -> None:
    def throttled(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json={"error": "throttled", "message": "too many failed logins; wait 900 s", "retry_after": 900})

    waits: list[float] = []
    client = SyncClient(book.cache, "http://server.test", MemoryTokens(), outbox=book.outbox,
                        http=httpx.Client(transport=httpx.MockTransport(throttled)), sleep=waits.append)
    with pytest.raises(LoginRequired, match="wait 900 s"):
        client.login("rep-a", "wrong")
    assert waits == []


def test_a_profile_stays_with_the_server_it_pulled_from(book: SalesBook) -> None:
    script = Script()
    script.pull_pages = [{"changes": [], "cursor": 42, "has_more": False}]
    first = client_for(book, script)
    with book.cache.transaction() as session:
        from sdr_desk.store.outbox import set_state

        set_state(session, "server_url", "http://server.test")
    first.run_round()
    other = SyncClient(book.cache, "http://other.test", MemoryTokens(), outbox=book.outbox,
                       http=httpx.Client(transport=httpx.MockTransport(script)))
    with pytest.raises(SyncError, match="syncs with http://server.test"):
        other.login("rep-a", "pw")
    assert first.last_sync_at() is not None


def test_needs_attention_retry_keeps_order_and_discard_undoes_locally(book: SalesBook) -> None:
    made = leads(book, 1)
    with book.cache.transaction() as session:
        session.query(OutboxOp).delete()
    book.patch_lead(made[0].id, {"title": "CTO"})
    book.log_activity(Activity(id=(call := new_id()), lead_id=made[0].id, channel=Channel.PHONE, outcome=Outcome.BUSY,
                               occurred_at=datetime(2026, 11, 24, 9, tzinfo=UTC), step=Step.REACH))
    script = Script()
    script.push = lambda body: httpx.Response(200, json={"server_hlc": HLC, "results": [
        {"op_id": op["op_id"], "status": "rejected", "reason": "out_of_scope", "message": "not yours"} for op in body["ops"]]})
    script.pull_pages = [{"changes": [], "cursor": 30, "has_more": False}]
    client = client_for(book, script)
    assert client.run_round().needs_attention == 2
    patch, append = client.rejected_ops()
    client.retry_rejected(patch.op_id, {"title": "CTO (acting)"})
    again = outbox(book)
    assert [(o.op_id, o.state, o.fields) for o in again][0] == (patch.op_id, "pending", {"title": "CTO (acting)"})
    assert again[0].seq < again[1].seq  # kept its place in client order
    client.discard_rejected(append.op_id)
    with book.cache.session() as session:
        assert session.get(ActivityRow, call) is None
    assert client.rejected_ops() == []
    script.push = script.apply_all
    client.run_round()
    # The patch was retried and answered: nothing left, and the cursor was untouched.
    with book.cache.session() as session:
        assert get_state(session, "cursor") == "30"
    assert outbox(book) == []


def test_discarding_a_refused_edit_pulls_the_book_again(book: SalesBook) -> None:
    made = leads(book, 1)
    with book.cache.transaction() as session:
        session.query(OutboxOp).delete()
    book.patch_lead(made[0].id, {"title": "CTO"})
    script = Script()
    script.push = lambda body: httpx.Response(200, json={"server_hlc": HLC, "results": [
        {"op_id": op["op_id"], "status": "rejected", "reason": "forbidden"} for op in body["ops"]]})
    script.pull_pages = [{"changes": [], "cursor": 30, "has_more": False},
                         {"changes": [{"seq": 3, "entity": "lead", "entity_id": made[0].id, "kind": "upsert",
                                       "fields": {"full_name": "lead-0", "title": "Head of IT"}}], "cursor": 30, "has_more": False}]
    client = client_for(book, script)
    client.run_round()
    client.discard_rejected(client.rejected_ops()[0].op_id)
    pulls_before = sum(r.url.path.endswith("/pull") for r in script.requests)
    client.run_round()
    pull = [r for r in script.requests if r.url.path.endswith("/pull")][pulls_before]
    assert pull.url.params["cursor"] == "0"
    assert book.lead(made[0].id).title == "Head of IT"


def test_one_malformed_op_is_isolated_and_kept_as_rejected(book: SalesBook) -> None:
    made = leads(book, 6)
    poison = outbox(book)[3].op_id
    script = Script()

    def strict(body: dict[str, Any]) -> httpx.Response:
        if any(op["op_id"] == poison for op in body["ops"]):
            return httpx.Response(422, json={"error": "invalid_request", "message": "ops.3.fields: not valid"})
        return script.apply_all(body)

    script.push = strict
    report = client_for(book, script, batch_size=4).run_round()
    left = outbox(book)
    assert [(o.op_id, o.state) for o in left] == [(poison, "rejected")]
    assert left[0].reject_reason == "invalid_request: ops.3.fields: not valid"
    assert (report.pushed, report.rejected, report.pending) == (len(made) - 1, 1, 0)
