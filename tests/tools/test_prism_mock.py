"""``make prism`` (scripts/prism_front.py): the documents' curls run against Prism with only the host changed.

The session's ``prism_url`` is that stack: Prism serving the Prism edition of openapi.yaml behind the front
that adds ``Prefer: example=<type>``. No request here sends a ``Prefer`` header, as the documents' curls
send none.
"""

from __future__ import annotations

import sys
from urllib.parse import urlparse

import httpx
import pytest

from tests.support.mock_helpers import AUTH, show
from tests.support.spec_tools import (
    REPO_ROOT,
    get_at,
    load_spec,
    operation,
    pointer,
    report_example,
    report_types,
    request_example,
)

# The scripts run as `python scripts/<name>.py` and import their siblings; so does this test.
sys.path.insert(0, str(REPO_ROOT / "scripts"))
from prism_edition import prism_edition
from prism_front import prefer_for

SPEC = load_spec()
API = urlparse(SPEC["servers"][0]["url"]).path  # /v1
STATUS_BASES = [urlparse(s["url"]).path for s in operation("/activity/reports/status", "get")["servers"]]


def example_of(path: str, method: str, name: str) -> object:
    return get_at(
        pointer(
            "paths",
            path,
            method,
            "responses",
            "200",
            "content",
            "application/json",
            "examples",
            name,
            "value",
        )
    )


def test_edition_carries_every_server_base_path() -> None:
    edition = prism_edition(SPEC)
    assert edition["servers"] == [{"url": "/", "description": edition["servers"][0]["description"]}]
    expected = {f"{API}{path}" for path in SPEC["paths"]} | {
        f"{base}/activity/reports/status" for base in STATUS_BASES
    }
    assert set(edition["paths"]) == expected
    ids = [op["operationId"] for item in edition["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    # The default (first) status server keeps the operationId; no operation names servers of its own.
    assert (
        edition["paths"][f"{STATUS_BASES[0]}/activity/reports/status"]["get"]["operationId"]
        == "getReportStatus"
    )
    assert not any("servers" in op for item in edition["paths"].values() for op in item.values())


def test_prefer_is_added_only_for_a_report_type_with_an_example() -> None:
    names = frozenset(report_types())
    assert prefer_for(b'{"type": "user_summary"}', None, names) == "example=user_summary"
    assert prefer_for(b'{"type": "user_summary"}', "code=200", names) == "code=200, example=user_summary"
    assert prefer_for(b'{"type": "user_summary"}', "example=summary", names) == "example=summary"
    assert prefer_for(b'{"type": "everything"}', None, names) is None
    assert prefer_for(b"not json", None, names) is None
    assert prefer_for(b'["summary"]', None, names) is None


@pytest.mark.parametrize("path", ["/users", "/groups", "/forms"])
def test_documented_list_paths(prism_url: str, path: str) -> None:
    response = httpx.get(f"{prism_url}{API}{path}", headers=AUTH)
    assert response.status_code == 200, show(response)
    name = next(
        iter(
            get_at(
                pointer("paths", path, "get", "responses", "200", "content", "application/json", "examples")
            )
        )
    )
    assert response.json() == example_of(path, "get", name)


@pytest.mark.parametrize("report_type", report_types())
def test_each_report_type_gets_its_own_example(prism_url: str, report_type: str) -> None:
    response = httpx.post(
        f"{prism_url}{API}/activity/reports", headers=AUTH, json=request_example(report_type)
    )
    assert response.status_code == 200, show(response)
    assert response.json() == report_example(report_type)


def test_documents_workflow_states_curl_gets_team_volume_rows(prism_url: str) -> None:
    # The documents' Workflow States curl sends "user_volume" (see the spec's resolved slips).
    printed = {**request_example("workflow_states"), "type": "user_volume"}
    response = httpx.post(f"{prism_url}{API}/activity/reports", headers=AUTH, json=printed)
    assert response.status_code == 200, show(response)
    assert response.json() == report_example("user_volume") != report_example("workflow_states")


@pytest.mark.parametrize("base", STATUS_BASES)
def test_status_on_each_documented_host(prism_url: str, base: str) -> None:
    response = httpx.get(
        f"{prism_url}{base}/activity/reports/status", params={"token": "5f2b8c1e"}, headers=AUTH
    )
    assert response.status_code == 200, show(response)
    assert response.json() == example_of("/activity/reports/status", "get", "pending")


def test_a_body_of_no_report_type_gets_a_4xx(prism_url: str) -> None:
    body = {**request_example("summary"), "type": "summary_of_everything"}
    response = httpx.post(f"{prism_url}{API}/activity/reports", headers=AUTH, json=body)
    assert 400 <= response.status_code < 500, show(response)


def test_paths_without_the_base_path_are_not_served(prism_url: str) -> None:
    response = httpx.get(f"{prism_url}/users", headers=AUTH)
    assert response.status_code == 404, show(response)
