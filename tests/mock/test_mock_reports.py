"""The reports' arithmetic, checked over random periods, UTC offsets and filters (Hypothesis).

Every property here is one the documents' examples obey (``*_min`` = seconds / 60, fractions of the
row's own counts, ``all_states`` = sum of the states, NPS score = 100 * (P - D) / received, ...) or
one that ties two reports of the same period together; the expected time buckets are computed
independently with datetime arithmetic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mock_server.app import MockApp, create_app
from tests.support import spec_tools
from tests.support.mock_helpers import AUTH, REPORTS, body, show

FIRST_DAY = date(2016, 12, 1)  # a month before the fixture history starts: empty days count too
LAST_DAY = date(2026, 10, 31)  # starting dates must lie in the past
# Real-world offsets, including the odd ones (+05:45, +12:45, -09:30).
OFFSETS = [-600, -570, -480, -300, -180, 0, 60, 330, 345, 480, 570, 600, 660, 765, 780, 840]
HOURLY_BELOW = timedelta(days=4)
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILTER_SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def app() -> MockApp:
    # Response validation is covered by test_mock_operations; here it would only add time.
    return create_app(rate_limit="0")


@pytest.fixture(scope="module")
def client(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


class Period:
    def __init__(self, date_from: datetime, date_to: datetime) -> None:
        self.date_from = date_from
        self.date_to = date_to

    def strings(self) -> tuple[str, str]:
        def text(moment: datetime) -> str:
            out = moment.isoformat()
            return out.replace("+00:00", "Z") if moment.utcoffset() == timedelta(0) else out

        return text(self.date_from), text(self.date_to)

    def __repr__(self) -> str:
        return f"Period{self.strings()}"


LENGTHS = {
    # kind -> (unit, most units): a spread of period lengths Hypothesis would not reach by itself
    # (it favours small integers).
    "instant": (timedelta(0), 0),
    "hours": (timedelta(hours=1), 95),
    "days": (timedelta(days=1), 62),
    "months": (timedelta(days=30), 12),
}


@st.composite
def periods(draw: st.DrawFn, max_days: int = 365) -> Period:
    zone = timezone(timedelta(minutes=draw(st.sampled_from(OFFSETS))))
    year = draw(st.sampled_from(range(FIRST_DAY.year, LAST_DAY.year + 1)))
    day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    start = datetime.combine(min(max(day, FIRST_DAY), LAST_DAY), time(), zone)
    if draw(st.booleans()):
        start += timedelta(seconds=draw(st.integers(0, 86399)))
    unit, most = LENGTHS[draw(st.sampled_from(sorted(LENGTHS)))]
    length = unit * draw(st.integers(0, most)) + timedelta(seconds=draw(st.integers(0, 3599)))
    length = min(length, timedelta(days=max_days))
    end_zone = timezone(timedelta(minutes=draw(st.sampled_from(OFFSETS))))
    return Period(start, (start + length).astimezone(end_zone))


def post(client: TestClient, report_type: str, period: Period, **extra: Any) -> Any:
    response = client.post(REPORTS, headers=AUTH, json=body(report_type, *period.strings(), **extra))
    assert response.status_code == 200, f"{period}: {show(response)}"
    return response.json()


def day_end(moment: datetime) -> datetime:
    """The local midnight that ends the day of ``moment`` (in its own offset)."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def expected_labels(period: Period, step: timedelta) -> list[datetime]:
    """Starts of the periods: date_from (whole seconds), then every local hour/midnight."""
    start = period.date_from
    if start.microsecond:
        start = start.replace(microsecond=0) + timedelta(seconds=1)
    starts = [start]
    if step == timedelta(hours=1):
        boundary = start.replace(minute=0, second=0) + step
    else:
        boundary = start.replace(hour=0, minute=0, second=0) + step
    while boundary <= period.date_to:
        starts.append(boundary)
        boundary += step
    return starts


