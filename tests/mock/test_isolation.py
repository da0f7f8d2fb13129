"""Isolation per API token: export jobs, journals and rate-limit counts never cross tokens.

The rate limit is also checked for exactness under a real concurrent burst over HTTP: the
documented default (100 per 5 minutes) lets exactly 100 of 160 parallel requests through.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server import errors, exports, journal
from mock_server.app import MockApp, create_app
from tests.support.mock_helpers import REPORTS, STATUS, assert_error, body, show
from tests.support.servers import serve_in_thread

A = {"Auth-Api-Token": "token-a"}
B = {"Auth-Api-Token": "token-b"}
WEEK = ("2024-03-01T00:00:00Z", "2024-03-07T23:59:59Z")


@pytest.fixture
def app() -> MockApp:
    return create_app(tokens=["token-a", "token-b"], rate_limit="5/300", export_delay=0)


@pytest.fixture
def client(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def start_export(client: TestClient, headers: dict[str, str], report_type: str = "case_details") -> str:
    response = client.post(REPORTS, headers=headers, json=body(report_type, *WEEK))
    assert response.status_code == 200, show(response)
    token: str = response.json()["token"]
    return token


def test_another_tokens_export_is_not_found(client: TestClient) -> None:
    job = start_export(client, A)
    assert_error(client.get(STATUS, headers=B, params={"token": job}), 404, errors.NOT_FOUND)
    mine = client.get(STATUS, headers=A, params={"token": job})
    assert mine.status_code == 200, show(mine)
    assert mine.json()["status"] == "complete", show(mine)
    # Resetting B's state leaves A's job alone; resetting A's forgets it.
    assert client.post("/_mock/reset", headers=B).status_code == 200
    assert client.get(STATUS, headers=A, params={"token": job}).status_code == 200
    assert client.post("/_mock/reset", headers=A).status_code == 200
    assert_error(client.get(STATUS, headers=A, params={"token": job}), 404, errors.NOT_FOUND)


def test_one_tokens_jobs_never_push_out_anothers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "MAX_JOBS", 3)
    app = create_app(tokens=["token-a", "token-b"], rate_limit="0", export_delay=0)
    with TestClient(app) as client:
        theirs = start_export(client, B, "mention_sla_export")
        mine = [start_export(client, A) for _ in range(5)]
        # A keeps its newest 3; B's only job survives A's burst.
        assert app.mock.exports.job_count("token-a") == 3
        assert app.mock.exports.job_count("token-b") == 1
        for old in mine[:2]:
            assert_error(client.get(STATUS, headers=A, params={"token": old}), 404, errors.NOT_FOUND)
        for kept in mine[2:]:
            assert client.get(STATUS, headers=A, params={"token": kept}).json()["status"] == "complete"
        status = client.get(STATUS, headers=B, params={"token": theirs})
        assert status.json()["status"] == "complete", show(status)
        download = client.get(status.json()["url"])
        assert download.status_code == 200, show(download)
        assert download.text.startswith("Account Name,Source Type,"), download.text[:200]


def test_journals_are_per_token(client: TestClient) -> None:
    client.get("/v1/users", headers=A)
    client.get("/v1/groups", headers=B)
    client.get("/v1/forms", headers={"Auth-Api-Token": "not-a-token"})
    assert [e["path"] for e in client.get("/_mock/journal", headers=A).json()] == ["/v1/users"]
    assert [e["path"] for e in client.get("/_mock/journal", headers=B).json()] == ["/v1/groups"]
    unknown = client.get("/_mock/journal", headers={"Auth-Api-Token": "not-a-token"}).json()
    assert [(e["path"], e["status"]) for e in unknown] == [("/v1/forms", 401)]
    assert client.get("/_mock/journal").json() == []


def test_rate_limit_counts_are_per_token(client: TestClient) -> None:
    assert Counter(client.get("/v1/users", headers=A).status_code for _ in range(7)) == {200: 5, 429: 2}
    # B has its own count, and A's exhausted one does not leak into it.
    assert Counter(client.get("/v1/users", headers=B).status_code for _ in range(5)) == {200: 5}
    assert_error(client.get("/v1/users", headers=B), 429, errors.RATE_LIMITED)
    # Unknown tokens are refused (401), never counted against anyone.
    assert_error(client.get("/v1/users", headers={"Auth-Api-Token": "x"}), 401, errors.TOKEN_NOT_MATCHING)


BURST = 160


def test_default_limit_is_exact_under_a_concurrent_http_burst() -> None:
    """160 parallel requests from a fresh token: exactly 100 pass, 60 get 429 with Retry-After."""
    fresh = f"burst-{uuid.uuid4()}"
    app = create_app(tokens=[fresh])  # the documented default limit, 100 per 300 s

    async def burst(url: str) -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=BURST, max_keepalive_connections=BURST)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
            headers = {"Auth-Api-Token": fresh}
            calls = [
                http.post(REPORTS, headers=headers, json=body("summary", *WEEK))
                if i % 3 == 0
                else http.get("/v1/users" if i % 3 == 1 else "/v1/forms", headers=headers)
                for i in range(BURST)
            ]
            return await asyncio.gather(*calls)

    with serve_in_thread(app) as url:
        responses = asyncio.run(burst(url))
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 100, 429: 60}, statuses
    for response in responses:
        if response.status_code == 429:
            assert_error(response, 429, errors.RATE_LIMITED)
            assert int(response.headers["retry-after"]) >= 1, show(response)


def test_journal_stays_bounded_whatever_clients_send() -> None:
    app = create_app(tokens=["token-a"], rate_limit="0")
    with TestClient(app) as client:
        # Every request with a new made-up token would otherwise open a new journal list.
        for i in range(journal.UNKNOWN_TOKENS + 10):
            client.get("/v1/users", headers={"Auth-Api-Token": f"made-up-{i}"})
        assert client.get("/_mock/journal", headers={"Auth-Api-Token": "made-up-0"}).json() == []
        newest = f"made-up-{journal.UNKNOWN_TOKENS + 9}"
        assert len(client.get("/_mock/journal", headers={"Auth-Api-Token": newest}).json()) == 1
        # Accepted tokens are never pushed out by them.
        client.get("/v1/groups", headers=A)
        for i in range(journal.UNKNOWN_TOKENS + 1):
            client.get("/v1/users", headers={"Auth-Api-Token": f"later-{i}"})
        assert [e["path"] for e in client.get("/_mock/journal", headers=A).json()] == ["/v1/groups"]
        # Long fields are cut, and the entry says so.
        huge = "x" * (journal.MAX_FIELD * 4)
        client.post(REPORTS, headers={**A, "Content-Type": "application/json"}, content=huge.encode())
        client.get("/v1/users", headers={**A, "User-Agent": huge}, params={"q": huge})
        posted, got = client.get("/_mock/journal", headers=A).json()[-2:]
        assert posted["truncated"] is True
        assert len(posted["body"]) == journal.MAX_FIELD
        assert got["truncated"] is True
        assert len(got["headers"]["user-agent"]) == journal.MAX_FIELD
        assert len(got["query"]["q"]) < journal.MAX_FIELD
        assert "truncated" not in client.get("/_mock/journal", headers=A).json()[0]
