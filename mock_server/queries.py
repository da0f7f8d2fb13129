"""Query parsing: a schema-valid report request reduced to what its answer depends on.

The body has passed its variant's schema (report_requests.py); what is left are the checks of
meaning the schema cannot express (dates in order and in the past, at most 12 months, ids that
exist, an NPS form) and the reduction to a :class:`Query`: epoch bounds, the UTC offset, the set of
users, the form and the category. A Query is all a report (or export) is computed from.

:class:`Queries` keeps the queries of the bodies it has accepted (a repeated report request is the
common case): only the future-date rule depends on the moment of asking, and it is checked again on
every use.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from mock_server.cache import BoundedCache
from mock_server.errors import DATE_RANGE_TOO_LONG, FUTURE_START_DATE, ApiError, bad_request, not_found
from mock_server.fixtures import Team

# Shorter periods than this get hourly points (States Volume: "less than 4 days").
HOURLY_BELOW = timedelta(days=4)
# Every year has at least this many days: a shorter period is within 12 months without a calendar.
SHORTEST_YEAR = timedelta(days=365)
# openapi.yaml's NpsCategory is an open string; these are its known values (its x-extensible-enum), the
# ones the mock answers. Any other is a malformed request.
KNOWN_NPS_CATEGORIES = ("all", "promoters", "passives", "detractors")


class Query(NamedTuple):  # a tuple: one is made per request, and it is the rendered answers' key
    """A validated report request, reduced to what its answer depends on."""

    type: str
    start: int  # first second of the period (epoch, inclusive)
    end: int  # last second of the period (epoch, inclusive)
    offset: int  # UTC offset of date_from, seconds: labels and day boundaries use it
    hourly: bool
    users: frozenset[int] | None  # None = everybody, including unassigned messages
    form: int | None
    category: str  # all / promoters / passives / detractors


def _in_the_future() -> ApiError:
    return bad_request(FUTURE_START_DATE, "Starting date must be in the past.")


def one_year_later(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def listed(ids: Sequence[Any], shown: int = 10) -> str:
    """The first few ids, for an error message that must not echo a whole request."""
    text = ", ".join(map(str, ids[:shown]))
    return f"{text} and {len(ids) - shown} more" if len(ids) > shown else text


def _moment(text: str) -> datetime | None:
    """A date-time the schema's ``date-time`` format has already accepted (RFC 3339 with offset)."""
    try:
        value = datetime.fromisoformat(text.upper())
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def parse_query(body: dict[str, Any], team: Team, now: float) -> Query:
    """Checks the meaning of a schema-valid body; raises the documented error otherwise."""
    return _checked(body, team, now)[0]


def _checked(body: dict[str, Any], team: Team, now: float) -> tuple[Query, float]:
    """The Query, and date_from as an instant (the future-date rule compares that, not the whole
    second a Query starts at)."""
    report_type = body["type"]
    date_from = _moment(body["date_from"])
    date_to = _moment(body["date_to"])
    if date_from is None or date_to is None:
        raise not_found("Malformed request: date_from and date_to must be date-times with a UTC offset.")
    if date_from > date_to:
        raise not_found("Malformed request: date_from is after date_to.")
    start = date_from.timestamp()
    if start < 0:
        raise not_found("Malformed request: dates before 1970-01-01T00:00:00Z are not supported.")
    if start > now:
        raise _in_the_future()
    span = date_to - date_from
    # date_from is in the past here, so a year later cannot overflow.
    if span > SHORTEST_YEAR and date_to > one_year_later(date_from):
        raise bad_request(DATE_RANGE_TOO_LONG, "Your date range must not be greater than 12 months.")
    offset_delta = date_from.utcoffset()
    offset = int(offset_delta.total_seconds()) if offset_delta is not None else 0

    users: set[int] | None = None
    if body.get("users"):
        unknown = sorted(set(body["users"]) - team.users_by_id.keys())
        if unknown:
            raise not_found(f"Malformed request: unknown user id(s) {listed(unknown)}.")
        users = set(body["users"])
    if body.get("groups"):
        unknown = sorted(set(body["groups"]) - team.groups_by_id.keys())
        if unknown:
            raise not_found(f"Malformed request: unknown group id(s) {listed(unknown)}.")
        members = team.members(body["groups"])
        # Both filters given: the users named who are also in the groups named.
        users = members if users is None else users & members

    form: int | None = None
    if "form" in body:
        form = body["form"]
        found = team.forms_by_id.get(form)
        if found is None:
            raise not_found(f"Malformed request: there is no form {form}.")
        if not found["nps"]:
            raise not_found(f"Malformed request: form {form} is not an NPS survey.")

    category = body.get("nps_category", "all")
    if category not in KNOWN_NPS_CATEGORIES:
        raise not_found(
            f"Malformed request: unknown nps_category; known values: {', '.join(KNOWN_NPS_CATEGORIES)}."
        )

    return Query(
        report_type,
        math.ceil(start),
        math.floor(date_to.timestamp()),
        offset,
        span < HOURLY_BELOW,
        frozenset(users) if users is not None else None,
        form,
        category,
    ), start


# Bodies naming more ids, or with longer date strings, are parsed every time: as keys they could each
# hold up to a whole request body.
MAX_KEY_ITEMS = 64
QUERIES_KEPT = 4096


class Queries:
    """:func:`parse_query` for one team, the accepted queries kept by the fields they are read from."""

    def __init__(self, team: Team, size: int = QUERIES_KEPT) -> None:
        self.team = team
        self._accepted: BoundedCache[tuple[Any, ...], tuple[Query, float]] = BoundedCache(size)

    def __len__(self) -> int:
        """How many accepted queries are kept."""
        return len(self._accepted)

    def parse(self, body: dict[str, Any], now: float) -> Query:
        users, groups = body.get("users"), body.get("groups")
        date_from, date_to = body["date_from"], body["date_to"]
        too_long = len(date_from) > MAX_KEY_ITEMS or len(date_to) > MAX_KEY_ITEMS
        if too_long or len(users or ()) + len(groups or ()) > MAX_KEY_ITEMS:
            return parse_query(body, self.team, now)
        key = (
            body["type"],
            date_from,
            date_to,
            tuple(users) if users else None,
            tuple(groups) if groups else None,
            body.get("form"),
            body.get("nps_category"),
        )
        found = self._accepted.get(key)
        if found is None:
            return self._accepted.put(key, _checked(body, self.team, now))[0]
        query, start = found
        if start > now:  # the clock of the token may have been set back (control API)
            raise _in_the_future()
        return query
