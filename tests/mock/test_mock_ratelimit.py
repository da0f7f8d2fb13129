"""The per-token rate limit: exact counts, Retry-After, per token, exact under concurrency."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import errors
from mock_server.app import create_app
from mock_server.ratelimit import RateLimit, RateLimiter, parse_rate_limit
from tests.support.mock_helpers import (
    AUTH,
    OTHER,
    OTHER_TOKEN,
    REPORTS,
    STATUS,
    TOKEN,
    FakeClock,
    assert_error,
    assert_fits,
    body,
    show,
)


def test_limit_window_and_retry_after() -> None:
    clock = FakeClock(1000.0)
    app = create_app(rate_limit="3/60", tokens=[TOKEN, OTHER_TOKEN], monotonic=clock)
    with TestClient(app) as client:
        # Every operation counts.
        assert client.get("/v1/users", headers=AUTH).status_code == 200
        started = client.post(
            REPORTS, headers=AUTH, json=body("case_details", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")
        )
        assert started.status_code == 200, show(started)
        clock.now += 10
        status = client.get(STATUS, headers=AUTH, params={"token": started.json()["token"]})
        assert status.status_code == 200, show(status)
        limited = client.get("/v1/groups", headers=AUTH)
        assert_error(limited, 429, errors.RATE_LIMITED)
        assert limited.headers["retry-after"] == "50", show(limited)  # the first hit frees at t+60
        # Another token has its own count.
        assert client.get("/v1/groups", headers=OTHER).status_code == 200
        # Rejected requests do not count: waiting as told is enough.
        clock.now += 49.5
        assert client.get("/v1/groups", headers=AUTH).headers["retry-after"] == "1"
        clock.now += 0.5
        # The two requests made at the start have left the window; the status poll has not.
        assert client.get("/v1/groups", headers=AUTH).status_code == 200
        assert client.get("/v1/groups", headers=AUTH).status_code == 200
        limited = client.get("/v1/groups", headers=AUTH)
        assert_error(limited, 429, errors.RATE_LIMITED)
        assert limited.headers["retry-after"] == "10", show(limited)
        # Unknown tokens are refused before counting.
        assert_error(
            client.get("/v1/groups", headers={"Auth-Api-Token": "nope"}), 401, errors.TOKEN_NOT_MATCHING
        )


def test_the_documented_default_is_100_per_5_minutes() -> None:
    with TestClient(create_app()) as client:
        statuses = Counter(client.get("/v1/forms", headers=AUTH).status_code for _ in range(101))
    assert statuses == {200: 100, 429: 1}, statuses


def test_zero_turns_the_limit_off() -> None:
    with TestClient(create_app(rate_limit="0")) as client:
        statuses = Counter(client.get("/v1/forms", headers=AUTH).status_code for _ in range(150))
    assert statuses == {200: 150}, statuses


def test_429_fits_the_spec() -> None:
    with TestClient(create_app(rate_limit="1/300", validate_responses=True)) as client:
        client.get("/v1/users", headers=AUTH)
        response = client.post(
            REPORTS, headers=AUTH, json=body("summary", "2024-01-01T00:00:00Z", "2024-01-31T00:00:00Z")
        )
    assert_error(response, 429, errors.RATE_LIMITED)
    assert_fits("Error", response.json(), response)
    assert int(response.headers["retry-after"]) >= 1, show(response)


def test_exact_under_concurrency() -> None:
    app = create_app(rate_limit="10/300")

    async def burst() -> Counter[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            requests = [
                client.post(
                    REPORTS,
                    headers=AUTH,
                    json=body("summary", "2024-01-01T00:00:00Z", f"2024-01-{d:02d}T00:00:00Z"),
                )
                if d % 2
                else client.get("/v1/users", headers=AUTH)
                for d in range(1, 41)
            ]
            return Counter(response.status_code for response in await asyncio.gather(*requests))

    assert asyncio.run(burst()) == {200: 10, 429: 30}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("100/300", RateLimit(100, 300.0)), ("5/0.5", RateLimit(5, 0.5)), ("0", RateLimit(0, 0.0))],
)
def test_parse_rate_limit(text: str, expected: RateLimit) -> None:
    assert parse_rate_limit(text) == expected


@pytest.mark.parametrize("text", ["", "100", "0/300", "100/0", "-1/5", "a/b", "1/2/3"])
def test_parse_rate_limit_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="N/SECONDS"):
        parse_rate_limit(text)


def test_limiter_reset() -> None:
    clock = FakeClock(1000.0)
    limiter = RateLimiter(RateLimit(1, 10), clock)
    assert limiter.hit("a") is None
    assert limiter.hit("a") == 10
    limiter.reset("a")
    assert limiter.hit("a") is None
