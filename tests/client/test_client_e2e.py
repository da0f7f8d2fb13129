"""End to end: the generated client over real HTTP, against the Connexion mock and against Prism.

Connexion mock: every operation, every report type through the typed layer (the right model, nothing left
unparsed, ``to_dict()`` equal to the JSON on the wire), empty reports, the three CSV exports polled to
complete and downloaded, the status call under both servers, and every documented error raised as
``LexerApiError`` (rate limiting on an instance of its own). Each of these tests runs on two routes (the
``api`` fixture):

- ``mock``: straight to the session's ``mock_url`` (tests/conftest.py);
- ``prism-proxy``: through ``prism proxy --errors`` (tests/support/prism.py), one per server, in front of
  ``python -m mock_server --rate-limit 0 --export-delay 0`` (no response validation of its own): Prism
  checks every request and answer against openapi.yaml and must log no violation at all (checked after each
  test). The two errors that only a spec-breaking request can get (an unknown report type, no token) are not
  sent through it: Prism refuses those requests itself (tests/contract/test_contract_prism_proxy.py).

Prism (tests/support/prism.py): every operation, each report type's named example chosen with
``Prefer: example=<type>``, both export-job examples and every documented error example of every operation.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import datetime as dt
import importlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import httpx
import pytest
from lexer_activity_client import AuthenticatedClient
from lexer_activity_client.models import Error, ExportJob, SummaryRequest
from lexer_activity_client.reports import (
    LexerApiError,
    download_export,
    download_export_async,
    get_report_status,
    get_report_status_async,
    make_client,
    run_report,
    run_report_async,
    wait_for_export,
    wait_for_export_async,
)

from tests.support.client_tools import (
    documented_extras,
    model_class,
    normalise_date_times,
    request_model,
    same_json,
    to_json,
)
from tests.support.mock_helpers import TOKEN
from tests.support.prism import PrismProcess, running_prism_proxy
from tests.support.servers import run_cli
from tests.support.spec_tools import (
    get_at,
    operations,
    report_example,
    report_types,
    resolve,
    response_schema_name,
)

POLL_S = 0.1
EXPORT_TIMEOUT_S = 120.0  # a guard against hanging, not a measurement
BEFORE_HISTORY = (dt.datetime(2001, 1, 1, tzinfo=dt.UTC), dt.datetime(2001, 1, 31, tzinfo=dt.UTC))


# ------------------------------------------------------------------ the spec, as the client sees it
def operation_ids() -> list[str]:
    return [op["operationId"] for _, _, op in operations()]


def _operation(operation_id: str) -> tuple[str, str, dict[str, Any]]:
    for path, method, op in operations():
        if op["operationId"] == operation_id:
            return path, method, op
    raise LookupError(operation_id)


def endpoint(operation_id: str) -> Any:
    """The generated module of an operation: lexer_activity_client.api.<first tag>.<snake_case id>."""
    _, _, op = _operation(operation_id)
    module = re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()
    return importlib.import_module(f"lexer_activity_client.api.{op['tags'][0]}.{module}")


def has_body(operation_id: str) -> bool:
    return "requestBody" in _operation(operation_id)[2]


def ok_example(operation_id: str) -> tuple[str, Any]:
    """The first named example of the operation's 200 answer."""
    _, _, op = _operation(operation_id)
    response, _ = resolve(op["responses"]["200"])
    name, example = next(iter(response["content"]["application/json"]["examples"].items()))
    return name, resolve(example)[0]["value"]


def error_examples(operation_id: str) -> Iterator[tuple[int, str, dict[str, Any], int | None]]:
    """(status, example name, Error example, Retry-After example) for each documented error example."""
    _, _, op = _operation(operation_id)
    for code, entry in op["responses"].items():
        if not code.startswith("4"):
            continue
        response, _ = resolve(entry)
        retry_after = response.get("headers", {}).get("Retry-After", {}).get("example")
        for name, example in response["content"]["application/json"]["examples"].items():
            yield int(code), name, resolve(example)[0]["value"], retry_after


