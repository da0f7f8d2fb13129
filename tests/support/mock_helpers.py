"""Small helpers for the mock server's tests (tests/test_mock_*.py)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support import spec_tools
from tests.support.asgi_raw import call_sync
from tests.support.strict_spec import strict_validator

# The mock's default token (the one the docs use); every test module takes it from here.
TOKEN = "12345678-1234-1234-1234-123456789"
AUTH = {"Auth-Api-Token": TOKEN}
# A second token, for apps started with ``tokens=[TOKEN, OTHER_TOKEN]``.
OTHER_TOKEN = "second-token"
OTHER = {"Auth-Api-Token": OTHER_TOKEN}
# The same headers as raw ASGI header pairs (tests/support/asgi_raw.py).
RAW_AUTH = (b"auth-api-token", TOKEN.encode())
RAW_JSON_TYPE = (b"content-type", b"application/json")
REPORTS = "/v1/activity/reports"
STATUS = "/v1/activity/reports/status"
PUBLIC_STATUS = "/api/public/v1/activity/reports/status"
# The fixture team's NPS survey with the longest history (created 2018-05-26).
NPS_FORM = 55


class FakeClock:
    """A monotonic clock for ``create_app(monotonic=...)`` that moves only when a test sets ``now``."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def show(response: httpx.Response) -> str:
    """What an assertion message should show about a response."""
    text = response.text
    if len(text) > 1500:
        text = text[:1500] + "..."
    return f"{response.request.method} {response.request.url} -> {response.status_code} {text}"


def body(report_type: str, date_from: str, date_to: str, **extra: Any) -> dict[str, Any]:
    """A report request; the NPS types get the fixture survey and `all` unless told otherwise."""
    request: dict[str, Any] = {"type": report_type, "date_from": date_from, "date_to": date_to}
    if report_type.startswith("nps_"):
        request.update(form=NPS_FORM, nps_category="all")
    request.update(extra)
    return request


def assert_fits(schema_name: str, instance: Any, response: httpx.Response | None = None) -> None:
    """The instance fits ``components/schemas/<schema_name>`` of openapi.yaml and has its full documented
    shape (the strict edition of strict_spec.py: every listed field, no other, only documented values)."""
    problems = spec_tools.errors(strict_validator(schema_name), instance)
    where = show(response) if response is not None else repr(instance)[:1500]
    assert not problems, f"{schema_name}: {problems[:5]}\n{where}"


def assert_error(response: httpx.Response, status: int, error: str) -> None:
    """A documented error: the status, the Error shape and the exact type string."""
    assert response.status_code == status, show(response)
    assert response.headers["content-type"].startswith("application/json"), show(response)
    payload = response.json()
    assert_fits("Error", payload, response)
    assert payload["error"] == error, show(response)
    assert payload["message"], show(response)


def still_serving(app: Any) -> None:
    """The app, called in-process (tests/support/asgi_raw.py), still lists the users."""
    answer = call_sync(app, "GET", "/v1/users", headers=[RAW_AUTH])
    assert answer.status == 200, answer
