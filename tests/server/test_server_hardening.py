"""Hostile and malformed input: every answer is a 4xx with the ErrorBody shape, on SQLite and
PostgreSQL alike; the document and the behaviour agree; the request log tells a client that
went away from a server error."""

from __future__ import annotations

import json
import logging
import socket
import time

import pytest
from conftest import PASSWORD, Api

from sdr_desk.core.ids import new_id
from sdr_desk.sync.protocol import MAX_JSON_DEPTH

# Arrays about 900 deep with a \u escape: enough to overflow a recursive parser or walker.
DEEP_ARRAYS = "[" * 900 + '"\\u0041"' + "]" * 900
DEEP_OBJECTS = '{"a":' * 900 + '"\\u0000"' + "}" * 900


def _world(api: Api) -> dict[str, str]:
    api.team("north")
    rep = api.user("rep-a", "sdr", "north")
    api.user("lead-a", "lead", "north")
    api.user("admin", "admin")
    return {"rep": rep, "key": api.api_key("north")}


def _writing_operations(api: Api) -> list[tuple[str, str]]:
    document = api.http.get("/openapi.json").json()
    return [(method.upper(), path.replace("{user_id}", new_id()).replace("{team_id}", new_id()))
            for path, item in document["paths"].items() for method in item if method in ("post", "put", "patch")]


def _assert_error_body(response, status: int | None = None) -> dict:  # type: ignore[no-untyped-def]
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if status is not None:
        assert response.status_code == status, response.text[:300]
    body = response.json()
    assert isinstance(body["error"], str) and isinstance(body["message"], str)
    return body


@pytest.mark.parametrize("payload", [DEEP_ARRAYS, DEEP_OBJECTS], ids=["arrays", "objects"])
def test_deeply_nested_json_is_refused_on_every_writing_route(api: Api, payload: str) -> None:
    world = _world(api)
    admin = api.login("admin")
    operations = _writing_operations(api)
    assert ("POST", "/api/v1/auth/login") in operations and ("POST", "/api/v1/intake/leads") in operations
    for method, path in operations:
        for media in ("application/json", "application/merge-patch+json; charset=utf-8", None):
            headers = {**admin.headers, "X-API-Key": world["key"], **({"Content-Type": media} if media else {})}
            response = api.http.request(method, path, content=payload.encode(), headers=headers)
            body = _assert_error_body(response, 422)
            assert body["details"][0]["type"] == "json_too_deep", (method, path, media, body)


def test_nesting_up_to_the_limit_still_reaches_validation(api: Api) -> None:
    _world(api)
    rep = api.login("rep-a")

    def push_nested(wraps: int):  # type: ignore[no-untyped-def]
        # {ops: [{fields: {nested: F}}]} is 4 levels; F is 1, and each wrap adds 2.
        nested: dict = {"full_name": "Kim"}
        for _ in range(wraps):
            nested = {"x": [nested]}
        return rep.push(rep.op("lead", new_id(), "create", {"full_name": "Kim", "nested": nested}))

    deepest = (MAX_JSON_DEPTH - 5) // 2
    response = push_nested(deepest)
    assert response.status_code == 200, response.text  # parsed; the op is then judged on its fields
    assert response.json()["results"][0]["status"] == "rejected"
    assert _assert_error_body(push_nested(deepest + 1), 422)["details"][0]["type"] == "json_too_deep"


@pytest.mark.parametrize("raw", [b'{"username": "rep-a", "password": ', b'{"username": "rep-\xff"}', b"\x00",
                                 b'{"a": "\\ud800"'], ids=["truncated", "not-utf8", "nul", "broken-escape"])
