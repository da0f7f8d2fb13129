"""Schemathesis checks for the rules of openapi.yaml that JSON Schema cannot state.

Loaded by tests/contract/test_contract_schemathesis.py (an import) and by the CLI run of
tests/contract/test_contract_cli.py (``SCHEMATHESIS_HOOKS=tests.support.schemathesis_hooks``, the
repository root on ``PYTHONPATH``).
Registering them with ``@schemathesis.check`` puts them in ``--checks all`` and in the pytest
integration's default check set, next to Schemathesis' own.

- ``documented_error_types``: a documented 4xx answer carries one of the ``error`` types the spec's named
  examples of that response give (``Error.error`` is a free string in the schema), and a 401 says why: no
  ``Auth-Api-Token`` header gives ``Unauthorized``, an unknown token ``Unauthorized - api token not
  matching``.
- ``report_request_rules``: runReport's 400s are justified by the request that got them (a known report type
  never gets ``invalid type``; ``date range is too long`` needs more than 365 days, the shortest 12
  months; ``starting date is a future date`` needs a start after the request was sent); a 200 answer fits
  the schema the request's type names in ``x-lexer-response`` (not only ``ReportResult``'s ``anyOf``)
  and was not given to a request that breaks those rules.

Every number and name comes from openapi.yaml through tests/support/spec_tools.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

import schemathesis

from tests.support.spec_tools import (
    errors,
    operations,
    report_types,
    resolve,
    response_schema_name,
)
from tests.support.strict_spec import strict_validator

TOKEN_HEADER = "Auth-Api-Token"
INVALID_TYPE = "Invalid report - invalid type"
DATE_RANGE_TOO_LONG = "Invalid report - date range is too long"
FUTURE_START_DATE = "Invalid report - starting date is a future date"
UNAUTHORIZED = "Unauthorized"
TOKEN_NOT_MATCHING = "Unauthorized - api token not matching"
# "At most 12 months": no 12 months are shorter than 365 days or longer than 366.
SHORTEST_YEAR = dt.timedelta(days=365)
LONGEST_YEAR = dt.timedelta(days=366)
# The check runs after the answer; the server decided "future" against its clock while the request was
# being served. A start up to this long before the check still counts as justified.
CLOCK_SLACK = dt.timedelta(hours=1)

_RFC3339 = re.compile(
    r"^(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d:\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$",
)


@cache
def documented_errors() -> dict[tuple[str, int], frozenset[str]]:
    """(operationId, status) -> the ``error`` values of that response's named examples."""
    found: dict[tuple[str, int], frozenset[str]] = {}
    for _, _, op in operations():
        for code, entry in op["responses"].items():
            if not code.startswith("4"):
                continue
            response, _ = resolve(entry)
            examples = response["content"]["application/json"]["examples"].values()
            found[(op["operationId"], int(code))] = frozenset(
                resolve(e)[0]["value"]["error"] for e in examples
            )
    return found


@cache
def known_types() -> frozenset[str]:
    return frozenset(report_types())


def operation_id(case: schemathesis.Case[Any]) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def parse_date_time(value: object) -> dt.datetime | None:
    """An RFC 3339 date-time with its offset, or None (fractions beyond microseconds are cut)."""
    if not isinstance(value, str):
        return None
    match = _RFC3339.match(value)
    if match is None:
        return None
    day, time, fraction, offset = match.groups()
    text = f"{day}T{time}{(fraction or '')[:7]}{'+00:00' if offset in 'Zz' else offset}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:  # month 13, second 60, ...
        return None


def json_body(response: schemathesis.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


@schemathesis.check
def documented_error_types(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    allowed = documented_errors().get((operation_id(case), response.status_code))
    if allowed is None:
        return None  # not a documented 4xx of this operation: status_code_conformance's business
    body = json_body(response)
    error = body.get("error") if isinstance(body, dict) else None
    assert error in allowed, (
        f"{response.status_code} answer with error {error!r}; openapi.yaml documents {sorted(allowed)}"
    )
    if response.status_code == 401:
        sent = response.request.headers.get(TOKEN_HEADER)
        if sent is None:
            assert error == UNAUTHORIZED, f"no {TOKEN_HEADER} header was sent, yet the 401 says {error!r}"
        elif sent:
            assert error == TOKEN_NOT_MATCHING, f"a token was sent ({sent!r}), yet the 401 says {error!r}"
    return None


def _period(body: dict[str, Any]) -> tuple[dt.datetime, dt.datetime] | None:
    start, end = parse_date_time(body.get("date_from")), parse_date_time(body.get("date_to"))
    if start is None or end is None:
        return None
    return start, end


@schemathesis.check
def report_request_rules(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> bool | None:
    if operation_id(case) != "runReport" or not isinstance(case.body, dict):
        return None
    body: dict[str, Any] = case.body
    report_type = body.get("type")
    known = isinstance(report_type, str) and report_type in known_types()
    period = _period(body)
    now = dt.datetime.now(dt.UTC)
    answer = json_body(response)

    if response.status_code == 400:
        error = answer.get("error") if isinstance(answer, dict) else None
        if error == INVALID_TYPE:
            assert isinstance(report_type, str), (
                f"`invalid type` for a `type` that is not a string: {report_type!r}"
            )
            assert not known, f"`invalid type` for the documented report type {report_type!r}"
        elif error == DATE_RANGE_TOO_LONG and period is not None:
            start, end = period
            assert end - start > SHORTEST_YEAR, (
                f"`date range is too long` for {end - start} ({start} .. {end})"
            )
        elif error == FUTURE_START_DATE and period is not None:
            assert period[0] > now - CLOCK_SLACK, (
                f"`starting date is a future date` for {period[0]} (now {now})"
            )
        return None

    if response.status_code == 200 and known:
        assert isinstance(report_type, str)
        schema_name = response_schema_name(report_type)
        problems = errors(strict_validator(schema_name), answer)
        assert not problems, f"a {report_type} answer does not fit {schema_name}: {problems[:5]}"
        if period is not None:
            start, end = period
            assert end - start <= LONGEST_YEAR, f"a {end - start} range ({start} .. {end}) was accepted"
            assert start <= now, f"a start in the future ({start}, now {now}) was accepted"
    return None
