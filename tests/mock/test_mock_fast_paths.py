"""The mock's fast paths (mock_server/connexion_internals.py) change nothing a client can see.

The request validation step builds its per-operation parts once and remembers parsed Content-Type
values: a request answered from those memories must get exactly what the first one got, and every
check still runs on it. Each test uses a fresh app, so the first request of a pair is the one that
fills the memory. And an app with the fast paths answers exactly as one without them
(``create_app(fast_paths=False)``, Connexion's own steps).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import errors
from mock_server.app import create_app
from tests.support.mock_helpers import AUTH, PUBLIC_STATUS, REPORTS, body

SUMMARY = body("summary", "2024-01-01T00:00:00Z", "2024-01-31T23:59:59Z")


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(rate_limit="0", export_delay=0)) as fresh:
        yield fresh


def error_of(response: httpx.Response) -> str:
    return str(response.json()["error"])


def test_repeated_requests_get_identical_answers(client: TestClient) -> None:
    for method, path, payload in (("GET", "/v1/users", None), ("POST", REPORTS, SUMMARY)):
        first = client.request(method, path, headers=AUTH, json=payload)
        again = [client.request(method, path, headers=AUTH, json=payload) for _ in range(3)]
        assert first.status_code == 200, first.text
        assert all((r.status_code, r.content) == (first.status_code, first.content) for r in again)


def test_every_check_still_runs_once_the_route_is_remembered(client: TestClient) -> None:
    assert client.post(REPORTS, headers=AUTH, json=SUMMARY).status_code == 200
    # Security: no token, an unknown token.
    assert error_of(client.post(REPORTS, json=SUMMARY)) == errors.UNAUTHORIZED
    wrong = client.post(REPORTS, headers={"Auth-Api-Token": "nope"}, json=SUMMARY)
    assert error_of(wrong) == errors.TOKEN_NOT_MATCHING
    # Body: schema, discriminator, meaning.
    missing = {k: v for k, v in SUMMARY.items() if k != "date_to"}
    assert client.post(REPORTS, headers=AUTH, json=missing).status_code == 404
    assert (
        error_of(client.post(REPORTS, headers=AUTH, json={**SUMMARY, "type": "nope"})) == errors.INVALID_TYPE
    )
    future = {**SUMMARY, "date_from": "2999-01-01T00:00:00Z", "date_to": "2999-01-02T00:00:00Z"}
    assert error_of(client.post(REPORTS, headers=AUTH, json=future)) == errors.FUTURE_START_DATE
    # Media type: a remembered Content-Type value and an unknown one.
    raw = client.post(REPORTS, headers={**AUTH, "Content-Type": "application/json"}, content=b"{}")
    assert raw.status_code == 404
    text = client.post(REPORTS, headers={**AUTH, "Content-Type": "text/plain"}, content=b"{}")
    assert text.status_code != 200
    assert client.post(REPORTS, headers=AUTH, json=SUMMARY).status_code == 200
    # Parameters: the status operation's required token, on both base paths.
    for path in (PUBLIC_STATUS, PUBLIC_STATUS.removeprefix("/api/public")):
        assert client.get(path, headers=AUTH, params={"token": "unknown"}).status_code == 404
        assert client.get(path, headers=AUTH).status_code == 404


def test_routes_not_remembered_still_route_as_before(client: TestClient) -> None:
    assert client.get("/v1/users", headers=AUTH).status_code == 200
    # Another method on a remembered path: 405 with Allow; an unknown path: 404; the mock's own routes.
    not_allowed = client.delete("/v1/users", headers=AUTH)
    assert not_allowed.status_code == 405
    assert "GET" in not_allowed.headers["allow"]
    assert client.get("/v1/nowhere", headers=AUTH).status_code == 404
    assert client.get("/_mock/journal", headers=AUTH).status_code == 200
    assert client.get("/v1/users", headers=AUTH).status_code == 200
    # The journal saw every API request, answered from memory or not.
    statuses = [entry["status"] for entry in client.get("/_mock/journal", headers=AUTH).json()]
    assert statuses == [200, 405, 404, 200]


# (method, path, headers, JSON body or raw bytes): every kind of answer the request steps decide.
SAME_ANSWERS: list[tuple[str, str, dict[str, str], Any]] = [
    ("GET", "/v1/users", AUTH, None),
    ("GET", "/v1/groups", AUTH, None),
    ("GET", "/v1/forms", {**AUTH, "Prefer": "code=429"}, None),
    ("POST", REPORTS, AUTH, SUMMARY),
    ("POST", REPORTS, {**AUTH, "Prefer": "example=summary"}, SUMMARY),
    ("POST", REPORTS, AUTH, {**SUMMARY, "type": "nope"}),
    ("POST", REPORTS, AUTH, {k: v for k, v in SUMMARY.items() if k != "date_to"}),
    (
        "POST",
        REPORTS,
        AUTH,
        {**SUMMARY, "date_from": "2999-01-01T00:00:00Z", "date_to": "2999-01-02T00:00:00Z"},
    ),
    ("POST", REPORTS, {**AUTH, "Content-Type": "application/json"}, b"{"),
    ("POST", REPORTS, {**AUTH, "Content-Type": "application/json"}, b""),
    ("POST", REPORTS, {**AUTH, "Content-Type": "text/plain"}, b"{}"),
    ("POST", REPORTS, {}, SUMMARY),
    ("POST", REPORTS, {"Auth-Api-Token": "nope"}, SUMMARY),
    ("GET", f"{PUBLIC_STATUS}?token=unknown", AUTH, None),
    ("GET", PUBLIC_STATUS.removeprefix("/api/public"), AUTH, None),
    ("DELETE", "/v1/users", AUTH, None),
    ("GET", "/v1/nowhere", AUTH, None),
    ("GET", "/v1/openapi.json", {}, None),
    ("GET", "/_mock/journal", AUTH, None),
]


def test_the_fast_paths_answer_as_connexion_does() -> None:
    with (
        TestClient(create_app(rate_limit="0", export_delay=0)) as fast,
        TestClient(create_app(rate_limit="0", export_delay=0, fast_paths=False)) as plain,
    ):
        for method, path, headers, payload in SAME_ANSWERS:
            kwargs: dict[str, Any] = {"content": payload} if isinstance(payload, bytes) else {"json": payload}
            answers = [client.request(method, path, headers=headers, **kwargs) for client in (fast, plain)]
            seen = [
                (a.status_code, a.headers.get("content-type"), a.headers.get("allow"), a.content)
                for a in answers
            ]
            assert seen[0] == seen[1], (method, path, headers)
            assert seen[0][0] != 500, seen[0]