def test_unparsable_bodies_are_the_documented_422(api: Api, raw: bytes) -> None:
    _world(api)
    response = api.http.post("/api/v1/auth/login", content=raw, headers={"Content-Type": "application/json"})
    body = _assert_error_body(response, 422)
    assert body["error"] == "invalid_request"
    documented = api.http.get("/openapi.json").json()["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "422" in documented and "400" not in documented


def test_nul_and_lone_surrogates_in_the_body_are_refused(api: Api) -> None:
    world = _world(api)
    for text in ('"Kim\\u0000"', '"Kim\\udc00"'):
        nested = "[" * 30 + text + "]" * 30  # walked without recursion
        response = api.http.post("/api/v1/intake/leads", content=f'{{"full_name": {text}, "tags": {nested}}}'.encode(),
                                 headers={"X-API-Key": world["key"], "Content-Type": "application/json"})
        assert _assert_error_body(response, 422)["details"][0]["type"] == "string_type"


def test_json_depth_is_counted_without_parsing() -> None:
    from sdr_desk.server.app import json_depth

    assert json_depth(DEEP_ARRAYS.encode(), 32) == 33  # stops once past the limit
    assert json_depth(b'[[["]]]]]]]]", "\\"[[[[[["]]]', 5) == 3  # brackets in text do not count
    assert json_depth(b'{"a": [1, {"b": "\\\\"}], "c": "[{"}', 10) == 0  # too few brackets to look
    assert json_depth(b'[[[[{"a": "\\\\"}]]]]', 2) == 3


@pytest.mark.parametrize("who", ["admin", "lead-a"])
def test_nul_in_a_path_or_query_parameter_is_422(api: Api, who: str) -> None:
    _world(api)
    session = api.login(who)
    for method, path in (("PATCH", "/api/v1/users/%00"), ("PATCH", "/api/v1/users/ab%00cd"),
                         ("GET", "/api/v1/teams/%00/sla"), ("GET", "/api/v1/sync/pull?cursor=%00"),
                         ("GET", "/api/v1/audit?after=1%00")):
        response = api.http.request(method, path, headers=session.headers,
                                    json={"away": True} if method == "PATCH" else None)
        body = _assert_error_body(response, 422)
        assert body["details"][0]["loc"][0] in ("path", "query"), (path, body)


def test_strict_types_as_documented(api: Api) -> None:
    world = _world(api)
    lead = api.login("lead-a")
    for change in ({"capacity": False}, {"capacity": "3"}, {"weight": True}, {"away": 1}, {"away": "true"}):
        response = api.http.patch(f"/api/v1/users/{world['rep']}", json=change, headers=lead.headers)
        _assert_error_body(response, 422)
    assert api.http.patch(f"/api/v1/users/{world['rep']}", json={"capacity": 3}, headers=lead.headers).json()["capacity"] == 3
    rep = api.login("rep-a")
    op = rep.op("lead", new_id(), "create", {"full_name": "Kim"})
    for bad in ({**op, "client_seq": "1"}, {**op, "client_seq": 1.0}, {**op, "client_seq": True}):
        response = rep.post("/api/v1/sync/push", json={"client_id": rep.client_id, "schema_version": 1, "ops": [bad]})
        _assert_error_body(response, 422)
    response = rep.post("/api/v1/sync/push", json={"client_id": rep.client_id, "schema_version": "1", "ops": [op]})
    _assert_error_body(response, 422)
    assert rep.push_ok(op)[0]["status"] == "applied"


def test_schema_versions_answer_as_documented(api: Api) -> None:
    _world(api)
    rep = api.login("rep-a")
    document = api.http.get("/openapi.json").json()
    version = document["components"]["schemas"]["PushRequest"]["properties"]["schema_version"]
    low, high = int(version["minimum"]), int(version["maximum"])
    assert rep.push(schema_version=low).status_code == 200  # the documented range syncs
    assert rep.push(schema_version=low - 1).status_code == 426  # below it: upgrade, as documented
    assert rep.push(schema_version=high + 1).status_code == 400  # above it: schema_too_new
    push_answers = document["paths"]["/api/v1/sync/push"]["post"]["responses"]
    assert {"400", "426"} <= set(push_answers)
    assert rep.get("/api/v1/sync/pull", params={"schema_version": low}).status_code == 200
    assert rep.get("/api/v1/sync/pull", params={"schema_version": low - 1}).status_code == 426


def _wait_for(records: list[logging.LogRecord], predicate, timeout: float = 10) -> dict | None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for record in list(records):
            line = json.loads(record.getMessage())
            if predicate(line):
                return line
        time.sleep(0.02)
    return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_client_gone_mid_body_is_logged_as_such_not_as_a_server_error(api: Api) -> None:
    _world(api)
    log = logging.getLogger("sdr_desk.server.requests")
    handler, level = _Collect(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        host, port = str(api.http.base_url).removeprefix("http://").rstrip("/").split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n" + b'{"username": "rep-a", "pass')
            time.sleep(0.2)  # the server is now waiting for the rest of the body
        gone = _wait_for(handler.records, lambda line: line["path"] == "/api/v1/auth/login")
        assert gone is not None
        assert gone["status"] == 499 and gone["outcome"] == "client_disconnected", gone
        answered = api.http.post("/api/v1/auth/login", json={"username": "rep-a", "password": PASSWORD})
        assert answered.status_code == 200
        logged = _wait_for(handler.records, lambda line: line["request_id"] == answered.headers["x-request-id"])
        assert logged is not None and logged["status"] == 200 and logged["outcome"] == "answered"
    finally:
        log.removeHandler(handler)
        log.setLevel(level)


def test_the_request_log_keeps_real_server_errors(api: Api) -> None:
    """A handler that fails is still logged as 500 (only a departed client is 499)."""
    _world(api)
    log = logging.getLogger("sdr_desk.server.requests")
    handler, level = _Collect(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    admin = api.login("admin")
    try:
        with api.ctx.engine.begin() as conn:  # make the audit query fail: its table is gone
            conn.exec_driver_sql("ALTER TABLE audit_log RENAME TO audit_log_away")
        try:
            response = api.http.get("/api/v1/audit", headers=admin.headers)
        finally:
            with api.ctx.engine.begin() as conn:
                conn.exec_driver_sql("ALTER TABLE audit_log_away RENAME TO audit_log")
        assert response.status_code == 500 and response.json()["error"] == "internal"
        logged = _wait_for(handler.records, lambda line: line["path"] == "/api/v1/audit")
        assert logged is not None and logged["status"] == 500
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