def error_example(name: str) -> tuple[int, dict[str, Any]]:
    for operation_id in operation_ids():
        for code, example_name, value, _ in error_examples(operation_id):
            if example_name == name:
                return code, value
    raise LookupError(name)


def expected_class(schema_name: str) -> tuple[bool, Any]:
    """(is it a list, the model class of the object or of the list's rows) for a component schema."""
    schema = get_at(f"/components/schemas/{schema_name}")
    if schema.get("type") == "array":
        return True, model_class(schema["items"]["$ref"].rsplit("/", 1)[1])
    return False, model_class(schema_name)


def assert_report_model(report_type: str, report: Any) -> None:
    is_list, cls = expected_class(response_schema_name(report_type))
    if is_list:
        assert isinstance(report, list)
        assert all(type(row) is cls for row in report)
    else:
        assert type(report) is cls


def call(client: AuthenticatedClient, operation_id: str) -> Any:
    """The operation through its generated module (sync_detailed), with valid arguments."""
    module = endpoint(operation_id)
    if has_body(operation_id):
        return module.sync_detailed(client=client, body=request_model(report_types()[0]))
    _, _, op = _operation(operation_id)
    params = {p["name"]: p.get("example", "x") for p in op.get("parameters", []) if p["in"] == "query"}
    return module.sync_detailed(client=client, **params)


# ------------------------------------------------------------------ Connexion mock
class Recorder:
    """Keeps the JSON body of every answer the client receives (an httpx response event hook)."""

    def __init__(self) -> None:
        self.bodies: list[Any] = []

    def __call__(self, response: httpx.Response) -> None:
        response.read()
        self.bodies.append(response.json())


@dataclass(frozen=True)
class Api:
    """Where the client reaches the Connexion mock: base URLs of the API's two servers, and the Prism
    proxies on the way (none on the direct route)."""

    v1: str  # https://api.lexer.io/v1
    public: str  # https://clients.lexer.io/api/public/v1 (getReportStatus only)
    proxies: tuple[PrismProcess, ...] = ()


MOCK, PROXY = "mock", "prism-proxy"
ROUTES = [MOCK, PROXY]


@contextlib.contextmanager
def proxied(mock_root: str) -> Iterator[Api]:
    """One validating Prism proxy per server of the mock at ``mock_root``."""
    with (
        running_prism_proxy(f"{mock_root}/v1") as main,
        running_prism_proxy(f"{mock_root}/api/public/v1") as public,
    ):
        yield Api(main.url, public.url, (main, public))


@pytest.fixture(scope="module", params=ROUTES)
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    if request.param == MOCK:
        root = request.getfixturevalue("mock_url")
        yield Api(f"{root}/v1", f"{root}/api/public/v1")
        return
    with run_cli("--rate-limit", "0", "--export-delay", "0") as mock, proxied(mock.url) as through_prism:
        yield through_prism


def assert_no_violations(proxies: tuple[PrismProcess, ...], marks: list[int]) -> None:
    for proxy, mark in zip(proxies, marks, strict=True):
        problems = proxy.problems(mark)
        assert not problems, "Prism proxy found violations of openapi.yaml:\n" + "\n".join(problems)


@pytest.fixture(autouse=True)
def prism_audit(request: pytest.FixtureRequest) -> Iterator[None]:
    """On the prism-proxy route: whatever a test sends through Prism, Prism finds nothing wrong."""
    if "api" not in request.fixturenames:
        yield
        return
    proxies = cast(Api, request.getfixturevalue("api")).proxies
    marks = [proxy.mark() for proxy in proxies]
    yield
    assert_no_violations(proxies, marks)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(api: Api, recorder: Recorder) -> Iterator[AuthenticatedClient]:
    hooks = {"event_hooks": {"response": [recorder]}}
    with make_client(TOKEN, base_url=api.v1, httpx_args=hooks) as opened:
        yield opened


