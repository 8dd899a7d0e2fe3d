"""Background sync: a round every N seconds and on demand, never on the UI thread.

Threading: rounds run on a thread of their own, over a second connection to the cache, not
in the window's database worker. A round is mostly waiting on the network and can last
minutes (days of offline work, a first pull of a large book); in the window's worker it would
hold up every queue and lead read until it ended. SQLite in WAL mode lets the window read
meanwhile, and every write here is one short transaction (one push batch's answers, one
pulled page with its cursor), so a write on either side waits at most that long for the
other (busy_timeout 5 s); the driver begins each transaction at its first write, so the wait is
for the lock, never a stale snapshot that would fail at once. Only the window's Outbox object is shared: its clock is
thread-safe, and sharing it makes local edits stamp later than the server's clock seen here.
If a write still finds the cache locked, the round ends early with nothing half-committed
and the next round carries on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from sdr_desk.core.entities import Direction
from sdr_desk.gui.desk import DeskOps
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.outbox import Outbox, get_state
from sdr_desk.store.tables import LeadRow, OutboxOp
from sdr_desk.sync.client import (
    CURSOR,
    USER_ID,
    LoginRequired,
    RetryPolicy,
    ServerUnreachable,
    SyncClient,
    SyncError,
    SyncProgress,
    SyncReport,
    UpgradeRequired,
    stored_login,
)
from sdr_desk.sync.credentials import KeyringTokens, NoKeyring

log = logging.getLogger(__name__)

# A background round gives up on an unreachable server quickly: the next round retries anyway.
GUI_RETRY = RetryPolicy(attempts=3, base_s=0.25, cap_s=2.0)
TIMEOUT_S = 20.0


class SyncState(StrEnum):
    OFFLINE = "offline"
    ONLINE = "online"
    SYNCING = "syncing"
    LOGIN_NEEDED = "login_needed"
    UPGRADE_REQUIRED = "upgrade_required"


@dataclass(frozen=True)
class RejectedOp:
    """A change the server refused, as the needs-attention list shows it (plain data, any thread)."""

    op_id: str
    entity: str
    entity_id: str
    kind: str
    fields: dict[str, Any]
    reason: str
    created_at: datetime | None


@dataclass(frozen=True)
class AssignedLead:
    lead_id: str
    name: str


@dataclass
class RoundOutcome:
    report: SyncReport
    last_sync: datetime | None
    assigned: list[AssignedLead] = field(default_factory=list)


@dataclass(frozen=True)
class Resumed:
    server_url: str | None
    username: str | None
    signed_in: bool
    note: str  # why the password is needed again, or ""
    pending: int
    needs_attention: int
    last_sync: datetime | None


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


class SessionTokens:
    """The keyring when it works; otherwise this process's memory only, so the password is
    asked again at the next start. Never a file."""

    def __init__(self, server_url: str, username: str) -> None:
        self._keyring = KeyringTokens(server_url, username)
        self._memory: str | None = None
        self.no_keyring = ""

    def load(self) -> str | None:
        if self._memory is not None:
            return self._memory
        try:
            return self._keyring.load()
        except NoKeyring as exc:
            self.no_keyring = str(exc)
            return None

    def save(self, token: str) -> None:
        try:
            self._keyring.save(token)
            self._memory = None
        except NoKeyring as exc:
            self.no_keyring = str(exc)
            self._memory = token

    def delete(self) -> None:
        self._memory = None
        try:
            self._keyring.delete()
        except NoKeyring:
            pass  # nothing can have been stored there


class SyncEngine:
    """Everything the sync thread does; built, used and closed only on that thread. No Qt."""

    def __init__(self, cache_path: Path, outbox: Outbox, retry: RetryPolicy = GUI_RETRY) -> None:
        self.cache: Cache = open_cache(cache_path, migrate=False)  # the window opened (and migrated) it
        self.outbox = outbox
        self.retry = retry
        self.client: SyncClient | None = None
        self.tokens: SessionTokens | None = None

    def _client(self, server_url: str, username: str) -> tuple[SyncClient, SessionTokens]:
        tokens = SessionTokens(server_url, username)
        client = SyncClient(self.cache, server_url, tokens, outbox=self.outbox, retry=self.retry, timeout_s=TIMEOUT_S)
        return client, tokens

    def _use(self, client: SyncClient, tokens: SessionTokens) -> None:
        if self.client is not None and self.client is not client:
            self.client.close()
        self.client, self.tokens = client, tokens

    def _counts(self) -> tuple[int, int]:
        with self.cache.session() as session:
            c = self.outbox.counts(session)
        return c.pending, c.rejected

    def _last_sync(self) -> datetime | None:
        with self.cache.session() as session:
            return _parse_time(get_state(session, "last_sync_at"))

    def resume(self) -> Resumed:
        server, username = stored_login(self.cache)
        signed_in, note = False, ""
        if server and username:
            self._use(*self._client(server, username))
            assert self.tokens is not None
            signed_in = bool(self.tokens.load())
            note = self.tokens.no_keyring
        pending, rejected = self._counts()
        return Resumed(server, username, signed_in, note, pending, rejected, self._last_sync())

    def sign_in(self, server_url: str, username: str, password: str) -> str:
        """Returns a note for the rep ("" or why the password will be asked next time)."""
        client, tokens = self._client(server_url, username)
        try:
            client.login(username, password)
        except BaseException:
            client.close()  # a failed attempt leaves the session that was working alone
            raise
        self._use(client, tokens)
        return tokens.no_keyring

    def sign_out(self) -> None:
        if self.client is not None:
            self.client.logout()

    def run_round(self, progress: Callable[[SyncProgress], None], cancel: threading.Event) -> RoundOutcome:
        if self.client is None:
            raise LoginRequired("not signed in")
        with self.cache.session() as session:
            first_pull = int(get_state(session, CURSOR) or 0) == 0
            user_id = get_state(session, USER_ID)
        before = self._inbound_untouched(user_id)
        report = self.client.run_round(progress, cancel)
        assigned: list[AssignedLead] = []
        if report.pulled and not first_pull:  # a first pull brings the whole book: nothing is "new"
            after = self._inbound_untouched(user_id)
            assigned = [AssignedLead(i, name) for i, name in after.items() if i not in before]
        return RoundOutcome(report, self._last_sync(), assigned)

    def _inbound_untouched(self, user_id: str | None) -> dict[str, str]:
        """This rep's inbound leads nobody has touched yet: the ones an SLA clock runs on."""
        if not user_id:
            return {}
        with self.cache.session() as session:
            rows = session.execute(
                select(LeadRow.id, LeadRow.full_name).where(
                    LeadRow.owner_id == user_id,
                    LeadRow.direction == Direction.INBOUND,
                    LeadRow.first_touch_at.is_(None),
                )
            ).all()
        return {lead_id: name for lead_id, name in rows}

    def rejected(self) -> list[RejectedOp]:
        with self.cache.session() as session:
            ops = session.scalars(select(OutboxOp).where(OutboxOp.state == "rejected").order_by(OutboxOp.seq))
            return [
                RejectedOp(op.op_id, op.entity.value, op.entity_id, op.kind.value, dict(op.fields or {}),
                           op.reject_reason or "", op.created_at)
                for op in ops
            ]

    def _offline_client(self) -> SyncClient:
        # Resolving rejected ops needs no server; a signed-out profile can still do it.
        return self.client or SyncClient(self.cache, "http://offline.invalid", SessionTokens("", ""), outbox=self.outbox)

    def retry_rejected(self, op_id: str, fields: dict[str, Any] | None) -> tuple[int, int]:
        self._offline_client().retry_rejected(op_id, fields)
        return self._counts()

    def discard_rejected(self, op_id: str) -> tuple[int, int]:
        self._offline_client().discard_rejected(op_id)
        return self._counts()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.cache.close()


