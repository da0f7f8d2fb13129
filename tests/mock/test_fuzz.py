"""Fuzzing beyond Schemathesis: Hypothesis throws arbitrary bytes at the app in-process.

Schemathesis generates requests from the spec; here methods, paths, query strings, headers and
bodies are arbitrary bytes (or near misses of valid requests), sent to the ASGI app unfiltered by
any HTTP client. Every answer must be below 500; every 4xx must be JSON in the Error shape; 405s
carry ``Allow``; and the app must keep serving. The only answers that are not JSON are the
documented non-JSON ones: the CSV download and the Swagger UI (both 200s), and redirects.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_from_bytes

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.app import MockApp
from tests.support import spec_tools
from tests.support.asgi_raw import Answer, call_sync
from tests.support.mock_helpers import NPS_FORM, RAW_AUTH, RAW_JSON_TYPE, REPORTS, still_serving

EXAMPLES = 400
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ERROR = spec_tools.schema_validator("Error")
NON_JSON_OK = ("/_mock/exports/", "/v1/ui")

# Paths the mock serves (from the spec, plus its own routes) and pieces to build others from.
KNOWN_PATHS = sorted(
    {f"/v1{path}" for path, _, _ in spec_tools.operations()}
    | {
        "/api/public/v1/activity/reports/status",
        "/v1/openapi.json",
        "/v1/ui/",
        "/_mock/journal",
        "/_mock/reset",
        "/_mock/exports/x.csv",
    }
)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]
HEADER_NAMES = [
    b"auth-api-token",
    b"content-type",
    b"content-length",
    b"transfer-encoding",
    b"prefer",
    b"accept",
    b"host",
    b"expect",
    b"cookie",
    b"x-forwarded-for",
]
REPORT_TYPES = spec_tools.report_types()
WEEK = {"date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-07T23:59:59+11:00"}


@pytest.fixture(scope="module")
def app(mock_app: MockApp) -> MockApp:
    return mock_app  # the session's app: rate limit off, responses validated, exports at once


def check(answer: Answer, path: str) -> None:
    assert answer.status != 0, "no answer"
    assert answer.status < 500, answer
    content_type = answer.header("content-type") or ""
    if 400 <= answer.status < 500:
        assert content_type.startswith("application/json"), answer
        payload = orjson.loads(answer.body)
        assert spec_tools.errors(ERROR, payload) == [], answer
        if answer.status == 405:
            assert answer.header("allow"), answer
    elif 200 <= answer.status < 300 and not path.startswith(NON_JSON_OK):
        assert content_type.startswith("application/json"), answer
        orjson.loads(answer.body)


# ---------------------------------------------------------------------- strategies
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
segments = st.one_of(
    st.sampled_from(
        ["v1", "api", "public", "activity", "reports", "status", "users", "_mock", "..", ".", ""]
    ),
    st.binary(max_size=12).map(lambda b: quote_from_bytes(b, safe="")),
    st.text(max_size=12).map(lambda t: t.replace("/", "")),
)
paths = st.one_of(
    st.sampled_from(KNOWN_PATHS),
    st.lists(segments, max_size=6).map(lambda parts: "/" + "/".join(parts)),
    st.tuples(st.sampled_from(KNOWN_PATHS), segments).map(lambda pair: pair[0] + pair[1]),
    st.binary(max_size=40).map(lambda b: "/" + b.decode("latin-1")),
)
methods = st.one_of(
    st.sampled_from(METHODS), st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-_", min_size=1, max_size=10)
)
header_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(HEADER_NAMES), st.binary(min_size=1, max_size=20)), st.binary(max_size=80)
    ),
    max_size=6,
)
queries = st.one_of(
    st.binary(max_size=80),
    st.dictionaries(
        st.sampled_from(["token", "x", "", "token[]", "%"]), st.text(max_size=30), max_size=3
    ).map(
        lambda d: "&".join(
            f"{quote_from_bytes(k.encode())}={quote_from_bytes(v.encode())}" for k, v in d.items()
        ).encode()
    ),
)
bodies = st.one_of(st.binary(max_size=300), json_values.map(lambda value: json.dumps(value).encode()))


@st.composite
def report_bodies(draw: st.DrawFn) -> bytes:
    """A valid report request with a few fields replaced, removed or added."""
    report_type = draw(st.sampled_from(REPORT_TYPES))
    body: dict[str, Any] = {"type": report_type, **WEEK}
    if report_type.startswith("nps_"):
        body.update(form=NPS_FORM, nps_category="all")
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*body, "users", "groups", "form", "nps_category", "extra"]))
        action = draw(st.sampled_from(["replace", "delete"]))
        if action == "delete":
            body.pop(key, None)
        else:
            body[key] = draw(json_values)
    raw = json.dumps(body).encode()  # the json module, unlike orjson, writes integers beyond 64 bits
    if draw(st.booleans()):  # cut or corrupt the bytes too
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=8))
    return raw


# ---------------------------------------------------------------------- the fuzz tests
@FUZZ
@given(method=methods, path=paths, query=queries, headers=header_pairs, body=bodies, with_token=st.booleans())
def test_arbitrary_requests(
    app: MockApp,
    method: str,
    path: str,
    query: bytes,
    headers: list[tuple[bytes, bytes]],
    body: bytes,
    with_token: bool,
) -> None:
    sent = [*headers, RAW_AUTH] if with_token else headers
    answer = call_sync(app, method, path.encode("latin-1", "replace"), query=query, headers=sent, body=body)
    check(answer, path)
    still_serving(app)


@FUZZ
@given(body=report_bodies(), extra=header_pairs, chunked=st.booleans())
def test_near_miss_report_requests(
    app: MockApp, body: bytes, extra: list[tuple[bytes, bytes]], chunked: bool
) -> None:
    chunks = [body[i : i + 7] for i in range(0, len(body), 7)] if chunked else None
    answer = call_sync(
        app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE, *extra], body=body, chunks=chunks
    )
    check(answer, REPORTS)
    still_serving(app)


@FUZZ
@given(
    path=st.sampled_from(KNOWN_PATHS), method=st.sampled_from(METHODS), query=queries, headers=header_pairs
)
def test_known_paths_with_arbitrary_methods_queries_and_headers(
    app: MockApp, path: str, method: str, query: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    answer = call_sync(app, method, path, query=query, headers=[RAW_AUTH, *headers])
    check(answer, path)
    still_serving(app)
