"""The workstation's side of the sync protocol (DESIGN.md "Sync protocol"), over httpx.

One round = push the outbox in client_seq order, in bounded batches, then pull pages until
the server has nothing more. Every step is safe to repeat: an op leaves the outbox only in
the transaction that records the server's answer for it, and a pulled page commits together
with its cursor, so a crash or a dropped response at any point loses nothing and applies
nothing twice.

Threading: `SyncClient.run_round` blocks; call it from a worker thread, never the UI thread.
Rounds are serialised by a lock. `progress` is called on the calling thread. The cache may be
written by other threads meanwhile (SQLite WAL); ops recorded during a round go next round.

For a background sync controller:
    client = SyncClient(cache, server_url, KeyringTokens(server_url, user), outbox=book.outbox)
    report = client.run_round(progress=..., cancel=threading.Event())   # worker thread
      ServerUnreachable -> offline (normal); LoginRequired -> ask for the password, client.login();
      UpgradeRequired -> stop syncing and say so; other SyncError -> show the one-line message.
    client.counts() -> (pending, needs attention); client.last_sync_at()   # any thread
    client.rejected_ops(), retry_rejected(op_id, fields), discard_rejected(op_id)
"""

from __future__ import annotations

import concurrent.futures
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from sdr_desk.core.entities import EntityKind, OpKind
from sdr_desk.core.hlc import Hlc
from sdr_desk.store.engine import Cache
from sdr_desk.store.outbox import PENDING, REJECTED, Outbox, get_state, set_state
from sdr_desk.store.practice import is_practice
from sdr_desk.store.repositories import LOCAL_REP
from sdr_desk.store.tables import OutboxOp
from sdr_desk.sync import merge
from sdr_desk.sync.credentials import TokenStore
from sdr_desk.sync.protocol import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    MAX_OPS_PER_PUSH,
    MAX_PULL_LIMIT,
    SCHEMA_VERSION,
    SERVER_OWNED_FIELDS,
    Change,
    ChangeKind,
    ErrorBody,
    ErrorCode,
    OpResult,
    OpStatus,
    PushResponse,
    TokenPair,
    UserInfo,
    UserView,
)

# Keys in sync_state (not secret: the refresh token is never stored here).
SERVER_URL = "server_url"
USERNAME = "username"
USER_ID = "user_id"
CURSOR = "cursor"
LAST_SYNC_AT = "last_sync_at"


class SyncError(Exception):
    """A round could not finish; the message is one line for the rep."""


class ServerUnreachable(SyncError):
    """Timeouts, refused connections or server errors after every retry: offline, not broken."""


class UpgradeRequired(SyncError):
    """The server no longer accepts this version's schema: sync stops until SDR Desk is updated."""


class LoginRequired(SyncError):
    """No valid session: the refresh token is missing, expired or was revoked."""


class PracticeBook(SyncError):
    """The profile holds a practice (demo) book: it is never pushed nor mixed with real work."""


class ServerRefused(SyncError):
    """The server answered a whole request with an error that retrying cannot fix."""


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # "push" or "pull"
    done: int
    total: int | None  # pull does not know its total in advance


