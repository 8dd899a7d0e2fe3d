"""What the request guard costs before a body reaches its route: counting JSON depth without
parsing, on the largest push a workstation sends and on hostile bodies at the size cap.

Figures (printed as `figure-name: value unit`). SDR_DESK_BENCH_SIZE=full repeats each more.
"""

from __future__ import annotations

import json
import os
import time
import uuid

from sdr_desk.server.app import json_depth
from sdr_desk.sync.protocol import MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_OPS_PER_PUSH

ROUNDS = 20 if os.environ.get("SDR_DESK_BENCH_SIZE", "small") == "full" else 3


def _best_ms(body: bytes) -> tuple[float, int]:
    best, depth = float("inf"), 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        depth = json_depth(body, MAX_JSON_DEPTH)
        best = min(best, time.perf_counter() - started)
    return best * 1000, depth


def test_guard_cost() -> None:
    ops = [{"op_id": str(uuid.uuid4()), "client_id": "ws-1", "client_seq": n, "entity": "lead",
            "entity_id": str(uuid.uuid4()), "kind": "create", "hlc": "0001764000000000-00000",
            "fields": {"full_name": f"Lead {n}", "emails": [f"lead{n}@example.com"], "tags": ["webinar", "[q4]"]}}
           for n in range(MAX_OPS_PER_PUSH)]
    push = json.dumps({"client_id": "ws-1", "schema_version": 1, "ops": ops}).encode()
    text_brackets = json.dumps({"x": "[{" * ((MAX_BODY_BYTES - 40) // 2)}).encode()
    escapes = json.dumps({"x": ['\\"[' * ((MAX_BODY_BYTES - 40) // 6)]}).encode()
    deep = b"[" * (MAX_BODY_BYTES // 2) + b"]" * (MAX_BODY_BYTES // 2)
    for name, body, expected in (("push-1000-ops", push, 5), ("brackets-in-text-4mb", text_brackets, 1),
                                 ("escaped-quotes-4mb", escapes, 2), ("nested-arrays-4mb", deep, MAX_JSON_DEPTH + 1)):
        ms, depth = _best_ms(body)
        assert depth == expected, (name, depth)
        print(f"guard-json-depth-{name}: {ms:.2f} ms ({len(body) / 1e6:.1f} MB)")
