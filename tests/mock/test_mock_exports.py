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
from mock_server.export_rows import CASE_COLUMNS, NPS_COLUMNS
from tests.support import spec_tools
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
MENTION_COLUMNS_AT = spec_tools.pointer(
    "components", "schemas", "MentionSlaExportRequest", "x-lexer-csv-columns"
)


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
    # The columns of Lexer's export draft, in its order and spelling, as openapi.yaml lists them.
    assert rows[0] == spec_tools.get_at(MENTION_COLUMNS_AT), rows[0]
    summary = report(client, "summary", users=[12345, 12351])
    index = {name: i for i, name in enumerate(rows[0])}
    body_rows = rows[1:]
    assert len(body_rows) == summary["total_volume"] > 0, summary
    agents = {(row[index["Agent First Name"]], row[index["Agent Last Name"]]) for row in body_rows}
    assert agents - {("", "")} <= {("Jane", "Remington"), names_of(client, 12351)}, agents
    answered = [row for row in body_rows if row[index["Agent Reponse Date (UTC)"]]]
    assert len(answered) == summary["total_responded_to"], summary
    assert sum(row[index["Within Customer SLA"]] == "false" for row in answered) == summary["broke_sla"]
    assert sum(row[index["Within Agent SLA"]] == "false" for row in answered) == summary["broke_action_sla"]
    waits = [float(row[index["Customer Wait Time (min)"]]) for row in answered]
    assert max(waits) == pytest.approx(summary["max_response_time"] / 60), summary
    for row in answered:  # the wait is the time in the queue plus the agent's own response time
        queue, agent = float(row[index["In Queue (min)"]]), float(row[index["Agent Response Time (min)"]])
        assert float(row[index["Customer Wait Time (min)"]]) == pytest.approx(queue + agent)
        assert row[index["Customer Publish Date (UTC)"]] <= row[index["Agent Reponse Date (UTC)"]]
        assert row[index["Agent Reponse Date (UTC)"]] == row[index["Last Action Date (UTC)"]]
    assert {row[index["Source Type"]] for row in body_rows} <= set(spec_channels(client))


def names_of(client: TestClient, user_id: int) -> tuple[str, str]:
    users = client.get("/v1/users", headers=AUTH).json()
    user = next(u for u in users if u["id"] == user_id)
    return user["first_name"], user["last_name"]


def spec_channels(client: TestClient) -> list[str]:
    app = client.app
    assert isinstance(app, MockApp)
    return [name for name, _ in app.mock.team.model.channels]


def test_download_works_with_and_without_the_csv_extension(client: TestClient, clock: FakeClock) -> None:
    # Lexer's export draft shows a storage link without `.csv`; the mock's own url has it. Both download.
    token = start(client, "mention_sla_export")
    clock.now += 2
    with_extension = client.get(f"/_mock/exports/{token}.csv")
    without_extension = client.get(f"/_mock/exports/{token}")
    assert with_extension.status_code == without_extension.status_code == 200, show(without_extension)
    assert with_extension.content == without_extension.content
    assert without_extension.headers["content-type"].startswith("text/csv")


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
