"""Every documented error is reachable, in the Error shape, with its exact type string."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import errors
from mock_server.app import create_app
from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, PUBLIC_STATUS, REPORTS, STATUS, assert_error, body, show

APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")
SUMMARY = body("summary", *APRIL)
JSON = {**AUTH, "Content-Type": "application/json"}


def tomorrow() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")


# One request per documented error example of the spec, by example name.
REACH: dict[str, Callable[[TestClient], httpx.Response]] = {
    "dateRangeTooLong": lambda c: c.post(
        REPORTS, headers=AUTH, json=body("summary", "2023-01-01T00:00:00Z", "2024-01-01T00:00:01Z")
    ),
    "futureStartDate": lambda c: c.post(REPORTS, headers=AUTH, json=body("summary", tomorrow(), tomorrow())),
    "invalidType": lambda c: c.post(REPORTS, headers=AUTH, json={**SUMMARY, "type": "team_volume"}),
    "unauthorized": lambda c: c.get("/v1/users"),
    "tokenNotMatching": lambda c: c.get("/v1/users", headers={"Auth-Api-Token": "not-a-token"}),
    "notFound": lambda c: c.post(REPORTS, headers=JSON, content=b"{not json"),
    "payloadTooLarge": lambda c: c.post(REPORTS, headers=JSON, content=b" " * (2 * 1024 * 1024)),
}


def error_examples() -> dict[str, tuple[int, str]]:
    """Example name -> (status, error type) of every named error example of the operations."""
    found: dict[str, tuple[int, str]] = {}
    for _, _, op in spec_tools.operations():
        for code, entry in op["responses"].items():
            response, _ = spec_tools.resolve(entry)
            for name, example in (
                response.get("content", {}).get("application/json", {}).get("examples", {}).items()
            ):
                value = spec_tools.resolve(example)[0]["value"]
                if isinstance(value, dict) and "error" in value:
                    found[name] = (int(code), value["error"])
    return found


def test_the_mock_uses_the_spec_error_strings() -> None:
    assert error_examples() == {
        "dateRangeTooLong": (400, errors.DATE_RANGE_TOO_LONG),
        "futureStartDate": (400, errors.FUTURE_START_DATE),
        "invalidType": (400, errors.INVALID_TYPE),
        "unauthorized": (401, errors.UNAUTHORIZED),
        "tokenNotMatching": (401, errors.TOKEN_NOT_MATCHING),
        "notFound": (404, errors.NOT_FOUND),
        "payloadTooLarge": (413, errors.PAYLOAD_TOO_LARGE),
        "rateLimited": (429, errors.RATE_LIMITED),
    }


def test_every_error_example_is_covered() -> None:
    # rateLimited is reached in test_mock_ratelimit.py (it needs an app with a small limit).
    assert set(error_examples()) == {*REACH, "rateLimited"}


@pytest.mark.parametrize("example", sorted(REACH))
def test_documented_error_is_reachable(asgi_client: TestClient, example: str) -> None:
    status, error = error_examples()[example]
    assert_error(REACH[example](asgi_client), status, error)


OPERATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/v1/users", {}),
    ("GET", "/v1/groups", {}),
    ("GET", "/v1/forms", {}),
    ("POST", REPORTS, {"json": SUMMARY}),
    ("GET", STATUS, {"params": {"token": "x"}}),
    ("GET", PUBLIC_STATUS, {"params": {"token": "x"}}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), OPERATIONS)
@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({}, errors.UNAUTHORIZED),
        ({"Auth-Api-Token": ""}, errors.UNAUTHORIZED),
        ({"Auth-Api-Token": "12345678-1234-1234-1234-000000000000"}, errors.TOKEN_NOT_MATCHING),
    ],
    ids=["missing", "empty", "unknown"],
)
def test_401_on_every_operation(
    asgi_client: TestClient,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    headers: dict[str, str],
    error: str,
) -> None:
    assert_error(asgi_client.request(method, path, headers=headers, **kwargs), 401, error)


def test_date_range_limits(asgi_client: TestClient) -> None:
    def post(date_from: str, date_to: str) -> httpx.Response:
        response: httpx.Response = asgi_client.post(
            REPORTS, headers=AUTH, json=body("workflow_states", date_from, date_to)
        )
        return response

    # Exactly 12 months is allowed, a second more is not; 29 February ends on 28 February.
    assert post("2023-01-01T00:00:00+05:00", "2024-01-01T00:00:00+05:00").status_code == 200
    assert_error(
        post("2023-01-01T00:00:00+05:00", "2024-01-01T00:00:01+05:00"), 400, errors.DATE_RANGE_TOO_LONG
    )
    assert post("2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z").status_code == 200
    assert_error(post("2024-02-29T00:00:00Z", "2025-02-28T00:00:01Z"), 400, errors.DATE_RANGE_TOO_LONG)
    assert_error(post("2020-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00"), 400, errors.DATE_RANGE_TOO_LONG)
    # The limit is measured between instants, whatever offsets the two ends carry.
    assert_error(
        post("2023-01-01T00:00:00+10:00", "2023-12-31T23:00:00-10:00"), 400, errors.DATE_RANGE_TOO_LONG
    )


MALFORMED: dict[str, dict[str, Any]] = {
    "invalid JSON": {"content": b'{"type": "summary",', "headers": JSON},
    "not UTF-8": {"content": b'{"type": "summ\xff\xfe"}', "headers": JSON},
    "empty body": {"content": b"", "headers": JSON},
    "array body": {"json": [SUMMARY]},
    "type missing": {"json": {"date_from": APRIL[0], "date_to": APRIL[1]}},
    "type not a string": {"json": {**SUMMARY, "type": 7}},
    "date_to missing": {"json": {"type": "summary", "date_from": APRIL[0]}},
    "date not a date-time": {"json": {**SUMMARY, "date_from": "2018-04-01"}},
    "impossible date": {"json": {**SUMMARY, "date_from": "2018-02-30T00:00:00Z"}},
    "date without offset": {"json": {**SUMMARY, "date_from": "2018-04-01T00:00:00"}},
    "unknown property": {"json": {**SUMMARY, "colour": "blue"}},
    "form on a non-NPS type": {"json": {**SUMMARY, "form": 55}},
    "ill-typed users": {"json": {**SUMMARY, "users": ["12345"]}},
    "ill-typed form": {"json": body("nps_summary", *APRIL, form="55")},
    "form missing": {"json": {k: v for k, v in body("nps_volume", *APRIL).items() if k != "form"}},
    "unknown nps_category": {"json": body("nps_summary", *APRIL, nps_category="fans")},
    "unknown form": {"json": body("nps_summary", *APRIL, form=4040)},
    "form is not an NPS survey": {"json": body("nps_summary", *APRIL, form=70)},
    "unknown user": {"json": {**SUMMARY, "users": [12345, 1]}},
    "unknown group": {"json": {**SUMMARY, "groups": [2]}},
    "date_from after date_to": {"json": body("summary", APRIL[1], APRIL[0])},
    "before 1970": {"json": body("summary", "1969-12-01T00:00:00Z", "1970-01-02T00:00:00Z")},
    "not JSON media type": {"content": b"type=summary", "headers": {**AUTH, "Content-Type": "text/plain"}},
    "form media type": {"data": {"type": "summary"}},
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_reports_are_404(asgi_client: TestClient, case: str) -> None:
    kwargs = {"headers": AUTH, **MALFORMED[case]}
    assert_error(asgi_client.post(REPORTS, **kwargs), 404, errors.NOT_FOUND)


def test_other_404s(asgi_client: TestClient) -> None:
    assert_error(asgi_client.get(STATUS, headers=AUTH), 404, errors.NOT_FOUND)  # token parameter missing
    assert_error(asgi_client.get(STATUS, headers=AUTH, params={"token": ""}), 404, errors.NOT_FOUND)
    assert_error(asgi_client.get(STATUS, headers=AUTH, params={"token": "made-up"}), 404, errors.NOT_FOUND)
    assert_error(asgi_client.get("/v1/nowhere", headers=AUTH), 404, errors.NOT_FOUND)
    assert_error(asgi_client.get("/nowhere"), 404, errors.NOT_FOUND)
    assert_error(asgi_client.get("/_mock/exports/made-up.csv"), 404, errors.NOT_FOUND)


def test_405_keeps_allow(asgi_client: TestClient) -> None:
    response = asgi_client.delete("/v1/users", headers=AUTH)
    assert_error(response, 405, errors.METHOD_NOT_ALLOWED)
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}, show(response)
    response = asgi_client.get(REPORTS, headers=AUTH)
    assert_error(response, 405, errors.METHOD_NOT_ALLOWED)
    assert "POST" in response.headers["allow"], show(response)


def test_a_chunked_body_is_read_whole(asgi_client: TestClient) -> None:
    chunks = [
        b'{"type": "summary", ',
        b'"date_from": "2018-04-01T00:00:00+11:00", ',
        b'"date_to": "2018-04-30T23:59:59+11:00"}',
    ]
    response = asgi_client.post(REPORTS, headers=JSON, content=iter(chunks))
    assert response.status_code == 200, show(response)


def test_a_bug_in_the_mock_is_a_json_500_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app()

    async def broken(_request: object) -> None:
        raise RuntimeError("boom")

    app.mock.handlers.listUsers = broken  # type: ignore[method-assign,assignment]
    with (
        caplog.at_level(logging.ERROR, logger="mock_server"),
        TestClient(app, raise_server_exceptions=False) as client,
    ):
        response = client.get("/v1/users", headers=AUTH)
    assert_error(response, 500, errors.INTERNAL_ERROR)
    assert "RuntimeError" in response.json()["message"], show(response)
    assert any("boom" in record.getMessage() or record.exc_info for record in caplog.records), caplog.text
