"""Record ids: UUIDv7, generated on the client so records made offline never collide."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())
