"""Schemathesis against the Connexion mock, in-process (ASGI): openapi.yaml and the mock held to each other.

- Every operation of openapi.yaml under ``/v1``, and getReportStatus again under ``/api/public/v1`` (its
  second server): Schemathesis' examples, coverage and fuzzing phases, positive and negative data, with
  all of its checks (status codes, content types, headers, response schemas, negative data rejected,
  positive data accepted, ignored auth, unsupported methods, ...) and the custom ones of
  tests/support/schemathesis_hooks.py. The fuzzing phase runs ``MAX_EXAMPLES`` cases per operation; the
  examples and coverage phases add theirs.
- The stateful test follows the spec's link (runReport's export job ``token`` -> getReportStatus).

The app: ``create_app`` with the rate limit off (Schemathesis sends thousands of requests), responses
validated by the mock itself too, exports complete at the first poll. Schemathesis sends the documented
token in ``Auth-Api-Token``; settings shared with the CLI run are in the repository's schemathesis.toml.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup

from mock_server.app import create_app
from tests.support import schemathesis_hooks
from tests.support.mock_helpers import TOKEN
from tests.support.spec_tools import REPO_ROOT, SPEC_PATH, operations

CONFIG = REPO_ROOT / "schemathesis.toml"
HEADERS = {schemathesis_hooks.TOKEN_HEADER: TOKEN}
MAX_EXAMPLES = 100  # fuzzing-phase cases per operation
STATEFUL_SCENARIOS = 60
STATEFUL_STEPS = 6

APP = create_app(rate_limit="0", validate_responses=True, export_delay=0)


CaseTest = Callable[[schemathesis.Case[Any]], None]


def load_schema(base_url: str) -> Any:
    """openapi.yaml itself (not the copy the app serves), sent to APP in-process under ``base_url``."""
    # One config object per schema: ``update`` changes it in place.
    loaded = schemathesis.openapi.from_path(SPEC_PATH, config=schemathesis.Config.from_path(CONFIG))
    loaded.config.update(base_url=base_url)
    loaded.app = APP
    return loaded


V1 = load_schema("http://testserver/v1")
# Only getReportStatus lives on the second server. Schemathesis 4.32 ORs ``include()`` with the include filter
# the config's [[operations]] block adds (which matches everything), so the others are excluded instead.
PUBLIC = load_schema("http://testserver/api/public/v1").exclude(
    operation_id=[op["operationId"] for _, _, op in operations() if op["operationId"] != "getReportStatus"]
)

# Cases run per (server, operation, phase), for the floor asserted at the end of the module.
CASES: Counter[tuple[str, str, str]] = Counter()


@pytest.fixture(scope="module", autouse=True)
def enough_cases() -> Iterator[None]:
    """After the module: every operation that ran got at least MAX_EXAMPLES generated cases."""
    yield
    per_operation: Counter[tuple[str, str]] = Counter()
    for (server, label, _), count in CASES.items():
        per_operation[(server, label)] += count
    short = {key: count for key, count in per_operation.items() if count < MAX_EXAMPLES}
    assert not short, f"operations with fewer than {MAX_EXAMPLES} cases: {short}"


def parametrize(schema: Any) -> Callable[[CaseTest], CaseTest]:
    """``schema.parametrize()``, typed."""
    return cast(Callable[[CaseTest], CaseTest], schema.parametrize())


def run_case(server: str, case: schemathesis.Case[Any]) -> None:
    assert case.meta is not None
    CASES[(server, case.operation.label, case.meta.phase.name.value)] += 1
    case.call_and_validate(headers=HEADERS)


def test_every_check_is_on() -> None:
    """No check is switched off for any operation (the config only widens runReport's accepted statuses)."""
    load_all_checks()
    names = set(CHECKS.get_all_names())
    assert {"positive_data_acceptance", "negative_data_rejection", "ignored_auth"} <= names
    assert {"documented_error_types", "report_request_rules"} <= names
    for _, _, op in operations():
        found = V1.find_operation_by_id(op["operationId"])
        config = V1.config.checks_config_for(operation=found, phase=None)
        disabled = [name for name in names if not config.get_by_name(name=name).enabled]
        assert not disabled, f"{op['operationId']}: {disabled}"


@parametrize(V1)
@settings(max_examples=MAX_EXAMPLES, deadline=None)
def test_v1(case: schemathesis.Case[Any]) -> None:
    run_case("v1", case)


@parametrize(PUBLIC)
@settings(max_examples=MAX_EXAMPLES, deadline=None)
def test_public_status(case: schemathesis.Case[Any]) -> None:
    run_case("api/public/v1", case)


# ------------------------------------------------------------------ stateful: the spec's links
LINKS: Counter[str] = Counter()


class Workflow(V1.as_state_machine()):  # type: ignore[misc]  # schemathesis builds the class at run time
    def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
        return {"headers": HEADERS}

    def after_call(self, response: schemathesis.Response, case: schemathesis.Case[Any]) -> None:
        super().after_call(response, case)
        op = case.operation.definition.raw["operationId"]
        LINKS[f"{op} {response.status_code}"] += 1
        if op == "getReportStatus" and response.status_code == 200:
            # Only a token taken from a runReport export job finds a job: the link was followed.
            LINKS["status of a started export"] += 1


def test_stateful_links() -> None:
    LINKS.clear()
    Workflow.run(
        settings=settings(max_examples=STATEFUL_SCENARIOS, stateful_step_count=STATEFUL_STEPS, deadline=None)
    )
    assert LINKS["runReport 200"] > 0, LINKS
    assert LINKS["status of a started export"] > 0, f"the link to getReportStatus was never followed: {LINKS}"


# ------------------------------------------------------------------ the custom checks can fail
def _wrong_server() -> Any:
    """A tiny app that breaks the rules the custom checks know: it refuses a one-day period as too long,
    and answers a request without a token with the wrong 401 type."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def run_report(request: Request) -> JSONResponse:
        return JSONResponse({"error": schemathesis_hooks.DATE_RANGE_TOO_LONG, "message": "No."}, 400)

    async def list_users(request: Request) -> JSONResponse:
        return JSONResponse({"error": schemathesis_hooks.TOKEN_NOT_MATCHING, "message": "No."}, 401)

    return Starlette(
        routes=[
            Route("/v1/activity/reports", run_report, methods=["POST"]),
            Route("/v1/users", list_users, methods=["GET"]),
        ]
    )


def test_custom_checks_catch_a_wrong_server() -> None:
    wrong = schemathesis.openapi.from_path(SPEC_PATH, config=schemathesis.Config.from_path(CONFIG))
    wrong.config.update(base_url="http://testserver/v1")
    wrong.app = _wrong_server()
    one_day = {"type": "summary", "date_from": "2018-04-01T00:00:00Z", "date_to": "2018-04-02T00:00:00Z"}
    case = wrong["/activity/reports"]["POST"].Case(body=cast(Any, one_day), media_type="application/json")
    with pytest.raises(FailureGroup, match="report_request_rules") as caught:
        case.call_and_validate(headers=HEADERS)
    assert "`date range is too long` for 1 day" in str(caught.value.exceptions[0])
    case = wrong["/users"]["GET"].Case()
    with pytest.raises(FailureGroup, match="documented_error_types") as caught:
        case.call_and_validate()  # no token at all
    assert "no Auth-Api-Token header was sent" in str(caught.value.exceptions[0])
