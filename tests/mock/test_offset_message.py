"""A date-time without a UTC offset gets a 404 that says so (not "must be date-time" of a value that is
one)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.support.mock_helpers import AUTH, REPORTS


@pytest.mark.parametrize(
    ("field", "value"),
    [("date_from", "2018-04-01T00:00:00"), ("date_to", "2018-04-30T23:59:59"), ("date_from", "2018-04-01")],
)
def test_a_missing_offset_is_named(asgi_client: TestClient, field: str, value: str) -> None:
    body = {"type": "summary", "date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-30T23:59:59Z"}
    response = asgi_client.post(REPORTS, json={**body, field: value}, headers=AUTH)
    assert response.status_code == 404
    assert response.json() == {
        "error": "Not found",
        "message": (
            f"Malformed summary request: {field} must be a date-time with a UTC offset "
            f"(for example 2018-04-01T00:00:00+11:00); '{value}' has none."
        ),
    }


def test_a_value_that_is_no_date_time_keeps_the_format_message(asgi_client: TestClient) -> None:
    body = {"type": "summary", "date_from": "next tuesday", "date_to": "2018-04-30T23:59:59+11:00"}
    response = asgi_client.post(REPORTS, json=body, headers=AUTH)
    assert response.status_code == 404
    assert response.json()["message"] == "Malformed summary request: date_from must be date-time."
