"""Every operation and every report type answers 200 with a body that fits the spec's schema."""

from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server.app import MockApp
from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, PUBLIC_STATUS, REPORTS, STATUS, assert_fits, body, show
from tests.support.strict_spec import strict_validator

LIST_OPERATIONS = {"/v1/users": "User", "/v1/groups": "Group", "/v1/forms": "Form"}
APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")
JUNE_2024 = ("2024-06-01T00:00:00+10:00", "2024-06-30T23:59:59+10:00")


def test_every_operation_of_the_spec_is_tested() -> None:
    """Guards this module: a new operation in openapi.yaml must be added here."""
    assert {op["operationId"] for _, _, op in spec_tools.operations()} == {
        "listUsers",
        "listGroups",
        "listForms",
        "runReport",
        "getReportStatus",
    }


@pytest.mark.parametrize(("path", "schema"), LIST_OPERATIONS.items())
def test_lists(asgi_client: TestClient, mock_app: MockApp, path: str, schema: str) -> None:
    response = asgi_client.get(path, headers=AUTH)
    assert response.status_code == 200, show(response)
    items = response.json()
    assert isinstance(items, list), show(response)
    assert items, show(response)
    for item in items:
        assert_fits(schema, item, response)
    team = mock_app.mock.team
    assert items == {"User": team.users, "Group": team.groups, "Form": team.forms}[schema]


@pytest.mark.parametrize("report_type", spec_tools.report_types())
@pytest.mark.parametrize("period", [APRIL, JUNE_2024], ids=["april-2018", "june-2024"])
def test_every_report_type(asgi_client: TestClient, report_type: str, period: tuple[str, str]) -> None:
    response = asgi_client.post(REPORTS, headers=AUTH, json=body(report_type, *period))
    assert response.status_code == 200, show(response)
    schema = spec_tools.response_schema_name(report_type)
    assert_fits(schema, response.json(), response)
    # The 200 body also fits runReport's declared response (the ReportResult union).
    problems = spec_tools.errors(strict_validator("ReportResult"), response.json())
    assert not problems, problems


def test_reports_have_data_where_the_history_has_activity(asgi_client: TestClient) -> None:
    for report_type in ("summary", "case_summary", "nps_summary"):
        payload = asgi_client.post(REPORTS, headers=AUTH, json=body(report_type, *JUNE_2024)).json()
        assert any(value for value in payload.values()), (report_type, payload)
    for report_type in (
        "workflow_states",
        "classifications",
        "user_summary",
        "user_volume",
        "case_classifications",
    ):
        rows = asgi_client.post(REPORTS, headers=AUTH, json=body(report_type, *JUNE_2024)).json()
        assert rows, report_type


@pytest.mark.parametrize("path", [STATUS, PUBLIC_STATUS])
def test_report_status_under_both_base_paths(asgi_client: TestClient, path: str) -> None:
    started = asgi_client.post(REPORTS, headers=AUTH, json=body("case_details", *JUNE_2024))
    assert started.status_code == 200, show(started)
    job = started.json()
    assert job["status"] == "pending", show(started)
    assert job["url"] is None, show(started)
    response = asgi_client.get(path, headers=AUTH, params={"token": job["token"]})
    assert response.status_code == 200, show(response)
    assert_fits("ExportJob", response.json(), response)
    assert response.json()["token"] == job["token"]


def test_only_the_status_operation_lives_under_the_public_prefix(asgi_client: TestClient) -> None:
    for path in ("/api/public/v1/users", "/api/public/v1/activity/reports"):
        response = asgi_client.get(path, headers=AUTH)
        assert response.status_code == 404, show(response)


def test_swagger_ui_and_the_served_spec(asgi_client: TestClient) -> None:
    ui = asgi_client.get("/v1/ui/")
    assert ui.status_code == 200, show(ui)
    assert "swagger" in ui.text.lower(), show(ui)
    served = asgi_client.get("/v1/openapi.json")
    assert served.status_code == 200, show(served)
    assert served.json()["paths"].keys() == spec_tools.load_spec()["paths"].keys()


def test_documented_curl_calls_over_http(mock_url: str) -> None:
    """The documents' curl examples, with only scheme and host changed, against the real server."""
    token = AUTH["Auth-Api-Token"]
    headers = {"Content-Type": "application/json", "Auth-Api-Token": token}
    with httpx.Client(base_url=mock_url, timeout=30) as client:
        for path in ("/v1/users", "/v1/groups", "/v1/forms"):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, show(response)
        payload = (
            '{ "type": "summary", "date_from": "2018-04-01T00:00:00+11:00", '
            '"date_to": "2018-04-30T23:59:59+11:00" }'
        )
        response = client.post("/v1/activity/reports", headers=headers, content=payload)
        assert response.status_code == 200, show(response)
        assert_fits("SummaryReport", response.json(), response)
        payload = (
            '{ "type": "nps_submissions", "date_from": "2019-06-15T00:00:00+11:00", '
            '"date_to": "2019-06-30T23:59:59+11:00","nps_category":"all", "form":55}'
        )
        job = client.post("/v1/activity/reports", headers=headers, content=payload).json()
        status = client.get(
            f"/api/public/v1/activity/reports/status?token={job['token']}", headers={"Auth-Api-Token": token}
        )
        assert status.status_code == 200, show(status)
        url = status.json()["url"]
        assert url.startswith(mock_url + "/_mock/exports/"), show(status)
        csv = client.get(url)
        assert csv.status_code == 200, show(csv)
        assert csv.text.startswith("submission_id,"), show(csv)
