"""Table tests of the mock's small pure functions: time buckets, labels, statistics, query parsing,
the bounded cache, and the history's determinism (a day comes out the same whoever asks, in any order).

The HTTP-level tests (test_mock_reports and the others) hold whole answers to the spec; these pin the
arithmetic underneath, one input and one expected value per row, worked out by hand.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server import errors
from mock_server.app import MockApp
from mock_server.cache import BoundedCache
from mock_server.errors import ApiError
from mock_server.fixtures import DAY, Team
from mock_server.history import EMPTY_DAY, History
from mock_server.queries import MAX_KEY_ITEMS, Queries, Query, listed, one_year_later, parse_query
from mock_server.reports import _bucketed, bucket_starts, label, mean, median, ratio, spread, utc_iso
from mock_server.schemas import parse_datetime

HOUR = 3600
NOW = datetime(2026, 11, 1, tzinfo=UTC).timestamp()


def query(start: int, end: int, offset: int = 0, hourly: bool = False) -> Query:
    return Query("summary", start, end, offset, hourly, None, None, "all")


@pytest.fixture(scope="module")
def team(mock_app: MockApp) -> Team:
    return mock_app.mock.team


# ---------------------------------------------------------------------- time buckets
@pytest.mark.parametrize(
    ("start", "end", "offset", "step", "expected"),
    [
        # Two whole UTC days: one bucket per day.
        (0, 2 * DAY - 1, 0, DAY, [0, DAY]),
        # A period starting mid-day: its first bucket is the rest of that day.
        (5 * HOUR, 2 * DAY + 100, 0, DAY, [5 * HOUR, DAY, 2 * DAY]),
        # +10:00: local midnight is 14:00 UTC the day before.
        (DAY - 10 * HOUR, 3 * DAY - 10 * HOUR - 1, 10 * HOUR, DAY, [50400, 136800]),
        # -09:30: local midnight is 09:30 UTC.
        (40000, 200000, -34200, DAY, [40000, 120600]),
        # Hourly at +05:45: local hours start at a quarter past the UTC hour.
        (1000, 9000, 20700, HOUR, [1000, 4500, 8100]),
        # A boundary at the very last second opens a one-second bucket.
        (0, DAY, 0, DAY, [0, DAY]),
        # A one-second period is one bucket.
        (500, 500, 0, HOUR, [500]),
    ],
)
def test_bucket_starts(start: int, end: int, offset: int, step: int, expected: list[int]) -> None:
    assert bucket_starts(query(start, end, offset), step) == expected


@pytest.mark.parametrize(
    ("epoch", "offset", "expected"),
    [
        (0, 0, "1970-01-01 00:00"),
        (0, 10 * HOUR, "1970-01-01 10:00"),
        (0, -34200, "1969-12-31 14:30"),
        (DAY - 1, 60, "1970-01-02 00:00"),  # seconds are not shown
    ],
)
def test_label(epoch: int, offset: int, expected: str) -> None:
    assert label(epoch, offset) == expected


@pytest.mark.parametrize(
    ("epoch", "expected"), [(0, "1970-01-01T00:00:00+00:00"), (1700000000, "2023-11-14T22:13:20+00:00")]
)
def test_utc_iso(epoch: int, expected: str) -> None:
    assert utc_iso(epoch) == expected


def test_bucketed_puts_each_item_in_the_bucket_that_started_last() -> None:
    items = [(0, "a"), (9, "b"), (10, "c"), (25, "d")]
    assert _bucketed([0, 10, 20], items) == [["a", "b"], ["c"], ["d"]]


# ---------------------------------------------------------------------- statistics
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (0.0, 0.0, 0.0, 0.0)),
        ([5.0], (5.0, 5.0, 5.0, 5.0)),
        ([3.0, 1.0, 2.0], (1.0, 2.0, 3.0, 2.0)),
        ([4.0, 1.0, 3.0, 2.0], (1.0, 2.5, 4.0, 2.5)),
        # fsum([0.1] * 3) / 3 is 0.10000000000000002, above the maximum: the average is clamped.
        ([0.1, 0.1, 0.1], (0.1, 0.1, 0.1, 0.1)),
    ],
)
def test_spread(values: list[float], expected: tuple[float, float, float, float]) -> None:
    assert spread(iter(values)) == expected


@pytest.mark.parametrize(
    ("values", "expected"), [([], 0.0), ([1.0], 1.0), ([1.0, 2.0], 1.5), ([1.0, 2.0, 10.0], 2.0)]
)
def test_median(values: list[float], expected: float) -> None:
    assert median(values) == expected


@pytest.mark.parametrize(("numerator", "denominator", "expected"), [(1, 0, 0.0), (0, 0, 0.0), (1, 4, 0.25)])
def test_ratio(numerator: int, denominator: int, expected: float) -> None:
    assert ratio(numerator, denominator) == expected


@pytest.mark.parametrize(("values", "expected"), [([], 0.0), ([1.0, 2.0], 1.5), ([0.1] * 10, 0.1)])
def test_mean(values: list[float], expected: float) -> None:
    assert mean(values) == expected


# ---------------------------------------------------------------------- query parsing
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01T00:00:00Z", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-01t00:00:00.5z", datetime(2024, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)),
        ("2024-01-01T00:00:00", None),  # no offset
        ("2024-01-01 00:00:00Z", None),  # RFC 3339 wants the T
        ("2024-13-01T00:00:00Z", None),  # no 13th month
        ("20240101T000000Z", None),  # ISO 8601 basic format is not RFC 3339
    ],
)
def test_parse_datetime(text: str, expected: datetime | None) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2021, 3, 1), datetime(2022, 3, 1)),
        (datetime(2020, 2, 29), datetime(2021, 2, 28)),
    ],
)
def test_one_year_later(moment: datetime, expected: datetime) -> None:
    assert one_year_later(moment) == expected


@pytest.mark.parametrize(
    ("ids", "expected"),
    [([1, 2], "1, 2"), (list(range(1, 13)), "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more")],
)
def test_listed(ids: list[int], expected: str) -> None:
    assert listed(ids) == expected


JAN_2024 = 1704067200  # 2024-01-01T00:00:00Z
DAY_ONE = {"date_from": "2024-01-01T00:00:00Z", "date_to": "2024-01-02T00:00:00Z"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"date_from": "2024-01-01T00:00:00Z", "date_to": "2024-01-31T23:59:59Z"},
            query(JAN_2024, JAN_2024 + 31 * DAY - 1),
        ),
        # Under 4 days: hourly; the offset is date_from's.
        (
            {"date_from": "2024-01-01T00:00:00+10:00", "date_to": "2024-01-04T23:59:59+10:00"},
            query(JAN_2024 - 10 * HOUR, JAN_2024 + 3 * DAY + 14 * HOUR - 1, 10 * HOUR, hourly=True),
        ),
        # Exactly 4 days: daily.
        (
            {"date_from": "2024-01-01T00:00:00Z", "date_to": "2024-01-05T00:00:00Z"},
            query(JAN_2024, JAN_2024 + 4 * DAY),
        ),
        # Fractional seconds: the period holds whole seconds inside the range.
        (
            {"date_from": "2024-01-01T00:00:00.5Z", "date_to": "2024-01-01T23:59:59.9Z"},
            query(JAN_2024 + 1, JAN_2024 + DAY - 1, hourly=True),
        ),
    ],
)
def test_parse_query(team: Team, fields: dict[str, Any], expected: Query) -> None:
    assert parse_query({"type": "summary", **fields}, team, NOW) == expected


@pytest.mark.parametrize(
    ("fields", "status", "error", "message"),
    [
        (
            {"date_from": "2024-01-02T00:00:00Z", "date_to": "2024-01-01T00:00:00Z"},
            404,
            errors.NOT_FOUND,
            "Malformed request: date_from is after date_to.",
        ),
        (
            {"date_from": "1969-12-31T23:59:59Z", "date_to": "1970-01-02T00:00:00Z"},
            404,
            errors.NOT_FOUND,
            "Malformed request: dates before 1970-01-01T00:00:00Z are not supported.",
        ),
        (
            {"date_from": "2026-11-01T00:00:01Z", "date_to": "2026-11-02T00:00:00Z"},
            400,
            errors.FUTURE_START_DATE,
            "Starting date must be in the past.",
        ),
        (
            {"date_from": "2020-02-29T00:00:00Z", "date_to": "2021-02-28T00:00:01Z"},
            400,
            errors.DATE_RANGE_TOO_LONG,
            "Your date range must not be greater than 12 months.",
        ),
        (
            {**DAY_ONE, "users": list(range(1, 13))},
            404,
            errors.NOT_FOUND,
            "Malformed request: unknown user id(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more.",
        ),
        (
            {**DAY_ONE, "groups": [9]},
            404,
            errors.NOT_FOUND,
            "Malformed request: unknown group id(s) 9.",
        ),
        (
            {**DAY_ONE, "form": 9},
            404,
            errors.NOT_FOUND,
            "Malformed request: there is no form 9.",
        ),
        (
            {**DAY_ONE, "form": 70},
            404,
            errors.NOT_FOUND,
            "Malformed request: form 70 is not an NPS survey.",
        ),
    ],
)
def test_parse_query_errors(
    team: Team, fields: dict[str, Any], status: int, error: str, message: str
) -> None:
    with pytest.raises(ApiError) as raised:
        parse_query({"type": "summary", **fields}, team, NOW)
    assert (raised.value.status_code, raised.value.error, raised.value.message) == (status, error, message)


def test_parse_query_a_whole_year_is_allowed(team: Team) -> None:
    found = parse_query(
        {"type": "summary", "date_from": "2020-02-29T00:00:00Z", "date_to": "2021-02-28T00:00:00Z"}, team, NOW
    )
    assert found.end - found.start == 365 * DAY


def test_parse_query_users_and_groups_intersect(team: Team) -> None:
    # 12345 is in groups 123 and 456, 12346 in 123 only.
    body = {
        "type": "nps_summary",
        "date_from": "2024-01-01T00:00:00Z",
        "date_to": "2024-01-02T00:00:00Z",
        "users": [12345, 12346],
        "groups": [456],
        "form": 123,
    }
    found = parse_query(body, team, NOW)
    assert (found.users, found.form, found.category) == (frozenset({12345}), 123, "all")


def summary(date_from: str, date_to: str = "2024-03-31T23:59:59+00:00", **fields: Any) -> dict[str, Any]:
    return {"type": "summary", "date_from": date_from, "date_to": date_to, **fields}


@pytest.mark.parametrize(
    "body",
    [
        summary("2024-03-01T00:00:00+00:00"),
        summary("2024-03-01T00:00:00+10:00", users=[12345, 12346]),
        summary("2024-03-01t00:00:00z", groups=[456], nps_category="promoters"),
        {**summary("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"), "type": "nps_summary", "form": 123},
    ],
    ids=["plain", "offset and users", "lower case and groups", "nps form"],
)
def test_queries_answer_what_parse_query_does_first_time_and_after(team: Team, body: dict[str, Any]) -> None:
    queries = Queries(team)
    expected = parse_query(body, team, NOW)
    assert [queries.parse(body, NOW), queries.parse(dict(body), NOW)] == [expected, expected]
    assert len(queries) == 1


def test_queries_check_the_future_date_rule_again_on_every_use(team: Team) -> None:
    queries = Queries(team)
    body = summary("2024-03-01T00:00:00.5+00:00")
    start = datetime(2024, 3, 1, 0, 0, 0, 500000, tzinfo=UTC).timestamp()
    assert queries.parse(body, NOW) == parse_query(body, team, NOW)
    # Within the second date_from starts in, but after its instant: still in the past.
    assert queries.parse(body, start + 0.25).start == math.ceil(start)
    with pytest.raises(ApiError) as raised:  # the token's clock set back before it
        queries.parse(body, start - 1)
    assert (raised.value.status_code, raised.value.error) == (400, errors.FUTURE_START_DATE)
    assert queries.parse(body, NOW).start == math.ceil(start)


def test_queries_keep_neither_refused_bodies_nor_large_ones(team: Team) -> None:
    queries = Queries(team)
    with pytest.raises(ApiError):
        queries.parse(summary("2024-03-01T00:00:00Z", users=[1]), NOW)
    many = summary("2024-03-01T00:00:00Z", users=[12345] * (MAX_KEY_ITEMS + 1))
    assert queries.parse(many, NOW) == parse_query(many, team, NOW)
    long_date = summary("2024-03-01T00:00:00." + "0" * MAX_KEY_ITEMS + "+00:00")
    assert queries.parse(long_date, NOW) == parse_query(long_date, team, NOW)
    assert len(queries) == 0


# ---------------------------------------------------------------------- the bounded cache
def test_cache_bounded_by_count_drops_the_least_recently_used() -> None:
    cache: BoundedCache[str, int] = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache, len(cache)) == (True, False, True, 2)


def test_cache_bounded_by_weight_keeps_the_newest_even_when_it_alone_is_over() -> None:
    cache: BoundedCache[str, bytes] = BoundedCache(10, len)
    cache.put("a", b"12345")
    cache.put("b", b"12345")
    assert (len(cache), cache.weight) == (2, 10)
    cache.put("c", b"1")
    assert ("a" in cache, cache.weight) == (False, 6)
    cache.put("big", b"x" * 50)
    assert ("big" in cache, len(cache), cache.weight) == (True, 1, 50)
    cache.put("big", b"y")  # replacing a value replaces its weight
    assert cache.weight == 1


def test_cache_get_or_make_makes_once() -> None:
    made: list[int] = []
    cache: BoundedCache[int, int] = BoundedCache(4)

    def make(key: int) -> int:
        made.append(key)
        return key * 10

    assert [cache.get_or_make(k, make) for k in (1, 2, 1, 1, 2)] == [10, 20, 10, 10, 20]
    assert made == [1, 2]
    cache.clear()
    assert (len(cache), cache.weight, cache.get(1)) == (0, 0, None)


def test_cache_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        BoundedCache(0)


# ---------------------------------------------------------------------- the history
DAYS = [17900, 17901, 18262, 19000, 20000]  # local day numbers inside the fixture history


def test_history_days_are_the_same_whoever_asks_in_whatever_order(team: Team) -> None:
    first, second = History(team), History(team)
    forward = [first.day(day) for day in DAYS]
    backward = [second.day(day) for day in reversed(DAYS)][::-1]
    assert forward == backward
    assert all(day.messages for day in forward)


def test_history_nps_days_are_the_same_whoever_asks(team: Team) -> None:
    start = History(team).day_start(DAYS[0])
    first = History(team).submissions(123, start, start + 7 * DAY)
    second_history = History(team)
    second_history.messages(start, start + 7 * DAY)  # drawing messages first changes nothing
    assert second_history.submissions(123, start, start + 7 * DAY) == first
    assert first


def test_history_outside_the_model_is_empty(team: Team) -> None:
    history = History(team)
    assert history.day(team.model.first_day - 1) == EMPTY_DAY
    assert history.day(team.model.last_day + 1) == EMPTY_DAY


@pytest.mark.parametrize("day", DAYS)
def test_history_local_days_and_their_starts(team: Team, day: int) -> None:
    history = History(team)
    start = history.day_start(day)
    assert (history.local_day(start), history.local_day(start - 1), history.local_day(start + DAY - 1)) == (
        day,
        day - 1,
        day,
    )


def test_history_messages_are_split_at_any_second_without_loss(team: Team) -> None:
    history = History(team)
    start = history.day_start(DAYS[0])
    end = start + 2 * DAY - 1
    whole = history.messages(start, end)
    middle = start + DAY + 7 * HOUR + 123
    assert history.messages(start, middle - 1) + history.messages(middle, end) == whole
    assert [m.at for m in whole] == sorted(m.at for m in whole)
    assert all(start <= m.at <= end for m in whole)


def test_history_cases_closed_lie_in_the_period(team: Team) -> None:
    history = History(team)
    start = history.day_start(DAYS[3])
    closed = history.cases_closed(start, start + DAY - 1)
    assert closed
    assert all(start <= case.closed_at <= start + DAY - 1 for case in closed)
    assert all(case.closed_at >= case.opened_at and math.isfinite(case.resolution_time) for case in closed)