class _Relay(QObject):
    """Carries progress from the sync thread to the UI thread (a queued connection)."""

    progress = Signal(str, int, int)


class SyncController(QObject):
    """Schedules rounds and reports them; all slots and signals are on the UI thread."""

    state_changed = Signal(str)  # a SyncState value
    progress = Signal(str, int, int)  # phase ("push"/"pull"), done, total (0: not known yet)
    finished = Signal(object)  # SyncReport
    counts_changed = Signal(int, int)  # pending ops, needs attention
    needs_attention_changed = Signal(int)
    leads_assigned = Signal(list)  # [AssignedLead], newly assigned inbound leads
    signed_in_changed = Signal(bool)
    message = Signal(str)  # one line for the status bar
    last_sync_changed = Signal(object)  # datetime | None
    queue_changed = Signal()  # the signed-in user changed: the queue must be ranked again
    ready = Signal()  # the sync connection is open; signing in is possible
    password_needed = Signal()  # a stored login, but no keyring to keep its session: ask again

    def __init__(self, runner: TaskRunner, desk: Any, interval_ms: int, parent: QObject | None = None,
                 retry: RetryPolicy = GUI_RETRY, ops: DeskOps | None = None) -> None:
        super().__init__(parent)
        self._runner = runner  # the window's database worker
        self._desk = desk
        # What a round wrote reaches the queue and every view through the desk's change sets.
        self._ops = ops if ops is not None else DeskOps(runner, desk, self)
        self._net = TaskRunner(self)  # the sync thread: one round at a time, in order
        self._net.default_failure = self._unexpected
        self._retry = retry
        self._relay = _Relay(self)
        self._relay.progress.connect(self.progress)
        self._cancel = threading.Event()
        self._timer = QTimer(self, singleShot=True, interval=max(1, interval_ms))
        self._timer.timeout.connect(self.sync_now)
        self._running = False
        self._again = False
        self._stopped = False
        self.state = SyncState.LOGIN_NEEDED
        self.online = False
        self.server_url: str | None = None
        self.username: str | None = None
        self.pending = 0
        self.needs_attention = 0
        self.last_sync: datetime | None = None

    # --- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Open the sync connection, pick up a stored session and sync once if there is one."""
        desk = self._desk
        self._runner.run(lambda: (desk.cache.path, desk.outbox), self._open, self._unexpected, owner=self)

    def _open(self, found: tuple[Path, Outbox]) -> None:
        path, outbox = found
        retry = self._retry

        def open_engine() -> Resumed:
            self._engine = SyncEngine(path, outbox, retry)
            return self._engine.resume()

        self._net.run(open_engine, self._resumed, self._unexpected, owner=self)

    def _resumed(self, r: Resumed) -> None:
        self.server_url, self.username = r.server_url, r.username
        self._set_counts(r.pending, r.needs_attention)
        self._set_last_sync(r.last_sync)
        self.signed_in_changed.emit(r.signed_in)
        self.ready.emit()
        if r.note and not r.signed_in:
            self.message.emit(self.tr("No keyring available: sign in each time SDR Desk starts."))
            self.password_needed.emit()
        if r.signed_in:
            self._set_state(SyncState.OFFLINE)
            self.sync_now()
        else:
            self._set_state(SyncState.LOGIN_NEEDED)

    def shutdown(self) -> None:
        """Stop after the current batch, close the sync connection and the thread."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        self._cancel.set()
        self._net.run(self._close_engine)
        self._net.shutdown()

    def _close_engine(self) -> None:
        engine = getattr(self, "_engine", None)
        if engine is not None:
            engine.close()

    def set_interval_ms(self, interval_ms: int) -> None:
        """Time between the end of one background round and the start of the next."""
        self._timer.setInterval(max(1, interval_ms))

    @property
    def running(self) -> bool:
        return self._running

    @property
    def round_scheduled(self) -> bool:
        """A background round will start when the interval is up."""
        return self._timer.isActive()

    # --- signing in and out ----------------------------------------------------------------

    def sign_in(self, server_url: str, username: str, password: str,
                done: Callable[[str | None], None]) -> None:
        """`done(None)` on success, else `done(reason)`; a first round follows at once."""
        url = server_url.strip().rstrip("/")

        def work() -> str:
            return self._engine.sign_in(url, username, password)

        def ok(note: str) -> None:
            self.server_url, self.username = url, username
            self.online = True
            self._set_state(SyncState.ONLINE)
            self.signed_in_changed.emit(True)
            if note:
                self.message.emit(self.tr("No keyring available: sign in each time SDR Desk starts."))
            self._follow_rep()
            done(None)
            self.sync_now()

        def failed(failure: TaskFailed) -> None:
            done(self._reason(failure.error))

        self._net.run(work, ok, failed, owner=self)

    def _follow_rep(self) -> None:
        """The queue ranks for the signed-in user: rebuild it if the profile's user changed."""
        self._ops.follow(lambda desk: desk.follow_rep(), self._queue_changed)

    def _queue_changed(self) -> None:
        self.queue_changed.emit()

    def _reload_queue(self, lead_ids: set[str] | None = None) -> None:
        """The queue keeps its leads' facts in memory: read the pulled ones again (or all)."""
        ids = None if lead_ids is None else sorted(lead_ids)
        self._ops.follow(lambda desk: desk.pulled(ids), self._queue_changed)

    def sign_out(self) -> None:
        self._timer.stop()
        self._net.run(self._engine_sign_out, lambda _none: self._signed_out(), self._unexpected, owner=self)

    def _engine_sign_out(self) -> None:
        self._engine.sign_out()

    def _signed_out(self) -> None:
        self._timer.stop()  # a round that ended meanwhile may have scheduled the next
        self.online = False
        self._set_state(SyncState.LOGIN_NEEDED)
        self.signed_in_changed.emit(False)

    def _reason(self, error: BaseException) -> str:
        if isinstance(error, ServerUnreachable):
            return self.tr("Cannot reach the server. Check the address and the network.")
        if isinstance(error, LoginRequired):
            return self.tr("Sign-in refused: %1").replace("%1", str(error))
        if isinstance(error, UpgradeRequired):
            return self.tr("This server needs a newer SDR Desk.")
        if isinstance(error, SyncError):
            return str(error)
        return self.tr("Unexpected error: %1").replace("%1", str(error))

    # --- rounds ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        """Start a round now, or right after the one running."""
        if self._stopped:
            return
        if self.state in (SyncState.LOGIN_NEEDED, SyncState.UPGRADE_REQUIRED):
            self._timer.stop()
            return
        if self._running:
            self._again = True
            return
        self._timer.stop()
        self._running = True
        self._again = False
        self._previous_state = self.state
        self._set_state(SyncState.SYNCING)
        relay, cancel = self._relay, self._cancel

        def progress(p: SyncProgress) -> None:  # on the sync thread
            relay.progress.emit(p.phase, p.done, p.total or 0)

        self._net.run(lambda: self._engine.run_round(progress, cancel), self._round_done, self._round_failed, owner=self)

    def _round_done(self, outcome: RoundOutcome) -> None:
        self._running = False
        report = outcome.report
        self.online = True
        self._set_state(SyncState.ONLINE)
        self._set_counts(report.pending, report.needs_attention)
        self._set_last_sync(outcome.last_sync)
        if report.pulled:
            self._reload_queue(report.changed_leads)
        if outcome.assigned:
            self.leads_assigned.emit(outcome.assigned)
        self.finished.emit(report)
        self._next()

    def _round_failed(self, failure: TaskFailed) -> None:
        self._running = False
        error = failure.error
        if isinstance(error, ServerUnreachable):
            was_online = self.online
            self.online = False
            self._set_state(SyncState.OFFLINE)
            if was_online:  # once per outage, not once per round
                self.message.emit(self.tr("Server unreachable: working offline, changes stay queued."))
        elif isinstance(error, LoginRequired):
            self.online = False
            self._set_state(SyncState.LOGIN_NEEDED)
            self.signed_in_changed.emit(False)
            self.message.emit(self.tr("Sign in again to sync: %1").replace("%1", str(error)))
        elif isinstance(error, UpgradeRequired):
            self._set_state(SyncState.UPGRADE_REQUIRED)
            self.message.emit(self.tr("Sync stopped: the server needs a newer SDR Desk. Changes stay queued."))
        elif isinstance(error, OperationalError):
            # The cache stayed locked past busy_timeout: what committed stays, the rest goes next round.
            log.warning("sync round stopped on a locked cache: %s", error)
            self._set_state(self._previous_state)
            self.message.emit(self.tr("Sync paused: the local cache was busy. It will try again."))
        else:
            log.warning("sync round failed: %s", failure.details)
            self._set_state(SyncState.ONLINE if self.online else SyncState.OFFLINE)
            self.message.emit(self.tr("Sync failed: %1").replace("%1", str(error)))
        self._next()

    def _next(self) -> None:
        if self._stopped or self.state in (SyncState.LOGIN_NEEDED, SyncState.UPGRADE_REQUIRED):
            return
        if self._again:
            self.sync_now()
        else:
            self._timer.start()

    # --- needs attention -------------------------------------------------------------------

    def load_rejected(self, done: Callable[[list[RejectedOp]], None]) -> None:
        self._net.run(lambda: self._engine.rejected(), done, self._unexpected, owner=self)

    def retry_rejected(self, op_id: str, fields: dict[str, Any] | None, done: Callable[[], None]) -> None:
        def ok(counts: tuple[int, int]) -> None:
            self._set_counts(*counts)
            done()
            self.sync_now()

        self._net.run(lambda: self._engine.retry_rejected(op_id, fields), ok, self._unexpected, owner=self)

    def discard_rejected(self, op_id: str, done: Callable[[], None]) -> None:
        def ok(counts: tuple[int, int]) -> None:
            self._set_counts(*counts)
            done()

        self._net.run(lambda: self._engine.discard_rejected(op_id), ok, self._unexpected, owner=self)

    # --- state -----------------------------------------------------------------------------

    def _set_state(self, state: SyncState) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state.value)

    def _set_counts(self, pending: int, needs_attention: int) -> None:
        changed = needs_attention != self.needs_attention
        self.pending, self.needs_attention = pending, needs_attention
        self.counts_changed.emit(pending, needs_attention)
        if changed:
            self.needs_attention_changed.emit(needs_attention)

    def _set_last_sync(self, moment: datetime | None) -> None:
        if moment is not None and moment != self.last_sync:
            self.last_sync = moment
            self.last_sync_changed.emit(moment)

    def _unexpected(self, failure: TaskFailed) -> None:
        log.error("sync task failed: %s", failure.details)
        self.message.emit(self.tr("Sync failed: %1").replace("%1", str(failure.error)))
