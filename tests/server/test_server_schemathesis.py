"""Property-based API testing from the published /openapi.json: generated requests, valid
and invalid, over real HTTP; the server answers every one without a server error, with a
status the document lists for that operation, the content type it lists, and a body of the
documented shape; every error response has the machine-readable ErrorBody shape."""

from __future__ import annotations

import schemathesis
from conftest import PASSWORD, Api
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sdr_desk.server.auth import login
from sdr_desk.server.db import write

EXAMPLES = 12  # per operation and generation mode: keeps the whole run well under a minute
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _fresh_token(api: Api) -> str:
    # Straight through the login function, so fuzzed logins throttling the loopback address don't block us.
    return write(api.ctx.engine, lambda c: login(c, api.ctx, "admin", PASSWORD, "fixture")).access_token


def test_no_server_errors_on_generated_requests(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    api.user("admin", "admin")
    key = api.api_key("north")
    base = str(api.http.base_url).rstrip("/")
    schema = schemathesis.openapi.from_dict(api.http.get("/openapi.json").json())
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        if operation.path == "/api/v1/auth/logout":
            continue  # would end the session the other operations use; covered in test_server_auth
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, base, _fresh_token(api), key, failures)
    assert failures == []


def _exercise(operation, mode, base: str, token: str, key: str, failures: list[str]) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"}
    if operation.path == "/api/v1/intake/leads":
        headers["X-API-Key"] = key

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def exercise(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(base_url=base, headers=headers)
        try:
            case.validate_response(response, checks=CONFORMANCE)
        except (FailureGroup, Failure) as exc:  # schemathesis reports the failed checks as an exception group
            failures.append(f"{operation.method.upper()} {operation.path}: {response.status_code} "
                            f"{response.text[:300]} for {case.body!r:.300}: {str(exc)[:300]}")
            return
        if response.status_code >= 400:
            body = response.json()
            assert isinstance(body.get("error"), str) and isinstance(body.get("message"), str), body

    try:
        exercise()
    except Unsatisfiable:
        if mode == GenerationMode.POSITIVE:
            raise
        # No invalid request can be made (e.g. GET /healthz takes no input): nothing to test.