@dataclass
class SyncReport:
    pushed: int = 0  # ops answered applied, duplicate or conflict, and removed from the outbox
    pulled: int = 0  # changes received and applied
    rejected: int = 0  # ops the server refused this round ("needs attention")
    pending: int = 0  # ops still waiting after the round
    duration_s: float = 0.0
    conflicts: int = 0
    needs_attention: int = 0  # every rejected op in the outbox, from any round
    batches: int = 0
    pages: int = 0
    # Leads whose own row or whose touches, qualifications or nurture changed in the pull:
    # the queue re-reads just these instead of the whole book.
    changed_leads: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with full jitter, so reconnecting clients do not stampede."""

    attempts: int = 6
    base_s: float = 0.25
    cap_s: float = 8.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0, min(self.cap_s, self.base_s * (2**attempt)))


ProgressFn = Callable[[SyncProgress], None]


def _error(response: httpx.Response) -> ErrorBody | None:
    try:
        return ErrorBody.model_validate(response.json())
    except (ValueError, ValidationError):
        return None


def _wire_fields(op: OutboxOp) -> dict[str, Any]:
    """What the rep may send: the record id travels as entity_id, server-owned fields not at all."""
    fields = dict(op.fields or {})
    if op.kind == OpKind.COMMAND:
        return fields
    fields.pop("id", None)
    for name in SERVER_OWNED_FIELDS.get(op.entity, ()):
        fields.pop(name, None)
    return fields


@dataclass
class _Batch:
    ops: list[dict[str, Any]] = field(default_factory=list)
    last_seq: int = 0


class SyncClient:
    def __init__(
        self,
        cache: Cache,
        server_url: str,
        tokens: TokenStore,
        *,
        outbox: Outbox | None = None,
        http: httpx.Client | None = None,
        batch_size: int = 500,
        pull_limit: int = 500,
        retry: RetryPolicy | None = None,
        timeout_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.cache = cache
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens
        self.outbox = outbox or Outbox(cache)
        self.batch_size = max(1, min(batch_size, MAX_OPS_PER_PUSH))
        self.pull_limit = max(1, min(pull_limit, MAX_PULL_LIMIT))
        # A first pull (empty cache) takes the book in the largest pages the server serves;
        # a caller asking for small pages gets them throughout.
        self.first_pull_limit = MAX_PULL_LIMIT if pull_limit >= DEFAULT_PULL_LIMIT else self.pull_limit
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._http = http or httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 5.0)))
        self._owns_http = http is None
        self._access: str | None = None
        self._round = threading.Lock()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- HTTP with retries ----------------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, wait_throttled: bool = True, **kw: Any) -> httpx.Response:
        """One request, retried on timeouts, connection errors, 5xx and throttling.

        Retrying is safe: pushes are idempotent by op_id and pulls by cursor.
        """
        url = f"{self.server_url}{API_PREFIX}{path}"
        problem = ""
        failures = 0
        refreshed = False
        while True:
            if failures:
                if failures >= self.retry.attempts:
                    raise ServerUnreachable(f"server {self.server_url} unreachable ({problem})")
                self._sleep(self.retry.delay(failures - 1, self._rng))
            headers = {"Authorization": f"Bearer {self._access_token()}"} if auth else {}
            try:
                response = self._http.request(method, url, headers=headers, **kw)
            except httpx.TimeoutException:
                problem, failures = "timed out", failures + 1
                continue
            except httpx.TransportError as exc:
                problem, failures = f"{type(exc).__name__}: {exc}"[:120], failures + 1
                continue
            status = response.status_code
            if status >= 500:
                problem, failures = f"server error {status}", failures + 1
                continue
            if status == 429 and not wait_throttled:
                return response
            if status == 429:
                body = _error(response)
                problem, failures = "throttled", failures + 1
                if body and body.retry_after:
                    self._sleep(min(float(body.retry_after), self.retry.cap_s))
                continue
            if status == 426:
                body = _error(response)
                since = f" (schema {body.min_schema_version} or later)" if body and body.min_schema_version else ""
                raise UpgradeRequired(f"the server needs a newer SDR Desk{since}; update to sync again — changes stay queued")
            if status == 401 and auth:
                if refreshed:
                    raise LoginRequired("the server ended this session; log in again")
                self._access = None  # expired or revoked: refresh once, then repeat the request
                refreshed = True
                continue
            return response

    def _access_token(self) -> str:
        if self._access is None:
            self._refresh()
        assert self._access is not None
        return self._access

    def _refresh(self) -> None:
        refresh_token = self.tokens.load()
        if not refresh_token:
            raise LoginRequired("not logged in: run `sdr-desk login --server URL --user NAME`")
        response = self._send("POST", "/auth/refresh", auth=False, json={"refresh_token": refresh_token,
                                                                            "client_id": self.outbox.client_id})
        if response.status_code in (400, 401, 403, 422):
            self.tokens.delete()
            body = _error(response)
            raise LoginRequired(f"log in again: {body.message if body else 'the session ended'}")
        self._check(response)
        pair = TokenPair.model_validate(response.json())
        # Rotation: the old token is now spent, so the new one must be kept before anything else.
        self.tokens.save(pair.refresh_token)
        self._access = pair.access_token

    def _check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            body = _error(response)
            detail = f"{body.error}: {body.message}" if body else response.text[:200]
            raise ServerRefused(f"server refused {response.request.method} {response.request.url.path}: {detail}")

    # --- login ----------------------------------------------------------------------------------

    def login(self, username: str, password: str) -> UserInfo:
        """Sign in with a password; the refresh token goes to `tokens` (the keyring), never the cache.

        The profile's server URL, user name and user id are saved first, so a missing keyring
        (NoKeyring from tokens.save) still leaves a usable session for this process.
        """
        with self.cache.session() as session:
            linked = get_state(session, SERVER_URL)
            pulled = int(get_state(session, CURSOR) or 0)
            practice = is_practice(session)
        if practice:
            raise PracticeBook("this profile holds a practice book: set it aside or discard it before signing in")
        if linked and pulled and linked != self.server_url:
            # The pull cursor and the cached book belong to that server.
            raise SyncError(f"this profile syncs with {linked}; use another --profile for {self.server_url}")
        # A throttled login is the rep's to hear about, not something to sit out in silence.
        response = self._send("POST", "/auth/login", auth=False, wait_throttled=False,
                              json={"username": username, "password": password,
                                    "client_id": self.outbox.client_id})
        if response.status_code in (401, 403, 429):
            body = _error(response)
            raise LoginRequired(body.message if body else "wrong user name or password")
        self._check(response)
        pair = TokenPair.model_validate(response.json())
        with self.cache.transaction() as session:
            known = get_state(session, USER_ID)
            if known not in (None, LOCAL_REP, pair.user.id):
                raise SyncError(
                    f"this profile holds another user's book; use another --profile for {username}"
                )
            set_state(session, SERVER_URL, self.server_url)
            set_state(session, USERNAME, username)
            set_state(session, USER_ID, pair.user.id)
            set_state(session, "user_role", pair.user.role.value)  # which desk the reports open
        self._access = pair.access_token
        self.tokens.save(pair.refresh_token)
        return pair.user

    def logout(self) -> None:
        """End the session on the server if it can be reached, and forget the token here anyway."""
        try:
            if self.tokens.load():
                response = self._send("POST", "/auth/logout")
                if response.status_code >= 400 and response.status_code != 401:
                    self._check(response)
        except SyncError:
            pass  # offline or already ended: the server session expires on its own
        finally:
            self._access = None
            self.tokens.delete()

    # --- a round --------------------------------------------------------------------------------

    def run_round(self, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> SyncReport:
        """Push, then pull. Raises SyncError subclasses; whatever finished before stays done."""
        started = time.monotonic()
        report = SyncReport()
        with self.cache.session() as session:
            if is_practice(session):  # signed in elsewhere, then a demo book was made here: never push it
                raise PracticeBook("this profile holds a practice book: it is never pushed")
        with self._round:
            self.push(report, progress, cancel)
            if not (cancel and cancel.is_set()):
                self.pull(report, progress, cancel)
                with self.cache.transaction() as session:
                    set_state(session, LAST_SYNC_AT, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
                self.refresh_roster()
            counts = self.counts()
        report.pending, report.needs_attention = counts
        report.duration_s = time.monotonic() - started
        return report

    def refresh_roster(self) -> None:
        """A team lead's (or admin's) cache keeps the team's names, away and capacity for its
        reports (GET /users); an SDR's has no use for them. A failure here fails no round."""
        from sdr_desk.store.reports import Member, TeamReports

        with self.cache.session() as session:
            role = get_state(session, "user_role")
        if role not in ("lead", "admin"):
            return
        try:
            response = self._send("GET", "/users")
            if response.status_code != 200:
                return
            users = [UserView.model_validate(u) for u in response.json()]
        except (SyncError, ValueError, ValidationError):
            return
        TeamReports(self.cache).save_roster(
            Member(u.id, u.username, u.role.value, u.team_id, u.active, u.away, u.capacity) for u in users
        )

    def last_sync_at(self) -> str | None:
        """When the last round finished (ISO-8601 UTC), for "last synced" in a status bar."""
        with self.cache.session() as session:
            return get_state(session, LAST_SYNC_AT)

    def counts(self) -> tuple[int, int]:
        """(pending, rejected) ops in the outbox: what a status bar shows."""
        with self.cache.session() as session:
            c = self.outbox.counts(session)
        return c.pending, c.rejected

    def _next_batch(self, after_seq: int, top_seq: int, size: int) -> _Batch:
        batch = _Batch(last_seq=after_seq)
        with self.cache.session() as session:
            for op in self.outbox.pending(session, limit=size, after_seq=after_seq):
                if op.seq > top_seq:
                    break
                batch.ops.append(
                    {
                        "op_id": op.op_id,
                        "client_id": self.outbox.client_id,
                        "client_seq": op.seq,
                        "entity": op.entity.value,
                        "entity_id": op.entity_id,
                        "kind": op.kind.value,
                        "fields": _wire_fields(op),
                        "hlc": op.hlc,
                    }
                )
                batch.last_seq = op.seq
        return batch

    def push(self, report: SyncReport, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> None:
        with self.cache.session() as session:
            total, top = session.execute(
                select(func.count(), func.max(OutboxOp.seq)).where(OutboxOp.state == PENDING)
            ).one()
        if not total:
            return
        size = self.batch_size
        after, done = 0, 0
        while not (cancel and cancel.is_set()):
            batch = self._next_batch(after, top, size)
            if not batch.ops:
                break
            response = self._send(
                "POST",
                "/sync/push",
                json={"client_id": self.outbox.client_id, "schema_version": SCHEMA_VERSION, "ops": batch.ops},
            )
            body = _error(response) if response.status_code >= 400 else None
            if body and body.error in (ErrorCode.BODY_TOO_LARGE, ErrorCode.BATCH_TOO_LARGE) and size > 1:
                size = max(1, size // 2)  # long notes: smaller batches, same order
                continue
            if body and body.error == ErrorCode.INVALID_REQUEST:
                # One malformed op must not hold the whole outbox back: halve the batch until it
                # stands alone, then keep it as rejected so the rep sees it.
                if size > 1:
                    size = max(1, size // 2)
                    continue
                where = "; ".join(f"{'.'.join(map(str, d.loc))}: {d.message}" for d in body.details[:3])
                self._refuse_locally(batch.ops[0]["op_id"], f"invalid_request: {body.message}" + (f" ({where})" if where else ""), report)
                done += 1
                after, size = batch.last_seq, self.batch_size
                continue
            self._check(response)
            answer = self._parse(PushResponse, response)
            self._record_answers(answer, report)
            report.batches += 1
            done += len(batch.ops)
            after = batch.last_seq
            if progress:
                progress(SyncProgress("push", done, total))

    def _refuse_locally(self, op_id: str, reason: str, report: SyncReport) -> None:
        with self.cache.transaction() as session:
            op = session.scalar(select(OutboxOp).where(OutboxOp.op_id == op_id, OutboxOp.state == PENDING))
            if op is not None:
                op.state, op.reject_reason = REJECTED, reason
                report.rejected += 1

    @staticmethod
    def _parse(model: type[Any], response: httpx.Response) -> Any:
        try:
            return model.model_validate(response.json())
        except (ValueError, ValidationError):
            raise ServerRefused(f"unexpected answer from the server to {response.request.url.path}") from None

    @staticmethod
    def _parse_page(response: httpx.Response) -> _Page:
        """The page straight from its bytes; record fields stay plain JSON values (checked
        column by column as they are applied), not validated value by value here."""
        try:
            return _Page.model_validate_json(response.content)
        except ValueError:
            raise ServerRefused(f"unexpected answer from the server to {response.request.url.path}") from None

    def _record_answers(self, answer: PushResponse, report: SyncReport) -> None:
        """The server's answer for each op, in one transaction: removed, or kept as rejected."""
        results: dict[str, OpResult] = {str(r.op_id): r for r in answer.results}
        # Applied (or applied before): the op simply leaves the outbox, a statement per 900.
        done = [op_id for op_id, r in results.items() if _settled(r) == OpStatus.APPLIED
                or (_settled(r) == OpStatus.CONFLICT and not r.winner)]
        with self.cache.transaction() as session:
            for start in range(0, len(done), 900):
                gone = session.execute(
                    delete(OutboxOp).where(OutboxOp.op_id.in_(done[start : start + 900]), OutboxOp.state == PENDING),
                    execution_options={"synchronize_session": False},
                )
                report.pushed += gone.rowcount
            for op_id in done:
                del results[op_id]
            rows = {
                op.op_id: op
                for op in session.scalars(select(OutboxOp).where(OutboxOp.op_id.in_(list(results))))
            }
            for op_id, result in results.items():
                op = rows.get(op_id)
                if op is None or op.state != PENDING:
                    continue  # discarded by the rep meanwhile, or answered by an earlier attempt
                status = _settled(result)
                if status == OpStatus.REJECTED:
                    op.state = REJECTED
                    op.reject_reason = self._reason(result)
                    report.rejected += 1
                    continue
                if status == OpStatus.CONFLICT and result.winner:
                    merge.apply_winner(
                        session,
                        op.entity,
                        op.entity_id,
                        result.winner,
                        self.outbox.client_id,
                        answered_op_id=op.op_id,
                        clocks=getattr(result, "winner_clocks", None),
                    )
                    report.conflicts += 1
                session.delete(op)
                report.pushed += 1
            self.outbox.clock.observe(Hlc.parse(answer.server_hlc))
            self.outbox.save_clock(session)

    @staticmethod
    def _reason(result: OpResult) -> str:
        parts = [str(result.reason or "rejected")]
        if result.message:
            parts.append(result.message)
        if result.field_errors:
            parts.append("; ".join(f"{e.field}: {e.message}" for e in result.field_errors))
        return ": ".join(parts)

    def pull(self, report: SyncReport, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> None:
        with self.cache.session() as session:
            cursor = int(get_state(session, CURSOR) or 0)
        limit = self.first_pull_limit if cursor == 0 else self.pull_limit
        # While a page is applied, the next one is already on its way (one request in flight,
        # on one helper thread): the server's time and the cache's overlap. A page is still
        # applied only after the one before it has committed, each with its cursor.
        ahead = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="sdr-pull")
        try:
            self._pull_pages(report, cursor, limit, ahead, progress, cancel)
        finally:
            ahead.shutdown(wait=True, cancel_futures=True)

    def _fetch_page(self, cursor: int, limit: int) -> tuple[_Page, int]:
        while True:
            response = self._send("GET", "/sync/pull", params={"cursor": cursor, "limit": limit, "schema_version": SCHEMA_VERSION})
            if response.status_code == 422 and limit > self.pull_limit:
                limit = self.pull_limit  # a server that serves smaller pages
                continue
            self._check(response)
            return self._parse_page(response), limit

    def _pull_pages(self, report: SyncReport, cursor: int, limit: int, ahead: concurrent.futures.Executor,
                    progress: ProgressFn | None, cancel: threading.Event | None) -> None:
        coming = ahead.submit(self._fetch_page, cursor, limit)
        while not (cancel and cancel.is_set()):
            page, limit = coming.result()
            if page.has_more:
                coming = ahead.submit(self._fetch_page, page.cursor, limit)
            try:
                with self.cache.transaction() as session:
                    stored = int(get_state(session, CURSOR) or 0)
                    if stored != cursor:
                        raise SyncError("the pull cursor moved under this round; try again")
                    merge.apply_changes(session, page.changes, self.outbox.client_id)
                    changed = _changed_leads(page.changes)
                    if changed:  # their scoring inputs may have moved: score them again
                        merge.mark_for_rescoring(session, changed)
                    set_state(session, CURSOR, str(page.cursor))
                    self.outbox.clock.observe(Hlc.parse(page.server_hlc))
                    self.outbox.save_clock(session)
            except (ValueError, KeyError, TypeError, SQLAlchemyError) as exc:
                # Nothing of the page was kept; say which page, in one line, instead of a traceback.
                first = page.changes[0].seq if page.changes else cursor
                raise SyncError(f"could not apply pulled changes {first}..{page.cursor}: {str(exc).splitlines()[0][:200]}") from exc
            report.pulled += len(page.changes)
            report.pages += 1
            report.changed_leads.update(changed)
            cursor = page.cursor
            if progress:
                progress(SyncProgress("pull", report.pulled, None))
            if not page.has_more:
                break

    # --- "needs attention": what the rep does with rejected ops ----------------------------------

    def rejected_ops(self) -> list[OutboxOp]:
        with self.cache.session() as session:
            return list(session.scalars(select(OutboxOp).where(OutboxOp.state == REJECTED).order_by(OutboxOp.seq)))

    def retry_rejected(self, op_id: str, fields: dict[str, Any] | None = None) -> None:
        """Back to pending (after an edit), keeping its place in client_seq order."""
        with self.cache.transaction() as session:
            op = session.scalar(select(OutboxOp).where(OutboxOp.op_id == op_id, OutboxOp.state == REJECTED))
            if op is None:
                raise SyncError("no such rejected change")
            if fields is not None:
                op.fields = fields
            op.state = PENDING
            op.reject_reason = None

    def discard_rejected(self, op_id: str) -> None:
        """Give up a rejected change: undo it locally so the cache matches the server again."""
        with self.cache.transaction() as session:
            op = session.scalar(select(OutboxOp).where(OutboxOp.op_id == op_id, OutboxOp.state == REJECTED))
            if op is None:
                raise SyncError("no such rejected change")
            row_cls = merge.ROWS.get(op.entity)
            if op.kind in (OpKind.CREATE, OpKind.APPEND) and row_cls is not None:
                session.execute(delete(row_cls).where(row_cls.id == op.entity_id))
            else:
                # The value before the edit is gone; pull the book again to restore the server's.
                set_state(session, CURSOR, "0")
            session.delete(op)


class _PageChange(BaseModel):
    """protocol.Change as the workstation reads it: `fields` as decoded, not walked by pydantic."""

    seq: int
    entity: EntityKind
    entity_id: str
    kind: ChangeKind
    lead_id: str | None = None
    fields: dict[str, Any] | None = None
    clocks: dict[str, str] | None = None


class _Page(BaseModel):
    changes: list[_PageChange]
    cursor: int
    has_more: bool
    server_hlc: str


def _settled(result: OpResult) -> OpStatus:
    """What the server did with the op: for a duplicate, what it did the first time."""
    if result.status == OpStatus.DUPLICATE and result.original_status is not None:
        return result.original_status
    return result.status


def _changed_leads(changes: Iterable[Change]) -> set[str]:
    """Leads whose own row, or a record of theirs (touch, event, qualification), changed."""
    return {
        c.entity_id if c.entity == EntityKind.LEAD else c.lead_id
        for c in changes
        if c.entity == EntityKind.LEAD or c.lead_id
    }


def stored_login(cache: Cache) -> tuple[str | None, str | None]:
    """The profile's (server URL, user name), as saved by the last login."""
    with cache.session() as session:
        return get_state(session, SERVER_URL), get_state(session, USERNAME)


__all__ = [
    "LoginRequired",
    "PracticeBook",
    "RetryPolicy",
    "ServerRefused",
    "ServerUnreachable",
    "SyncClient",
    "SyncError",
    "SyncProgress",
    "SyncReport",
    "UpgradeRequired",
    "stored_login",
]