def label(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def step_of(period: Period) -> timedelta:
    return timedelta(hours=1) if period.date_to - period.date_from < HOURLY_BELOW else timedelta(days=1)


def assert_spread(row: dict[str, Any], prefix: str, context: object, with_median: bool = True) -> None:
    low, high, avg = row[f"min_{prefix}"], row[f"max_{prefix}"], row[f"avg_{prefix}"]
    assert low <= avg <= high, (prefix, row, context)
    if with_median:
        assert low <= row[f"median_{prefix}"] <= high, (prefix, row, context)
        assert row[f"median_{prefix}_min"] == row[f"median_{prefix}"] / 60, (prefix, row, context)
    assert row[f"avg_{prefix}_min"] == row[f"avg_{prefix}"] / 60, (prefix, row, context)


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def nps_score(metrics: dict[str, Any]) -> float:
    received = metrics["total_received"]
    return 100 * (metrics["total_promoters"] - metrics["total_detractors"]) / received if received else 0.0


def assert_nps(metrics: dict[str, Any], context: object) -> None:
    parts = metrics["total_promoters"] + metrics["total_passives"] + metrics["total_detractors"]
    assert metrics["total_received"] == parts, (metrics, context)
    assert metrics["total_received"] <= metrics["total_sent"], (metrics, context)
    assert metrics["nps_score"] == nps_score(metrics), (metrics, context)


# ---------------------------------------------------------------------- message reports
@SETTINGS
@given(period=periods())
def test_message_reports_agree(client: TestClient, app: MockApp, period: Period) -> None:
    model = app.mock.team.model
    states = spec_tools.load_spec()["components"]["schemas"]["UserStateCounts"]["required"][2:]
    closed_states = {s.name for s in model.states if s.closed}
    unassigned_states = {s.name for s in model.states if not s.assigned}

    summary = post(client, "summary", period)
    assert summary["total_responded_to"] <= summary["total_volume"], (summary, period)
    assert summary["broke_sla"] <= summary["total_responded_to"], (summary, period)
    assert summary["broke_action_sla"] <= summary["total_responded_to"], (summary, period)
    assert_spread(summary, "response_time", period)
    assert_spread(summary, "action_response_time", period)
    # The agent's handling time is part of the customer's wait, message by message.
    for stat in ("min", "median", "max", "avg"):
        assert summary[f"{stat}_action_response_time"] <= summary[f"{stat}_response_time"], (stat, summary)
    if summary["total_responded_to"] == 0:
        assert summary["max_response_time"] == summary["avg_response_time"] == 0.0, summary

    workflow = post(client, "workflow_states", period)
    volumes = {row["state"]: row["volume"] for row in workflow}
    assert len(volumes) == len(workflow), workflow
    assert set(volumes) <= set(states), workflow
    assert all(v > 0 for v in volumes.values()), workflow
    assert [row["volume"] for row in workflow] == sorted(volumes.values(), reverse=True), workflow
    assert sum(volumes.values()) == summary["total_volume"], (workflow, summary, period)

    step = step_of(period)
    labels = [label(moment) for moment in expected_labels(period, step)]
    series = post(client, "states_volume", period)
    assert list(series) == states, list(series)
    for state, points in series.items():
        assert [p["date_range"]["date_from"] for p in points] == labels, (state, period)
        assert {p["state"] for p in points} <= {state}, state
        assert sum(p["value"] for p in points) == volumes.get(state, 0), (state, period)

    response_times = post(client, "response_volume", period)["avg_response_time"]
    assert [p["date_range"]["date_from"] for p in response_times] == labels, period
    for point in response_times:
        value = point["value"]
        assert value == 0.0 or summary["min_response_time"] <= value <= summary["max_response_time"], point

    classifications = post(client, "classifications", period)
    names = app.mock.team.classification_names
    by_class: dict[int, list[dict[str, Any]]] = {}
    for row in classifications:
        by_class.setdefault(row["classification_id"], []).append(row)
        assert row["classification"] == names[row["classification_id"]], row
    for class_id, rows in by_class.items():
        totals = [row for row in rows if row["state"] == "all_states"]
        assert len(totals) == 1, rows
        per_state = [row for row in rows if row["state"] != "all_states"]
        assert totals[0]["volume"] == sum(row["volume"] for row in per_state), (class_id, rows)
        for row in per_state:
            assert row["state"] in states, row
            assert 0 < row["volume"] <= volumes.get(row["state"], 0), (row, volumes)

    team = post(client, "user_summary", period)
    users = {u["id"]: u for u in app.mock.team.users}
    for row in team:
        user = users[int(row["user_id"])]
        assert (row["first_name"], row["last_name"]) == (user["first_name"], user["last_name"]), row
        assert row["mentions_assigned"] >= row["responded_to"] >= row["responded_to_in_private"], row
        assert row["total_responded_to"] == row["responded_to"], row
        assert row["broke_sla"] <= row["responded_to"], row
        assert row["broke_action_sla"] <= row["responded_to"], row
        assert row["fraction_responded_to"] == ratio(row["responded_to"], row["mentions_assigned"]), row
        assert row["fraction_responded_to_in_private"] == ratio(
            row["responded_to_in_private"], row["responded_to"]
        ), row
        assert row["fraction_broke_sla"] == ratio(row["broke_sla"], row["responded_to"]), row
        assert row["fraction_broke_action_sla"] == ratio(row["broke_action_sla"], row["responded_to"]), row
        assert_spread(row, "response_time", period, with_median=False)
        assert_spread(row, "action_response_time", period, with_median=False)
    unassigned = sum(volumes.get(state, 0) for state in unassigned_states)
    assert sum(row["mentions_assigned"] for row in team) == summary["total_volume"] - unassigned, period
    for field in ("total_responded_to", "broke_sla", "broke_action_sla"):
        assert sum(row[field] for row in team) == summary[field], (field, period)
    responded = [row for row in team if row["responded_to"]]
    if responded:
        assert max(row["max_response_time"] for row in responded) == summary["max_response_time"], period
        assert min(row["min_response_time"] for row in responded) == summary["min_response_time"], period

    volume = post(client, "user_volume", period)
    assert {row["user_id"] for row in volume} == {int(row["user_id"]) for row in team}, period
    mentions = {int(row["user_id"]): row["mentions_assigned"] for row in team}
    state_totals: Counter[str] = Counter()
    for row in volume:
        counts = row["states"]
        assert list(counts) == ["all_states", "all_closed_states", *states], counts
        assert counts["all_states"] == sum(counts[s] for s in states), row
        assert counts["all_closed_states"] == sum(counts[s] for s in closed_states), row
        assert counts["closed"] <= counts["all_closed_states"] <= counts["all_states"], row
        assert counts["all_states"] == mentions[row["user_id"]], row
        assert users[row["user_id"]]["first_name"] == row["first_name"], row
        state_totals.update({s: counts[s] for s in states})
    for state in states:
        if state not in unassigned_states:
            assert state_totals[state] == volumes.get(state, 0), (state, period)


# ---------------------------------------------------------------------- case reports
@SETTINGS
@given(period=periods())
def test_case_reports_agree(client: TestClient, app: MockApp, period: Period) -> None:
    cases = post(client, "case_summary", period)
    if cases["total_cases"] == 0:
        assert all(value == 0 for value in cases.values()), cases
    else:
        assert 1 <= cases["agents_involved"] <= cases["agent_interactions"], cases
        # A case's first reply comes before its resolution, so averages and medians keep the order.
        assert cases["first_reply_time"] <= cases["resolution_time"], cases
        assert cases["median_first_reply_time"] <= cases["median_resolution_time"], cases
    rows = post(client, "case_classifications", period)
    assert [row["classification_id"] for row in rows] == sorted({row["classification_id"] for row in rows}), (
        rows
    )
    names = app.mock.team.classification_names
    for row in rows:
        assert 0 < row["volume"] <= cases["total_cases"], (row, cases)
        assert row["classification"] == names[row["classification_id"]], row
    # Case Volume has one point per day, whatever the period (the documents give it no hourly rule).
    points = post(client, "case_volume", period)["open"]
    labels = [label(moment) for moment in expected_labels(period, timedelta(days=1))]
    assert [p["date_range"]["date_from"] for p in points] == labels, period
    assert all(p["value"] >= 0 for p in points), points


# ---------------------------------------------------------------------- NPS reports
@SETTINGS
@given(period=periods(), form=st.sampled_from([55, 123, 42]))
def test_nps_reports_agree(client: TestClient, period: Period, form: int) -> None:
    summary = post(client, "nps_summary", period, form=form)
    assert_nps(summary, period)
    days = post(client, "nps_volume", period, form=form)
    # Each row is labelled with the end of its day (the next local midnight), in UTC, as the documents'
    # example is.
    ends = [day_end(start) for start in expected_labels(period, timedelta(days=1))]
    assert [d["date"] for d in days] == [e.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00") for e in ends]
    for day in days:
        moment = datetime.fromisoformat(day["date"])
        assert day["timestamp"] == int(moment.timestamp()), day
        # The end of a day of the period: after its start, at most a day after its end.
        assert period.date_from < moment <= day_end(period.date_to.astimezone(period.date_from.tzinfo)), (
            day,
            period,
        )
        assert_nps(day["data"], day)
    for field in ("total_sent", "total_received", "total_promoters", "total_passives", "total_detractors"):
        assert sum(day["data"][field] for day in days) == summary[field], (field, period)
    for category in ("promoters", "passives", "detractors"):
        only = post(client, "nps_summary", period, form=form, nps_category=category)
        assert only["total_sent"] == summary["total_sent"], (category, only, summary)
        assert only["total_received"] == only[f"total_{category}"] == summary[f"total_{category}"], only
        assert_nps(only, category)


# ---------------------------------------------------------------------- filters
@FILTER_SETTINGS
@given(period=periods(max_days=62))
def test_user_filters_partition_the_team(client: TestClient, app: MockApp, period: Period) -> None:
    everyone = {int(row["user_id"]): row for row in post(client, "user_summary", period)}
    summary = post(client, "summary", period)
    nps = post(client, "nps_summary", period, form=123)
    cases = post(client, "case_summary", period)
    totals: Counter[str] = Counter()
    case_total = 0
    for user in app.mock.team.users:
        only = post(client, "user_summary", period, users=[user["id"]])
        assert only == ([everyone[user["id"]]] if user["id"] in everyone else []), (user["id"], period)
        single = post(client, "summary", period, users=[user["id"]])
        assert single["total_volume"] == (everyone[user["id"]]["mentions_assigned"] if only else 0), period
        totals.update({k: single[k] for k in ("total_responded_to", "broke_sla", "broke_action_sla")})
        totals.update(
            {"nps_sent": post(client, "nps_summary", period, form=123, users=[user["id"]])["total_sent"]}
        )
        user_cases = post(client, "case_summary", period, users=[user["id"]])["total_cases"]
        assert user_cases <= cases["total_cases"], period
        case_total += user_cases
    for key in ("total_responded_to", "broke_sla", "broke_action_sla"):
        assert totals[key] == summary[key], (key, period)
    assert totals["nps_sent"] == nps["total_sent"], period
    # A case with two agents counts for each of them.
    assert case_total >= cases["total_cases"], period


@FILTER_SETTINGS
@given(period=periods(max_days=62), group=st.sampled_from([123, 456, 789, 812]), data=st.data())
def test_group_filters_are_their_members(
    client: TestClient, app: MockApp, period: Period, group: int, data: st.DataObject
) -> None:
    members = sorted(app.mock.team.members([group]))
    for report_type in ("summary", "user_volume", "case_summary"):
        by_group = post(client, report_type, period, groups=[group])
        by_users = post(client, report_type, period, users=members)
        assert by_group == by_users, (report_type, group, period)
    rows = post(client, "user_volume", period, groups=[group])
    assert {row["user_id"] for row in rows} <= set(members), rows
    named = data.draw(
        st.lists(st.sampled_from([u["id"] for u in app.mock.team.users]), min_size=1, max_size=3)
    )
    both = post(client, "user_volume", period, users=named, groups=[group])
    assert {row["user_id"] for row in both} <= set(named) & set(members), (both, named, members)


# ---------------------------------------------------------------------- fixed cases
def test_documented_period_has_daily_points_labelled_in_its_offset(client: TestClient) -> None:
    period = Period(
        datetime.fromisoformat("2018-04-01T00:00:00+11:00"),
        datetime.fromisoformat("2018-04-30T23:59:59+11:00"),
    )
    closed = post(client, "states_volume", period)["closed"]
    assert [p["date_range"]["date_from"] for p in closed] == [f"2018-04-{d:02d} 00:00" for d in range(1, 31)]
    # The documents' NPS Volume example for this request: the first row is 2018-04-01T13:00:00+00:00.
    days = post(client, "nps_volume", period, form=55)
    assert days[0]["date"] == "2018-04-01T13:00:00+00:00", days[0]
    assert days[0]["timestamp"] == 1522587600, days[0]
    assert [d["date"] for d in days] == [f"2018-04-{d:02d}T13:00:00+00:00" for d in range(1, 31)]


@pytest.mark.parametrize(
    ("date_to", "hourly"),
    [("2018-04-04T23:59:59+11:00", True), ("2018-04-05T00:00:00+11:00", False)],
    ids=["4-days-less-a-second", "4-days"],
)
def test_hourly_below_four_days(client: TestClient, date_to: str, hourly: bool) -> None:
    period = Period(datetime.fromisoformat("2018-04-01T00:00:00+11:00"), datetime.fromisoformat(date_to))
    for points in (
        post(client, "response_volume", period)["avg_response_time"],
        post(client, "states_volume", period)["closed"],
    ):
        assert len(points) == (96 if hourly else 5), len(points)
        assert points[1]["date_range"]["date_from"] == ("2018-04-01 01:00" if hourly else "2018-04-02 00:00")
    # Case Volume stays daily.
    days = post(client, "case_volume", period)["open"]
    assert [p["date_range"]["date_from"] for p in days][:2] == ["2018-04-01 00:00", "2018-04-02 00:00"]
    assert len(days) == (4 if hourly else 5), len(days)


def test_a_fractional_start_rounds_up_inside_the_period(client: TestClient) -> None:
    period = Period(
        datetime.fromisoformat("2024-05-01T10:15:30.250+05:45"),
        datetime.fromisoformat("2024-05-01T13:00:00+05:45"),
    )
    points = post(client, "response_volume", period)["avg_response_time"]
    assert [p["date_range"]["date_from"] for p in points] == [
        "2024-05-01 10:15",
        "2024-05-01 11:00",
        "2024-05-01 12:00",
        "2024-05-01 13:00",
    ]
    days = post(client, "nps_volume", period, form=123)
    assert days[0]["timestamp"] == int(datetime.fromisoformat("2024-05-02T00:00:00+05:45").timestamp()), days[
        0
    ]


def test_same_request_same_answer_in_any_app(client: TestClient) -> None:
    requests = [
        body(t, "2025-02-01T00:00:00-03:00", "2025-03-15T12:00:00-03:00")
        for t in ("summary", "user_summary", "case_volume", "nps_volume")
    ]
    first = [client.post(REPORTS, headers=AUTH, json=r).content for r in requests]
    again = [client.post(REPORTS, headers=AUTH, json=r).content for r in requests]
    with TestClient(create_app()) as other:
        fresh = [other.post(REPORTS, headers=AUTH, json=r).content for r in reversed(requests)]
    assert first == again == list(reversed(fresh))


def test_empty_history_is_all_zeros(client: TestClient) -> None:
    period = Period(
        datetime.fromisoformat("2012-01-01T00:00:00Z"), datetime.fromisoformat("2012-03-01T00:00:00Z")
    )
    summary = post(client, "summary", period)
    assert all(value == 0 for value in summary.values()), summary
    assert post(client, "user_summary", period) == []
    assert post(client, "workflow_states", period) == []
    assert all(p["value"] == 0 for p in post(client, "states_volume", period)["closed"])
