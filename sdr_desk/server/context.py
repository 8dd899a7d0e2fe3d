"""What a running server needs: its database, its clock and its settings (no globals)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import Engine

from sdr_desk.core.clock import Clock, utc_now
from sdr_desk.core.hlc import Hlc


@dataclass(frozen=True)
class Settings:
    access_ttl_s: int = 15 * 60
    refresh_ttl_s: int = 30 * 24 * 3600
    # A rotated refresh token presented again this soon, by the workstation that logged in
    # (its client id), while the pair it was swapped for is still unused, is that workstation
    # retrying after the answer was lost on the way (a trade-show network), not a copy: the
    # stranded pair is withdrawn and a new one issued. Any other presentation is reuse.
    refresh_retry_grace_s: int = 60
    # Login throttling. Per account and address together: a few free failures, then each next
    # attempt waits twice as long as the last (up to throttle_max_delay_s), remembered for
    # throttle_memory_s. Per address: failures across all accounts within the window. Per
    # account: from addresses it never signed in from, after many failures within the window,
    # so guessing from many addresses stops while the rep at their own machine still gets in.
    throttle_window_s: int = 15 * 60
    throttle_memory_s: int = 24 * 3600
    throttle_max_delay_s: int = 15 * 60
    free_failures_per_pair: int = 3
    max_failures_per_address: int = 30
    max_failures_per_account: int = 20
    # A client clock more than this ahead of the server is pulled back (core.hlc.clamp).
    max_clock_ahead_ms: int = 60_000
    sweep_interval_s: float | None = 30.0  # None: no background SLA sweeper in this process
    sweep_batch: int = 200


def default_hasher() -> PasswordHasher:
    return PasswordHasher()


@dataclass
class ServerContext:
    engine: Engine
    url: str
    clock: Clock = utc_now
    settings: Settings = field(default_factory=Settings)
    hasher: PasswordHasher = field(default_factory=default_hasher)

    _dummy: str | None = field(default=None, repr=False)

    def dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = self.hasher.hash(secrets.token_hex(8))
        return self._dummy

    def now(self) -> datetime:
        return self.clock()

    def now_ms(self) -> int:
        return int(self.clock().timestamp() * 1000)

    def server_hlc(self) -> Hlc:
        return Hlc(self.now_ms(), 0)
