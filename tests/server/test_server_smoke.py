"""Health, OpenAPI and the error shape."""

from __future__ import annotations

from conftest import Api


def test_health_and_openapi(api: Api) -> None:
    health = api.http.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["database"] in ("sqlite", "postgresql")
    schema = api.http.get("/openapi.json").json()
    assert "/api/v1/sync/push" in schema["paths"]
    assert "/api/v1/intake/leads" in schema["paths"]


def test_unknown_path_has_machine_readable_error(api: Api) -> None:
    response = api.http.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
