"""Contract-test aids: Prefer headers, the request journal and reset, added latency."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import errors, journal
from mock_server.app import MockApp, create_app
from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, REPORTS, STATUS, assert_error, body, show

APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")
OPERATION_REQUESTS: dict[str, dict[str, Any]] = {
    "listUsers": {"method": "GET", "url": "/v1/users"},
    "listGroups": {"method": "GET", "url": "/v1/groups"},
    "listForms": {"method": "GET", "url": "/v1/forms"},
    "runReport": {"method": "POST", "url": REPORTS, "json": body("summary", *APRIL)},
    "getReportStatus": {"method": "GET", "url": STATUS, "params": {"token": "made-up"}},
}


def named_examples() -> list[tuple[str, str, str, Any]]:
    """(operationId, status, example name, value) of every named response example."""
    found = []
    for _, _, op in spec_tools.operations():
        for code, entry in op["responses"].items():
            response, _ = spec_tools.resolve(entry)
            for name, example in (
                response.get("content", {}).get("application/json", {}).get("examples", {}).items()
            ):
                found.append((op["operationId"], code, name, spec_tools.resolve(example)[0]["value"]))
    return found


@pytest.mark.parametrize(
    ("operation_id", "code", "name", "value"),
    named_examples(),
    ids=lambda v: str(v) if isinstance(v, str) else "",
)
def test_prefer_code_and_example_answers_the_documented_example(
    asgi_client: TestClient, operation_id: str, code: str, name: str, value: Any
) -> None:
    request = OPERATION_REQUESTS[operation_id]
    response = asgi_client.request(**request, headers={**AUTH, "Prefer": f"code={code}, example={name}"})
    assert response.status_code == int(code), show(response)
    assert response.json() == value, show(response)
    if code == "429":
        assert response.headers["retry-after"].isdigit(), show(response)


def test_prefer_example_alone_and_code_alone(asgi_client: TestClient) -> None:
    report: dict[str, Any] = {"method": "POST", "url": REPORTS, "json": body("user_volume", *APRIL)}
    by_name = asgi_client.request(**report, headers={**AUTH, "Prefer": "example=nps_volume"})
    assert by_name.status_code == 200, show(by_name)
    assert by_name.json() == spec_tools.report_example("nps_volume")
    # code=200 on runReport answers the example named after the request's type.
    by_code = asgi_client.request(**report, headers={**AUTH, "Prefer": "code=200"})
    assert by_code.json() == spec_tools.report_example("user_volume"), show(by_code)
    error = asgi_client.get("/v1/users", headers={**AUTH, "Prefer": "example=tokenNotMatching"})
    assert_error(error, 401, errors.TOKEN_NOT_MATCHING)
    limited = asgi_client.get("/v1/forms", headers={**AUTH, "Prefer": "code=429"})
    assert_error(limited, 429, errors.RATE_LIMITED)
    assert limited.headers["retry-after"] == "120", show(limited)


@pytest.mark.parametrize("prefer", ["code=418", "example=nothing", "code=400", "code=200, example=notFound"])
def test_prefer_for_something_undocumented_is_404(asgi_client: TestClient, prefer: str) -> None:
    # 400 is documented for runReport only.
    response = asgi_client.get("/v1/users", headers={**AUTH, "Prefer": prefer})
    assert_error(response, 404, errors.NOT_FOUND)
    assert "Prefer" in response.json()["message"], show(response)


def test_prefer_does_not_skip_auth_or_validation(asgi_client: TestClient) -> None:
    assert_error(asgi_client.get("/v1/users", headers={"Prefer": "code=200"}), 401, errors.UNAUTHORIZED)
    invalid = asgi_client.post(REPORTS, headers={**AUTH, "Prefer": "code=200"}, json={"type": "summary"})
    assert_error(invalid, 404, errors.NOT_FOUND)


@pytest.fixture
def app() -> MockApp:
    return create_app(tokens=[AUTH["Auth-Api-Token"], "second-token"], rate_limit="2/300")


@pytest.fixture
def client(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def test_journal_per_token(client: TestClient) -> None:
    other = {"Auth-Api-Token": "second-token"}
    client.get("/v1/users", headers=AUTH, params={"a": "1"})
    client.post(REPORTS, headers={**AUTH, "Prefer": "code=200"}, json=body("summary", *APRIL))
    client.get("/v1/groups", headers=other)
    client.get("/v1/forms")  # no token
    client.get("/v1/nowhere", headers=AUTH)
    entries = client.get("/_mock/journal", headers=AUTH).json()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", "/v1/users", 200),
        ("POST", REPORTS, 200),
        ("GET", "/v1/nowhere", 404),
    ], entries
    assert entries[0]["query"] == {"a": "1"}, entries[0]
    assert entries[1]["body"] == body("summary", *APRIL), entries[1]
    assert entries[1]["headers"]["prefer"] == "code=200", entries[1]
    assert "auth-api-token" not in entries[1]["headers"], entries[1]
    assert [e["path"] for e in client.get("/_mock/journal", headers=other).json()] == ["/v1/groups"]
    assert [(e["path"], e["status"]) for e in client.get("/_mock/journal").json()] == [("/v1/forms", 401)]


def test_reset_forgets_journal_and_rate_limit_of_the_token(client: TestClient) -> None:
    client.get("/v1/users", headers=AUTH)
    client.get("/v1/users", headers=AUTH)
    assert_error(client.get("/v1/users", headers=AUTH), 429, errors.RATE_LIMITED)
    assert len(client.get("/_mock/journal", headers=AUTH).json()) == 3
    assert client.post("/_mock/reset", headers=AUTH).json() == {"reset": AUTH["Auth-Api-Token"]}
    assert client.get("/_mock/journal", headers=AUTH).json() == []
    assert client.get("/v1/users", headers=AUTH).status_code == 200
    client.get("/v1/users")
    assert client.post("/_mock/reset").json() == {"reset": None}  # only what came without a token
    assert client.get("/_mock/journal").json() == []
    assert len(client.get("/_mock/journal", headers=AUTH).json()) == 1
    assert client.post("/_mock/reset", params={"all": "true"}).json() == {"reset": "all"}
    assert client.get("/_mock/journal", headers=AUTH).json() == []


def test_latency_is_added_before_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    # Only the journal's view of asyncio: patching asyncio.sleep itself would also catch (and spin)
    # the event loops of mock servers other tests left running in threads of this process.
    monkeypatch.setattr(journal, "asyncio", SimpleNamespace(sleep=fake_sleep))
    with TestClient(create_app(latency_ms=250)) as client:
        assert client.get("/v1/users", headers=AUTH).status_code == 200
        assert client.get("/v1/nowhere").status_code == 404
    assert slept == [0.25, 0.25]