@pytest.fixture(scope="module")
def nps_form(api: Api) -> int:
    """An NPS survey of the mock's account, found with listForms."""
    with make_client(TOKEN, base_url=api.v1) as client:
        forms = endpoint("listForms").sync(client=client)
    found: int = next(form.id for form in forms if form.nps and not form.archived)
    return found


Period = tuple[dt.datetime, dt.datetime]


def mock_request(report_type: str, nps_form: int, period: Period | None = None) -> Any:
    body = request_model(report_type)
    if hasattr(body, "form"):
        body.form = nps_form
    if period is not None:
        body.date_from, body.date_to = period
    return body


def _list_operations() -> list[str]:
    return [o for o in operation_ids() if not has_body(o) and not _operation(o)[2].get("parameters")]


@pytest.mark.parametrize("operation_id", _list_operations())
def test_mock_list_operation(client: AuthenticatedClient, recorder: Recorder, operation_id: str) -> None:
    items = endpoint(operation_id).sync(client=client)
    assert isinstance(items, list)
    assert items
    assert not documented_extras(items)
    # Users and forms carry date-times, which come back as datetime.isoformat() writes them.
    assert same_json(to_json(items), normalise_date_times(recorder.bodies[-1]))


@pytest.mark.parametrize("report_type", report_types())
def test_mock_report(
    client: AuthenticatedClient, recorder: Recorder, nps_form: int, report_type: str
) -> None:
    report = run_report(client, mock_request(report_type, nps_form))
    assert_report_model(report_type, report)
    assert not documented_extras(report)
    assert same_json(to_json(report), recorder.bodies[-1])


@pytest.mark.parametrize("report_type", report_types())
def test_mock_empty_period(
    client: AuthenticatedClient, recorder: Recorder, nps_form: int, report_type: str
) -> None:
    """A period before the account's history: empty arrays, zero series and counts, same models."""
    report = run_report(client, mock_request(report_type, nps_form, BEFORE_HISTORY))
    assert_report_model(report_type, report)
    assert not documented_extras(report)
    assert same_json(to_json(report), recorder.bodies[-1])
    if get_at(f"/components/schemas/{response_schema_name(report_type)}").get("type") == "array":
        assert report == [] or report_type == "nps_volume"  # NPS volume has one (zero) row per day


