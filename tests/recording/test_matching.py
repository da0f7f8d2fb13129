"""How a recorded request is matched: date-time spellings, key order, query order (keys.py)."""

from __future__ import annotations

import pytest

from mock_server.recording.keys import Operations, canonical_datetime
from mock_server.spec import Spec


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("2018-04-01T00:00:00+11:00", "2018-04-01T00:00:00+11:00"),
        ("2018-04-01t00:00:00+11:00", "2018-04-01T00:00:00+11:00"),
        ("2018-04-01T00:00+11:00", "2018-04-01T00:00:00+11:00"),
        ("2018-04-01T00:00:00.000+11:00", "2018-04-01T00:00:00+11:00"),
        ("2018-04-01T00:00:00.500000+11:00", "2018-04-01T00:00:00.500000+11:00"),
        ("2018-04-01T00:00:00.5+11:00", "2018-04-01T00:00:00.500000+11:00"),
        ("2018-03-31T13:00:00Z", "2018-03-31T13:00:00+00:00"),
        ("2018-03-31T13:00:00z", "2018-03-31T13:00:00+00:00"),
        ("2018-03-31T13:00:00-00:00", "2018-03-31T13:00:00+00:00"),
    ],
)
def test_one_spelling_per_instant_and_offset(spelling: str, canonical: str) -> None:
    assert canonical_datetime(spelling) == canonical


@pytest.mark.parametrize(
    "text", ["2018-04-01T00:00:00", "2018-04-01", "yesterday", "2018-13-01T00:00:00Z", ""]
)
def test_what_is_no_date_time_with_an_offset_is_compared_as_it_is(text: str) -> None:
    assert canonical_datetime(text) is None


def test_a_request_key_ignores_key_order_query_order_and_date_time_spelling() -> None:
    ops = Operations.of(Spec.load())
    one = {"type": "summary", "date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-30T23:59:59Z"}
    other = {"date_to": "2018-04-30T23:59:59+00:00", "date_from": "2018-04-01T00:00+11:00", "type": "summary"}
    assert ops.key("runReport", [], one) == ops.key("runReport", [], other)
    shifted = {**one, "date_from": "2018-03-31T13:00:00Z"}  # the same instant, another offset
    assert ops.key("runReport", [], one) != ops.key("runReport", [], shifted)
    assert ops.key("getReportStatus", [("b", "2"), ("a", "1")], None) == ops.key(
        "getReportStatus", [("a", "1"), ("b", "2")], None
    )
    # A field the spec does not type as a date-time is compared as it is.
    assert ops.key("runReport", [], {**one, "users": ["2018-04-01T00:00:00Z"]}) != ops.key(
        "runReport", [], {**one, "users": ["2018-04-01T00:00:00+00:00"]}
    )
    assert ops.find("GET", "/api/public/v1/activity/reports/status") == "getReportStatus"
    assert ops.find("GET", "/v1/activity/reports/status") == "getReportStatus"
    assert ops.find("POST", "/v1/users") is None
    assert ops.find("GET", "/v2/users") is None
