"""Export jobs: pending -> complete after the delay, owned by their token, CSV drawn from the history."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server import errors
from mock_server.app import MockApp, create_app
from mock_server.exports import CASE_COLUMNS, MENTION_COLUMNS, NPS_COLUMNS
from tests.support.mock_helpers import (
    AUTH,
    OTHER,
    OTHER_TOKEN,
    PUBLIC_STATUS,
    REPORTS,
    STATUS,
    TOKEN,
    FakeClock,
    assert_error,
    assert_fits,
    body,
    show,
)

PERIOD = ("2019-06-15T00:00:00+11:00", "2019-06-30T23:59:59+11:00")


# One app for the module: every test starts its own jobs and only moves the clock forward.
@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock(50.0)


@pytest.fixture(scope="module")
def app(clock: FakeClock) -> MockApp:
    return create_app(
        export_delay=2,
        rate_limit="0",
        validate_responses=True,
        tokens=[TOKEN, OTHER_TOKEN],
        monotonic=clock,
    )


@pytest.fixture(scope="module")
def client(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://mock.example:9999") as test_client:
        yield test_client


def start(client: TestClient, report_type: str, **extra: Any) -> str:
    response = client.post(REPORTS, headers=AUTH, json=body(report_type, *PERIOD, **extra))
    assert response.status_code == 200, show(response)
    job = response.json()
    assert_fits("ExportJob", job, response)
    assert job["status"] == "pending", show(response)
    assert job["url"] is None, show(response)
    token: str = job["token"]
    return token


def poll(
    client: TestClient, token: str, path: str = STATUS, headers: dict[str, str] = AUTH
) -> dict[str, Any]:
    response = client.get(path, headers=headers, params={"token": token})
    assert response.status_code == 200, show(response)
    assert_fits("ExportJob", response.json(), response)
    job: dict[str, Any] = response.json()
    return job


def download(client: TestClient, token: str) -> list[list[str]]:
    url = poll(client, token)["url"]
    assert url == f"http://mock.example:9999/_mock/exports/{token}.csv", url
    response = client.get(url)
    assert response.status_code == 200, show(response)
    assert response.headers["content-type"] == "text/csv; charset=utf-8", show(response)
    return list(csv.reader(io.StringIO(response.text)))


def report(client: TestClient, report_type: str, **extra: Any) -> Any:
    response = client.post(REPORTS, headers=AUTH, json=body(report_type, *PERIOD, **extra))
    assert response.status_code == 200, show(response)
    return response.json()


def test_lifecycle(client: TestClient, clock: FakeClock) -> None:
    token = start(client, "case_details")
    assert poll(client, token) == {"status": "pending", "url": None, "token": token}
    assert_error(client.get(f"/_mock/exports/{token}.csv"), 404, errors.NOT_FOUND)
    clock.now += 1.9
    assert poll(client, token, PUBLIC_STATUS)["status"] == "pending"
    clock.now += 0.1
    for path in (STATUS, PUBLIC_STATUS):
        job = poll(client, token, path)
        assert job["status"] == "complete", job
        assert job["url"].endswith(f"/_mock/exports/{token}.csv"), job
    rows = download(client, token)
    assert tuple(rows[0]) == CASE_COLUMNS, rows[0]


def test_jobs_belong_to_their_token(client: TestClient, clock: FakeClock) -> None:
    token = start(client, "mention_sla_export")
    clock.now += 5
    assert_error(client.get(STATUS, headers=OTHER, params={"token": token}), 404, errors.NOT_FOUND)
    assert poll(client, token)["status"] == "complete"
    # Forgetting the other token's state leaves this job alone; forgetting this token's removes it.
    assert client.post("/_mock/reset", headers=OTHER).status_code == 200
    assert poll(client, token)["status"] == "complete"
    assert client.post("/_mock/reset", headers=AUTH).status_code == 200
    assert_error(client.get(STATUS, headers=AUTH, params={"token": token}), 404, errors.NOT_FOUND)


def test_zero_delay_completes_at_the_first_poll() -> None:
    with TestClient(create_app(export_delay=0)) as client:
        token = start(client, "nps_submissions")
        assert poll(client, token)["status"] == "complete"


def test_case_csv_matches_case_summary(client: TestClient, clock: FakeClock) -> None:
    token = start(client, "case_details")
    clock.now += 2
    rows = download(client, token)
    summary = report(client, "case_summary")
    assert len(rows) - 1 == summary["total_cases"] > 0, (len(rows), summary)
    index = {name: i for i, name in enumerate(rows[0])}
    interactions = sum(int(row[index["agent_interactions"]]) for row in rows[1:])
    assert interactions / summary["total_cases"] == pytest.approx(summary["agent_interactions"]), summary


def test_mention_csv_matches_summary(client: TestClient, clock: FakeClock) -> None:
    token = start(client, "mention_sla_export", users=[12345, 12351])
    clock.now += 2
    rows = download(client, token)
    assert tuple(rows[0]) == MENTION_COLUMNS, rows[0]
    summary = report(client, "summary", users=[12345, 12351])
    index = {name: i for i, name in enumerate(rows[0])}
    body_rows = rows[1:]
    assert len(body_rows) == summary["total_volume"] > 0, summary
    assert {row[index["assigned_user_id"]] for row in body_rows} <= {"12345", "12351"}
    assert sum(row[index["responded"]] == "true" for row in body_rows) == summary["total_responded_to"]
    assert sum(row[index["broke_sla"]] == "true" for row in body_rows) == summary["broke_sla"]
    times = [float(row[index["response_time"]]) for row in body_rows if row[index["response_time"]]]
    assert max(times) == summary["max_response_time"], summary


@pytest.mark.parametrize("category", ["all", "promoters", "detractors"])
def test_nps_csv_matches_nps_summary(client: TestClient, clock: FakeClock, category: str) -> None:
    token = start(client, "nps_submissions", form=55, nps_category=category)
    clock.now += 2
    rows = download(client, token)
    assert tuple(rows[0]) == NPS_COLUMNS, rows[0]
    summary = report(client, "nps_summary", form=55, nps_category=category)
    index = {name: i for i, name in enumerate(rows[0])}
    if category == "all":
        assert len(rows) - 1 == summary["total_sent"] > 0, summary
        answered = [row for row in rows[1:] if row[index["answered"]] == "true"]
        assert len(answered) == summary["total_received"], summary
    else:
        assert len(rows) - 1 == summary[f"total_{category}"] > 0, summary
        assert {row[index["nps_category"]] for row in rows[1:]} == {category}
    assert {row[index["form_id"]] for row in rows[1:]} == {"55"}
