"""The mock's answers where the sources leave something open, each as openapi.yaml's resolved slips decide.

Over real HTTP (the session's ``mock_url``): the export draft's ``?status=`` form, its date-times without
seconds, the open ``nps_category``, both status mounts, and a Swagger UI that only ever calls the mock.
"""

from __future__ import annotations

from urllib.parse import urlparse

import httpx
import pytest

from mock_server import errors
from mock_server.queries import KNOWN_NPS_CATEGORIES
from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, REPORTS, TOKEN, assert_error, assert_fits, body, show

APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")


def test_the_export_drafts_status_query_is_told_where_the_status_is(mock_url: str) -> None:
    response = httpx.get(f"{mock_url}{REPORTS}", params={"status": TOKEN}, headers=AUTH)
    assert_error(response, 405, errors.METHOD_NOT_ALLOWED)
    assert response.headers["allow"] == "POST", show(response)
    assert "GET /activity/reports/status?token=<token>" in response.json()["message"], show(response)


@pytest.mark.parametrize(
    "date_from",
    ["2018-10-01T00:00Z", "2018-10-01T00%3A00Z", "2018-10-01T00:00+11:00"],
    ids=["no-seconds", "percent-encoded", "no-seconds-offset"],
)
def test_date_times_without_seconds_are_malformed(mock_url: str, date_from: str) -> None:
    request = {"type": "mention_sla_export", "date_from": date_from, "date_to": "2018-11-15T00:00:00Z"}
    response = httpx.post(f"{mock_url}{REPORTS}", json=request, headers=AUTH)
    assert_error(response, 404, errors.NOT_FOUND)
    assert "with seconds" in response.json()["message"], show(response)
    # With seconds, the draft's request is answered.
    fixed = {**request, "date_from": "2018-10-01T00:00:00Z"}
    accepted = httpx.post(f"{mock_url}{REPORTS}", json=fixed, headers=AUTH)
    assert accepted.status_code == 200, show(accepted)
    assert_fits("ExportJob", accepted.json(), accepted)


def test_known_nps_categories_are_the_specs_and_others_are_malformed(mock_url: str) -> None:
    spec = spec_tools.load_spec()
    assert list(KNOWN_NPS_CATEGORIES) == spec["components"]["schemas"]["NpsCategory"]["x-extensible-enum"]
    for category in KNOWN_NPS_CATEGORIES:
        response = httpx.post(
            f"{mock_url}{REPORTS}", json=body("nps_summary", *APRIL, nps_category=category), headers=AUTH
        )
        assert response.status_code == 200, show(response)
    unknown = httpx.post(
        f"{mock_url}{REPORTS}", json=body("nps_summary", *APRIL, nps_category="fans"), headers=AUTH
    )
    assert_error(unknown, 404, errors.NOT_FOUND)
    assert "known values: all, promoters, passives, detractors" in unknown.json()["message"], show(unknown)


def status_paths() -> list[str]:
    path, _, op = next(o for o in spec_tools.operations() if o[2]["operationId"] == "getReportStatus")
    return [urlparse(server["url"]).path + path for server in op["servers"]]


def test_every_status_server_of_the_spec_is_mounted(mock_url: str) -> None:
    job = httpx.post(f"{mock_url}{REPORTS}", json=body("case_details", *APRIL), headers=AUTH).json()
    assert status_paths()[0] == "/api/public/v1/activity/reports/status"  # the default server first
    for path in status_paths():
        response = httpx.get(f"{mock_url}{path}", params={"token": job["token"]}, headers=AUTH)
        assert response.status_code == 200, show(response)
        assert response.json()["token"] == job["token"], show(response)


def test_swagger_ui_only_ever_calls_the_mock(mock_url: str) -> None:
    served = httpx.get(f"{mock_url}/v1/openapi.json").json()
    servers = [*served["servers"]]
    for item in served["paths"].values():
        for op in item.values():
            servers += op.get("servers", [])
    assert len(servers) > 1  # getReportStatus names its own
    for server in servers:
        # Relative to the page (no scheme, no host): "Try it out" stays on the mock, token included.
        parsed = urlparse(server["url"])
        assert (parsed.scheme, parsed.netloc) == ("", ""), server
        assert server["url"].startswith("/"), server
    status = served["paths"]["/activity/reports/status"]["get"]["servers"]
    assert [server["url"] for server in status] == [
        urlparse(p).path.removesuffix("/activity/reports/status") for p in status_paths()
    ]
    # The Swagger UI page reads that document.
    page = httpx.get(f"{mock_url}/v1/ui/")
    assert page.status_code == 200, show(page)
