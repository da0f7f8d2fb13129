"""Prism as a validating proxy can fail: it flags a server that breaks openapi.yaml.

tests/test_client_e2e.py runs the client's end-to-end suite through ``prism proxy --errors`` in front of the
mock and requires Prism to log nothing (``PrismProcess.problems``). These tests show that this audit is not
empty: a tiny deliberately wrong upstream (a Starlette app) answers ``/users`` with users that break the
``User`` schema and a summary without most of its fields, and Prism turns both into ``VIOLATIONS`` errors
naming the fields, with the ``sl-violations`` header and log lines. A correct answer from the same upstream
goes through untouched. Requests that break the spec (an unknown report type, no token) are refused by Prism
itself and never reach the upstream.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.mock_helpers import AUTH
from tests.support.prism import PrismProcess, running_prism_proxy
from tests.support.servers import serve_in_thread
from tests.support.spec_tools import get_at, request_example


def _groups_example() -> Any:
    return get_at("/paths/~1groups/get/responses/200/content/application~1json/examples/groups/value")


def wrong_api() -> Starlette:
    seen: list[str] = []

    async def users(request: Request) -> JSONResponse:
        seen.append(request.url.path)
        # `id` must be an integer and nine more fields are required.
        return JSONResponse([{"id": "12345", "email": "jane@business.io"}])

    async def groups(request: Request) -> JSONResponse:
        seen.append(request.url.path)
        return JSONResponse(_groups_example())  # right: the spec's own example

    async def run_report(request: Request) -> JSONResponse:
        seen.append(request.url.path)
        return JSONResponse({"total_volume": "many"})  # a summary is 16 numbers

    app = Starlette(
        routes=[
            Route("/v1/users", users),
            Route("/v1/groups", groups),
            Route("/v1/activity/reports", run_report, methods=["POST"]),
        ]
    )
    app.state.seen = seen
    return app


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[str, Starlette]]:
    """The wrong API served by uvicorn in a thread; yields (its /v1 base URL, the app)."""
    app = wrong_api()
    with serve_in_thread(app) as root:
        yield f"{root}/v1", app


@pytest.fixture(scope="module")
def proxy(upstream: tuple[str, Starlette]) -> Iterator[PrismProcess]:
    with running_prism_proxy(upstream[0]) as running:
        yield running


def violations(response: httpx.Response) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(response.headers.get("sl-violations", "[]"))
    return found


def assert_flagged(response: httpx.Response, proxy: PrismProcess, since: int, *fields: str) -> None:
    """Prism answered with its VIOLATIONS problem, naming ``fields`` of the response body."""
    shown = f"{response.status_code} {response.headers}\n{response.text}\n{proxy.output()[since:]}"
    assert response.status_code == 500, shown
    assert response.headers["content-type"] == "application/problem+json", shown
    assert response.json()["type"].endswith("#VIOLATIONS"), shown
    found = violations(response)
    assert found, shown
    assert all(v["location"][:2] == ["response", "body"] for v in found), shown
    messages = " ".join(v["message"] for v in found)
    for field in fields:
        assert field in messages, shown
    assert any("VIOLATIONS" in line for line in proxy.problems(since)), shown


def test_a_wrong_list_of_users_is_flagged(proxy: PrismProcess) -> None:
    since = proxy.mark()
    response = httpx.get(f"{proxy.url}/users", headers=AUTH, timeout=30)
    assert_flagged(response, proxy, since, "id must be integer", "'first_name'", "'groups'")


def test_a_wrong_report_is_flagged(proxy: PrismProcess) -> None:
    since = proxy.mark()
    response = httpx.post(f"{proxy.url}/activity/reports", json=request_example("summary"), headers=AUTH)
    assert_flagged(response, proxy, since)


def test_a_right_answer_goes_through(proxy: PrismProcess) -> None:
    since = proxy.mark()
    response = httpx.get(f"{proxy.url}/groups", headers=AUTH, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json() == _groups_example()
    assert "sl-violations" not in response.headers
    assert proxy.problems(since) == [], proxy.output()[since:]


@pytest.mark.parametrize(
    ("case", "headers", "body", "status"),
    [
        ("unknown report type", AUTH, {**request_example("summary"), "type": "no_such_report"}, 422),
        ("no token", {}, request_example("summary"), 401),
    ],
)
def test_a_request_that_breaks_the_spec_is_refused(
    proxy: PrismProcess,
    upstream: tuple[str, Starlette],
    case: str,
    headers: dict[str, str],
    body: dict[str, Any],
    status: int,
) -> None:
    seen: list[str] = upstream[1].state.seen
    before = len(seen)
    since = proxy.mark()
    response = httpx.post(f"{proxy.url}/activity/reports", json=body, headers=headers, timeout=30)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert proxy.problems(since), proxy.output()[since:]
    if status == 422:  # the problem lists what is wrong with the request body
        problem = response.json()["validation"]
        assert problem, response.text
        assert all(v["location"][0] == "body" for v in problem), response.text
        assert any(v["location"] == ["body", "type"] for v in problem), response.text
    assert len(seen) == before, f"{case}: forwarded to the upstream"