def _assert_csv(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows
    assert all(rows[0])
    assert all(len(row) == len(rows[0]) for row in rows)


def _export_types() -> list[str]:
    return [t for t in report_types() if response_schema_name(t) == "ExportJob"]


def test_mock_exports_poll_to_complete_and_download(
    api: Api, client: AuthenticatedClient, nps_form: int
) -> None:
    started = {t: run_report(client, mock_request(t, nps_form)) for t in _export_types()}
    assert len(started) == 3
    for job in started.values():
        assert isinstance(job, ExportJob)
        assert (job.status, job.url) == ("pending", None)
    with make_client(TOKEN, base_url=api.public) as public:
        for job in started.values():
            done = wait_for_export(client, job, interval=POLL_S, timeout=EXPORT_TIMEOUT_S)
            assert (done.status, done.token) == ("complete", job.token)
            assert done.url
            # The status call also answers on the server the documentation uses.
            assert get_report_status(public, job.token).to_dict() == done.to_dict()
            _assert_csv(download_export(done))


def test_mock_async_flow(api: Api, nps_form: int) -> None:
    async def flow() -> tuple[Any, bytes]:
        async with make_client(TOKEN, base_url=api.v1) as client:
            summary = await run_report_async(client, mock_request("summary", nps_form))
            job = await run_report_async(client, mock_request(_export_types()[0], nps_form))
            status = await get_report_status_async(client, job.token)
            assert status.token == job.token
            done = await wait_for_export_async(client, job, interval=POLL_S, timeout=EXPORT_TIMEOUT_S)
        return summary, await download_export_async(done)

    summary, data = asyncio.run(flow())
    assert_report_model("summary", summary)
    _assert_csv(data)


def _summary(start: dt.datetime, end: dt.datetime, type_: str = "summary") -> SummaryRequest:
    body = SummaryRequest(date_from=start, date_to=end)
    if type_ != "summary":
        # The model refuses another type (tests/client/test_requests.py); forced past its check, the
        # request shows what the API answers to a client that sends one anyway.
        object.__setattr__(body, "type_", type_)
    return body


Action = Callable[[AuthenticatedClient], Any]


def _error_case(api: Api, example_name: str) -> tuple[AuthenticatedClient, Action, Action]:
    """A client, a typed-layer call and the same generated-endpoint call that the mock answers with the
    documented error example ``example_name``."""
    v1 = api.v1
    now = dt.datetime.now(dt.UTC)
    bodies = {
        "dateRangeTooLong": _summary(
            dt.datetime(2016, 1, 1, tzinfo=dt.UTC), dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
        ),
        "futureStartDate": _summary(now + dt.timedelta(days=30), now + dt.timedelta(days=40)),
        "invalidType": _summary(*BEFORE_HISTORY, type_="no_such_report"),
    }
    client = make_client(TOKEN, base_url=v1)
    if example_name == "unauthorized":  # no Auth-Api-Token header at all
        client = AuthenticatedClient(base_url=v1, token=TOKEN, prefix="", auth_header_name="X-Not-The-Token")
    if example_name == "tokenNotMatching":
        client = make_client("not-a-known-token", base_url=v1)
    if example_name == "notFound":  # an unknown export token
        return (
            client,
            lambda c: get_report_status(c, "no-such-export"),
            lambda c: endpoint("getReportStatus").sync_detailed(client=c, token="no-such-export"),
        )
    body = bodies.get(example_name, _summary(*BEFORE_HISTORY))
    return (
        client,
        lambda c: run_report(c, body),
        lambda c: endpoint("runReport").sync_detailed(client=c, body=body),
    )


MOCK_ERRORS = [
    "dateRangeTooLong",
    "futureStartDate",
    "invalidType",
    "unauthorized",
    "tokenNotMatching",
    "notFound",
]


# Only a request that breaks openapi.yaml gets these; Prism's proxy refuses such requests itself
# (tests/contract/test_contract_prism_proxy.py), so they go straight to the mock only.
SPEC_BREAKING_REQUESTS = ["invalidType", "unauthorized"]


@pytest.mark.parametrize("example_name", [n for n in MOCK_ERRORS if n not in SPEC_BREAKING_REQUESTS])
def test_mock_documented_error(api: Api, example_name: str) -> None:
    assert_documented_error(api, example_name)


@pytest.mark.parametrize("example_name", SPEC_BREAKING_REQUESTS)
def test_mock_documented_error_of_spec_breaking_request(mock_url: str, example_name: str) -> None:
    assert_documented_error(Api(f"{mock_url}/v1", f"{mock_url}/api/public/v1"), example_name)


def assert_documented_error(api: Api, example_name: str) -> None:
    code, example = error_example(example_name)
    client, typed_call, generated_call = _error_case(api, example_name)
    with client:
        with pytest.raises(LexerApiError) as caught:
            typed_call(client)
        # The generated endpoint returns the same documented error as an Error value.
        response = generated_call(client)
    assert (caught.value.status_code, caught.value.error.error) == (code, example["error"])
    assert caught.value.error.message
    assert caught.value.retry_after is None
    assert response.status_code == code
    assert isinstance(response.parsed, Error)
    assert (response.parsed.error, response.parsed.message) == (example["error"], caught.value.error.message)


@contextlib.contextmanager
def route_to(route: str, mock_root: str) -> Iterator[Api]:
    if route == MOCK:
        yield Api(f"{mock_root}/v1", f"{mock_root}/api/public/v1")
    else:
        with proxied(mock_root) as through_prism:
            yield through_prism


@pytest.mark.parametrize("route", ROUTES)
def test_mock_rate_limit_raises_with_retry_after(route: str) -> None:
    code, example = error_example("rateLimited")
    token = "rate-limited-client-test"
    with (
        run_cli("--token", token, "--rate-limit", "2/300") as mock,
        route_to(route, mock.url) as limited,
        make_client(token, base_url=limited.v1) as client,
    ):
        marks = [proxy.mark() for proxy in limited.proxies]
        list_users = endpoint("listUsers")
        assert isinstance(list_users.sync(client=client), list)
        assert isinstance(list_users.sync(client=client), list)
        with pytest.raises(LexerApiError) as caught:
            run_report(client, _summary(*BEFORE_HISTORY))
        error = list_users.sync(client=client)
        assert_no_violations(limited.proxies, marks)
    assert (caught.value.status_code, caught.value.error.error) == (code, example["error"])
    assert caught.value.retry_after is not None
    assert 0 < caught.value.retry_after <= 300
    assert isinstance(error, Error)
    assert error.error == example["error"]


# ------------------------------------------------------------------ Prism
def prism_client(prism_url: str, prefer: str, recorder: Recorder | None = None) -> AuthenticatedClient:
    """A client of ``make prism`` (the documents' paths, under /v1) asking for one example (``example=NAME``)
    or status (``code=NNN``)."""
    hooks = {"event_hooks": {"response": [recorder]}} if recorder is not None else {}
    return make_client(TOKEN, base_url=f"{prism_url}/v1", headers={"Prefer": prefer}, httpx_args=hooks)


@pytest.mark.parametrize("report_type", report_types())
def test_prism_report_example(prism_url: str, recorder: Recorder, report_type: str) -> None:
    with prism_client(prism_url, f"example={report_type}", recorder) as client:
        report = run_report(client, request_model(report_type))
    assert_report_model(report_type, report)
    assert not documented_extras(report)
    assert same_json(to_json(report), recorder.bodies[-1])
    # Prism writes the spec's 1.0 as 1: equal as JSON numbers, so compared by value here.
    assert to_json(report) == report_example(report_type)


@pytest.mark.parametrize("operation_id", [o for o in operation_ids() if not has_body(o)])
def test_prism_operation_example(prism_url: str, recorder: Recorder, operation_id: str) -> None:
    name, example = ok_example(operation_id)
    with prism_client(prism_url, f"example={name}", recorder) as client:
        response = call(client, operation_id)
    assert response.status_code == 200
    assert not documented_extras(response.parsed)
    assert same_json(to_json(response.parsed), normalise_date_times(recorder.bodies[-1]))
    assert to_json(response.parsed) == normalise_date_times(example)


@pytest.mark.parametrize("state", ["pending", "complete"])
def test_prism_export_job_examples(prism_url: str, state: str) -> None:
    with prism_client(prism_url, f"example={state}") as client:
        job = get_report_status(client, "5f2b8c1e")
    assert job.status == state
    assert (job.url is None) == (state == "pending")


def _all_error_examples() -> list[tuple[str, int, str]]:
    return [(o, code, name) for o in operation_ids() for code, name, _, _ in error_examples(o)]


def _typed_call(operation_id: str) -> Action | None:
    if operation_id == "runReport":
        return lambda c: run_report(c, request_model(report_types()[0]))
    if operation_id == "getReportStatus":
        return lambda c: get_report_status(c, "5f2b8c1e")
    return None


@pytest.mark.parametrize(("operation_id", "code", "name"), _all_error_examples())
def test_prism_documented_error(prism_url: str, operation_id: str, code: int, name: str) -> None:
    _, _, example, retry_after = next(e for e in error_examples(operation_id) if e[:2] == (code, name))
    typed_call = _typed_call(operation_id)
    with prism_client(prism_url, f"code={code}, example={name}") as client:
        response = call(client, operation_id)
        assert response.status_code == code
        assert isinstance(response.parsed, Error)
        assert response.parsed.to_dict() == example
        if typed_call is not None:
            with pytest.raises(LexerApiError) as caught:
                typed_call(client)
            assert caught.value.status_code == code
            assert caught.value.error.to_dict() == example
            assert caught.value.retry_after == retry_after
