"""Every request the documents print (the spec's named request examples) runs against the mock.

The kit promises that each curl of Lexer's documents works against the mock with only scheme and
host changed; the spec carries those requests as examples, so the fixtures must hold the ids they name.
"""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, PUBLIC_STATUS, REPORTS, assert_fits, show


@pytest.mark.parametrize("report_type", spec_tools.report_types())
def test_documented_request_is_answered(asgi_client: TestClient, report_type: str) -> None:
    example = spec_tools.request_example(report_type)
    response = asgi_client.post(REPORTS, json=example, headers=AUTH)
    assert response.status_code == 200, show(response)
    schema = spec_tools.response_schema_name(report_type)
    assert_fits(schema, response.json(), response)
    if schema == "ExportJob":
        status = asgi_client.get(PUBLIC_STATUS, params={"token": response.json()["token"]}, headers=AUTH)
        assert status.status_code == 200, show(status)
        assert_fits("ExportJob", status.json(), status)
